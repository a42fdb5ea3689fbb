//! History from the window: the edits of one entity, or of the whole file filtered by
//! author and date, each with what it changed (before → after) and "revert this edit"
//! (the store's revert, which refuses, naming them, when later edits changed the same
//! rows).

use super::app::LienketApp;
use crate::model::EntityId;
use crate::store::write::{Change, EditInfo, Op};
use serde_json::Value;

/// Edits listed at most.
pub const HISTORY_ROWS: usize = 300;

/// One edit as the history shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryRow {
    /// The edit.
    pub info: EditInfo,
    /// What it changed, one line per row ("tên: A → B").
    pub lines: Vec<String>,
}

/// The history dialog.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HistoryView {
    /// The entity whose edits are listed (`None`: every edit) and its name.
    pub entity: Option<(EntityId, String)>,
    /// The edits, newest first.
    pub rows: Vec<HistoryRow>,
    /// Only edits by authors whose name contains this.
    pub author: String,
    /// Only edits made from this date on, as typed.
    pub from: String,
    /// Only edits made up to this date, as typed.
    pub to: String,
    /// Why the last revert was refused.
    pub error: Option<String>,
    /// The rows that pass the filters, by index: worked out when the rows or the filters
    /// change, not per frame.
    pub shown: Vec<usize>,
}

impl HistoryView {
    /// Works out again which rows pass the filters.
    pub fn refilter(&mut self) {
        self.shown = (0..self.rows.len())
            .filter(|&i| self.shows(&self.rows[i].info))
            .collect();
    }

    /// Whether an edit passes the author and date filters.
    fn shows(&self, e: &EditInfo) -> bool {
        let author = crate::text::fold(self.author.trim());
        if !author.is_empty() && !crate::text::fold(&e.author).contains(&author) {
            return false;
        }
        let day = day_of(e.at);
        let bound = |t: &str| crate::text::dates::read(t).ok().and_then(|d| d.bounds());
        if let Some((lo, _)) = bound(&self.from)
            && day < lo
        {
            return false;
        }
        if let Some((_, hi)) = bound(&self.to)
            && day > hi
        {
            return false;
        }
        true
    }
}

/// The UTC day (yyyymmdd) of a moment in unix milliseconds.
fn day_of(ms: i64) -> u32 {
    let days = ms.div_euclid(86_400_000);
    let (y, m, d) = crate::model::civil_from_days(days);
    u32::try_from(y).unwrap_or(0) * 10_000 + m * 100 + d
}

impl LienketApp {
    /// Opens the history: of the entity shown, or of the whole file.
    pub(super) fn open_history(&mut self, entity: Option<EntityId>) {
        let tr = self.tr();
        let name = entity.and_then(|id| {
            self.data
                .entity
                .as_ref()
                .filter(|v| v.entity.id == id)
                .map(|v| v.entity.name.clone())
        });
        let Some(store) = self.store_mut() else {
            return;
        };
        let log = match store.log(entity, HISTORY_ROWS) {
            Ok(l) => l,
            Err(e) => {
                self.data.status = Some(super::views::store_error_message(tr, &e));
                return;
            }
        };
        let rows = log
            .into_iter()
            .map(|info| {
                let lines = store
                    .changes(info.id)
                    .map(|c| c.iter().map(|c| change_line(tr, c)).collect())
                    .unwrap_or_default();
                HistoryRow { info, lines }
            })
            .collect();
        let previous = self.data.history.take().unwrap_or_default();
        let mut view = HistoryView {
            entity: entity.map(|id| (id, name.unwrap_or_default())),
            rows,
            error: None,
            ..previous
        };
        view.refilter();
        self.data.history = Some(view);
    }

    /// Reverts one edit (an edit itself); refused, with the later edits named, when they
    /// changed the same rows.
    pub(super) fn revert_edit(&mut self, edit: i64) {
        let tr = self.tr();
        let entity = self
            .data
            .history
            .as_ref()
            .and_then(|h| h.entity.as_ref().map(|e| e.0));
        let Some(store) = self.store_mut() else {
            return;
        };
        match store.revert(edit) {
            Ok(_) => {
                self.data.info = Some(tr.fmt("reverted", &[("id", &edit.to_string())]));
                self.refresh_all();
                self.open_history(entity);
            }
            Err(e) => {
                let message = super::views::store_error_message(tr, &e);
                if let Some(h) = &mut self.data.history {
                    h.error = Some(message);
                }
            }
        }
    }
}

