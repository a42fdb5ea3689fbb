//! A saved map's content: what the picture shows, what it hides, where each node stands
//! (and which are pinned), and how it is looked at — entities named by uid, so the map
//! means the same in every copy of the file. Kept by the store as JSON
//! ([`crate::store::SavedMap`]).

use super::network::{Filter, Scope};
use crate::store::{Result, Store, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format written; a map of a newer format is refused.
pub const FORMAT: u32 = 1;

/// What a map shows, by uid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scope", rename_all = "snake_case")]
pub enum MapScope {
    /// An entity and what lies within `depth` links.
    Around {
        /// The entity's uid.
        entity: String,
        /// 1–3.
        depth: u8,
    },
    /// A theme and what is linked to it.
    Theme {
        /// The theme's uid.
        theme: String,
    },
    /// The whole base.
    Whole,
    /// The shortest paths between two entities.
    Between {
        /// Where the paths start (uid).
        from: String,
        /// Where they end (uid).
        to: String,
        /// Paths may not pass through documents.
        #[serde(default)]
        avoid_documents: bool,
        /// The paths one link longer too.
        #[serde(default)]
        longer: bool,
    },
}

/// A map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Map {
    /// [`FORMAT`].
    pub format: u32,
    /// What it shows.
    #[serde(flatten)]
    pub scope: MapScope,
    /// What it hides (the day of "in force" aside: see `current_only`).
    #[serde(default)]
    pub filter: Filter,
    /// Only relations in force on the day the map is looked at.
    #[serde(default)]
    pub current_only: bool,
    /// Where each node stands, by entity uid.
    #[serde(default)]
    pub positions: BTreeMap<String, [f32; 2]>,
    /// The nodes pinned, by entity uid.
    #[serde(default)]
    pub pinned: Vec<String>,
    /// The layout point at the middle of the picture.
    #[serde(default)]
    pub center: [f32; 2],
    /// Screen points per layout unit.
    pub zoom: f32,
    /// Keep every node in view rather than the camera saved.
    #[serde(default)]
    pub fit: bool,
    /// Drawn as a hierarchy.
    #[serde(default)]
    pub hierarchy: bool,
}

impl Map {
    /// The map as stored.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A stored map; one of a newer format or that cannot be read is refused.
    pub fn from_json(json: &str) -> Result<Map> {
        let map: Map = serde_json::from_str(json)
            .map_err(|e| StoreError::Invalid(format!("the map cannot be read: {e}")))?;
        if map.format > FORMAT {
            return Err(StoreError::Invalid(format!(
                "the map was saved by a newer version (format {})",
                map.format
            )));
        }
        Ok(map)
    }

    /// The scope in this file's ids; `NotFound` when its entity was deleted.
    pub fn scope_in(&self, store: &Store) -> Result<Scope> {
        let id = |uid: &str| -> Result<crate::model::EntityId> {
            store
                .entity_by_uid(uid)?
                .map(|e| e.id)
                .ok_or_else(|| StoreError::NotFound(format!("entity {uid}")))
        };
        Ok(match &self.scope {
            MapScope::Around { entity, depth } => Scope::Around(id(entity)?, (*depth).clamp(1, 3)),
            MapScope::Theme { theme } => Scope::Theme(id(theme)?),
            MapScope::Whole => Scope::Whole,
            MapScope::Between {
                from,
                to,
                avoid_documents,
                longer,
            } => Scope::Between {
                from: id(from)?,
                to: id(to)?,
                avoid_documents: *avoid_documents,
                longer: *longer,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_reads_back_as_written_to_the_last_bit() {
        let mut map = Map {
            format: FORMAT,
            scope: MapScope::Around {
                entity: "u1".into(),
                depth: 2,
            },
            filter: Filter::default(),
            current_only: true,
            positions: BTreeMap::from([
                ("u1".into(), [0.1 + 0.2, -1e-7]),
                ("u2".into(), [123_456.79, f32::MIN_POSITIVE]),
            ]),
            pinned: vec!["u2".into()],
            center: [3.3, -4.4],
            zoom: 0.333_333_34,
            fit: false,
            hierarchy: true,
        };
        map.filter.hidden_kinds.insert("document".into());
        map.filter.theme = Some("t".into());
        assert_eq!(Map::from_json(&map.to_json()).expect("read"), map);
    }

    #[test]
    fn a_newer_or_broken_map_is_refused() {
        let newer = r#"{"format": 2, "scope": "whole", "zoom": 1.0}"#;
        assert!(Map::from_json(newer).is_err());
        assert!(Map::from_json("{").is_err());
        let older = r#"{"format": 1, "scope": "whole", "zoom": 1.0}"#;
        assert_eq!(Map::from_json(older).expect("read").scope, MapScope::Whole);
    }
}
