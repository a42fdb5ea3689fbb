//! The tables under change capture, their row images as JSON, and the kinds of change.

use super::Result;
use crate::store::StoreError;
use rusqlite::types::{Value as SqlValue, ValueRef};
use serde_json::{Map, Value};

/// A table under change capture: its name and columns. Every such table has a unique
/// `uid` column that identifies a row across copies of the database.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    /// Whether rows have an integer `id` that other tables reference.
    pub has_id: bool,
}

pub(in crate::store) const KIND: Table = Table {
    name: "kind",
    columns: &["name", "uid", "label_vi", "label_en", "colour"],
    has_id: false,
};
pub(in crate::store) const PREDICATE: Table = Table {
    name: "predicate",
    columns: &[
        "name",
        "uid",
        "label_vi",
        "label_en",
        "inverse_vi",
        "inverse_en",
        "subject_kinds",
        "object_kinds",
    ],
    has_id: false,
};
pub(in crate::store) const ENTITY: Table = Table {
    name: "entity",
    columns: &[
        "id",
        "uid",
        "kind",
        "name",
        "name_en",
        "folded",
        "summary",
        "date_start",
        "date_end",
        "properties",
        "private",
        "created_at",
        "updated_at",
    ],
    has_id: true,
};
pub(in crate::store) const ALIAS: Table = Table {
    name: "alias",
    columns: &["id", "uid", "entity_id", "name", "folded"],
    has_id: true,
};
pub(in crate::store) const RELATION: Table = Table {
    name: "relation",
    columns: &[
        "id",
        "uid",
        "subject_id",
        "predicate",
        "object_id",
        "role",
        "date_start",
        "date_end",
        "note",
        "created_at",
        "updated_at",
    ],
    has_id: true,
};
pub(in crate::store) const CITATION: Table = Table {
    name: "citation",
    columns: &[
        "id",
        "uid",
        "relation_id",
        "entity_id",
        "source_id",
        "locator",
        "quote",
        "confidence",
    ],
    has_id: true,
};

/// Pairs of entities (by uid, the smaller first) said to be different.
pub(in crate::store) const NOT_DUPLICATE: Table = Table {
    name: "not_duplicate",
    columns: &["uid", "uid_a", "uid_b"],
    has_id: false,
};
/// Plausibility warnings dismissed for good, by key.
pub(in crate::store) const DISMISSED_WARNING: Table = Table {
    name: "dismissed_warning",
    columns: &["uid", "key"],
    has_id: false,
};

/// Named choices of entities to export again (`migrations/0012`).
pub(in crate::store) const SAVED_SELECTION: Table = Table {
    name: "saved_selection",
    columns: &[
        "uid",
        "name",
        "entities",
        "depth",
        "created_at",
        "updated_at",
    ],
    has_id: false,
};

/// Named pictures of the network (`migrations/0013`).
pub(in crate::store) const SAVED_MAP: Table = Table {
    name: "saved_map",
    columns: &["uid", "name", "map", "created_at", "updated_at"],
    has_id: false,
};

/// The text of a user's own document (`migrations/0015`).
pub(in crate::store) const DOCUMENT_TEXT: Table = Table {
    name: "document_text",
    columns: &["uid", "entity_id", "text"],
    has_id: false,
};

/// Every captured table, in an order where referenced tables come first.
pub(in crate::store) const TABLES: &[&Table] = &[
    &KIND,
    &PREDICATE,
    &ENTITY,
    &ALIAS,
    &RELATION,
    &CITATION,
    &NOT_DUPLICATE,
    &DISMISSED_WARNING,
    &SAVED_SELECTION,
    &SAVED_MAP,
    &DOCUMENT_TEXT,
];

pub(in crate::store) fn table(name: &str) -> Result<&'static Table> {
    TABLES
        .iter()
        .copied()
        .find(|t| t.name == name)
        .ok_or_else(|| StoreError::Invalid(format!("unknown table {name}")))
}

/// A row image: column name → JSON value.
pub type Image = Map<String, Value>;

pub(in crate::store) fn to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

pub(in crate::store) fn from_sql(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(String::from_utf8_lossy(b).into_owned()),
    }
}
/// What a recorded change did to its row, or, for bulk changes, to an id range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// A row was inserted.
    Insert,
    /// A row was changed.
    Update,
    /// A row was deleted.
    Delete,
    /// Rows with ids in a range were inserted in bulk.
    BulkInsert,
    /// Rows inserted in bulk were moved to the shelf (undo of a bulk insertion).
    BulkDelete,
}

impl Op {
    /// The name stored in `change.op`.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Insert => "insert",
            Op::Update => "update",
            Op::Delete => "delete",
            Op::BulkInsert => "bulk_insert",
            Op::BulkDelete => "bulk_delete",
        }
    }

    /// Reads a stored `change.op`.
    pub fn parse(s: &str) -> Result<Op> {
        Ok(match s {
            "insert" => Op::Insert,
            "update" => Op::Update,
            "delete" => Op::Delete,
            "bulk_insert" => Op::BulkInsert,
            "bulk_delete" => Op::BulkDelete,
            other => return Err(StoreError::Invalid(format!("unknown change \"{other}\""))),
        })
    }

    /// Whether the change covers an id range rather than one row.
    pub fn is_bulk(self) -> bool {
        matches!(self, Op::BulkInsert | Op::BulkDelete)
    }
}
