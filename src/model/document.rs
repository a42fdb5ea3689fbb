//! A knowledge base as one document: the exchange format of `lienket export --format json`
//! and `import`, and the form the built-in knowledge base is written in. Rows name each
//! other by uid, never by the file's row ids, so a document moves between files. The
//! format is described for other programs by `docs/lienket-document.schema.json`.

use super::{Confidence, KindInfo, Predicate};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The version of the format this build writes and reads.
pub const FORMAT: u32 = 1;

/// A whole knowledge base, or a part of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Format version ([`FORMAT`]).
    pub format: u32,
    /// Kinds of entity.
    #[serde(default)]
    pub kinds: Vec<KindInfo>,
    /// Types of relation.
    #[serde(default)]
    pub predicates: Vec<Predicate>,
    /// Entities, each with its other names and its own citations.
    #[serde(default)]
    pub entities: Vec<DocEntity>,
    /// Relations, each with its citations.
    #[serde(default)]
    pub relations: Vec<DocRelation>,
    /// Pairs of entities someone said are not duplicates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_duplicates: Vec<DocPair>,
    /// Plausibility warnings dismissed for good.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed_warnings: Vec<DocDismissed>,
}

/// An entity.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocEntity {
    /// Stable identifier.
    pub uid: String,
    /// Kind name.
    pub kind: String,
    /// Vietnamese name.
    pub name: String,
    /// English name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Start date, as stored (`2015-12-30`, `~1990`, `<2001`, `1990..1995`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_start: Option<String>,
    /// End date, as stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<String>,
    /// Typed and free properties; `_private` lists those kept private.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub properties: Map<String, Value>,
    /// Kept out of exports and shared changes unless chosen.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
    /// Other names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<DocAlias>,
    /// Sources of the entity itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<DocCitation>,
}

/// Another name of an entity.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocAlias {
    /// Stable identifier.
    pub uid: String,
    /// The name.
    pub name: String,
}

/// A citation: a document entity (by uid) supporting an entity or a relation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocCitation {
    /// Stable identifier.
    pub uid: String,
    /// Uid of the document cited.
    pub source: String,
    /// Where in it ("đoạn 2", "tr. 14").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    /// A short quote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// How far the source can be trusted for the fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
}

/// A relation between two entities (by uid).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocRelation {
    /// Stable identifier.
    pub uid: String,
    /// Uid of the subject.
    pub subject: String,
    /// Predicate name.
    pub predicate: String,
    /// Uid of the object.
    pub object: String,
    /// Role ("Cục trưởng").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Start date, as stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_start: Option<String>,
    /// End date, as stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<String>,
    /// Note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<DocCitation>,
}

/// Two entities (by uid) said not to be duplicates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocPair {
    /// Stable identifier of the statement.
    pub uid: String,
    /// One entity's uid (the smaller).
    pub a: String,
    /// The other's.
    pub b: String,
}

/// A dismissed warning.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocDismissed {
    /// Stable identifier of the dismissal.
    pub uid: String,
    /// The warning's key (the check and the rows it is about).
    pub key: String,
}