/// One changed row as a line: what happened to which row, and for an update, each field
/// before → after.
fn change_line(tr: crate::i18n::Tr, c: &Change) -> String {
    let what = tr.get(&format!("table_{}", c.table.name)).to_owned();
    let name = |i: &Option<crate::store::write::Image>| {
        i.as_ref()
            .and_then(|i| {
                i.get("name")
                    .or_else(|| i.get("role"))
                    .or_else(|| i.get("locator"))
            })
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    match c.op {
        Op::Insert => tr.fmt(
            "change_insert",
            &[
                ("what", &what),
                ("name", &name(&c.after).unwrap_or_default()),
            ],
        ),
        Op::Delete => tr.fmt(
            "change_delete",
            &[
                ("what", &what),
                ("name", &name(&c.before).unwrap_or_default()),
            ],
        ),
        Op::Update => {
            let (Some(before), Some(after)) = (&c.before, &c.after) else {
                return what;
            };
            let mut fields = Vec::new();
            for (k, v) in after {
                if matches!(k.as_str(), "updated_at" | "folded" | "id") {
                    continue;
                }
                let old = before.get(k);
                if old == Some(v) {
                    continue;
                }
                if k == "properties" {
                    property_changes(tr, old, v, &mut fields);
                } else {
                    let show = |v: Option<&Value>| shown(tr, k, v);
                    fields.push(format!(
                        "{}: {} → {}",
                        column_label(tr, k),
                        show(old),
                        show(Some(v))
                    ));
                }
            }
            tr.fmt(
                "change_update",
                &[("what", &what), ("fields", &fields.join("; "))],
            )
        }
        _ => tr.fmt("change_bulk", &[("what", &what)]),
    }
}

/// What a column is called in the window; a column without a name there keeps its own.
pub fn column_label<'a>(tr: crate::i18n::Tr, column: &'a str) -> std::borrow::Cow<'a, str> {
    let key = match column {
        "name" => "form_name",
        "name_en" => "form_name_en",
        "summary" => "form_summary",
        "note" => "form_note",
        "private" => "form_private",
        "kind" => "kind_filter",
        "date_start" => "history_date_start",
        "date_end" => "history_date_end",
        "role" => "relate_role",
        "locator" => "relate_locator",
        "quote" => "relate_quote",
        "confidence" => "relate_confidence",
        "properties" => "history_properties",
        _ => return column.into(),
    };
    tr.get(key).to_owned().into()
}

/// A value as the window shows it: dates as people write them, yes and no, "∅" for none.
fn shown(tr: crate::i18n::Tr, column: &str, v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) if column.starts_with("date_") => {
            crate::text::dates::show_stored(tr, s)
        }
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => tr.get(if *b { "yes" } else { "no" }).to_owned(),
        Some(Value::Number(n)) if column == "private" => tr
            .get(if n.as_i64() == Some(0) { "no" } else { "yes" })
            .to_owned(),
        Some(Value::Null) | None => "∅".to_owned(),
        Some(other) => other.to_string(),
    }
}

/// The properties changed, one part each ("Trang web: ∅ → https://…"). The properties are
/// stored as one JSON text.
fn property_changes(tr: crate::i18n::Tr, old: Option<&Value>, new: &Value, out: &mut Vec<String>) {
    let map = |v: Option<&Value>| -> serde_json::Map<String, Value> {
        match v {
            Some(Value::String(s)) => serde_json::from_str(s).unwrap_or_default(),
            Some(Value::Object(m)) => m.clone(),
            _ => serde_json::Map::new(),
        }
    };
    let (old, new) = (map(old), map(Some(new)));
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for k in keys {
        if old.get(k) == new.get(k) {
            continue;
        }
        let label = match k.as_str() {
            crate::model::PRIVATE_PROPERTIES => tr.get("history_private_properties").to_owned(),
            key => {
                let t = tr.get(&format!("prop_{key}")).to_owned();
                if t.starts_with("prop_") {
                    key.to_owned()
                } else {
                    t
                }
            }
        };
        let show = |v: Option<&Value>| shown(tr, k, v);
        out.push(format!(
            "{label}: {} → {}",
            show(old.get(k)),
            show(new.get(k))
        ));
    }
}
