//! Merging duplicates from the window: the list of possible duplicates (same name,
//! name that is another's alias, initials), "not a duplicate" remembered, and the merge
//! view — both side by side, a choice per field of which value is kept (the name chosen
//! decides which entity survives), what moves, then one undoable edit.

use super::app::LienketApp;
use crate::model::{Entity, EntityId};
use crate::store::write::EntityPatch;

/// Pairs listed at most.
pub const DUPLICATES_SHOWN: usize = 200;

/// A field the merge view offers a choice for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MergeField {
    /// The name (which entity survives).
    Name,
    /// English name.
    NameEn,
    /// Summary.
    Summary,
    /// Dates.
    Dates,
}

impl MergeField {
    /// Every field offered, in order.
    pub const ALL: [MergeField; 4] = [
        MergeField::Name,
        MergeField::NameEn,
        MergeField::Summary,
        MergeField::Dates,
    ];
}

/// One side of the merge view.
#[derive(Clone, Debug, PartialEq)]
pub struct MergeSide {
    /// The entity.
    pub entity: Entity,
    /// Its other names.
    pub aliases: Vec<String>,
    /// Its relations.
    pub relations: i64,
    /// Its own citations.
    pub citations: usize,
}

/// The merge view: two entities, and for each field whether the second's value is kept.
#[derive(Clone, Debug, PartialEq)]
pub struct MergeView {
    /// The two.
    pub sides: [MergeSide; 2],
    /// Per field, the side whose value is kept (0 or 1).
    pub chosen: std::collections::HashMap<MergeField, usize>,
    /// Why the merge was refused.
    pub error: Option<String>,
}

impl MergeView {
    /// The side kept for a field.
    pub fn side(&self, f: MergeField) -> usize {
        self.chosen.get(&f).copied().unwrap_or(0)
    }
}

impl LienketApp {
    /// Opens the list of possible duplicates.
    pub(super) fn open_duplicates(&mut self) {
        let tr = self.tr();
        let Some(store) = self.store_mut() else {
            return;
        };
        match store.possible_duplicates(DUPLICATES_SHOWN) {
            Ok(pairs) => self.data.duplicates = Some(pairs),
            Err(e) => self.data.status = Some(super::views::store_error_message(tr, &e)),
        }
    }

    /// Remembers that a pair is not a duplicate, and lists the others.
    pub(super) fn not_duplicate(&mut self, a: EntityId, b: EntityId) {
        let tr = self.tr();
        let Some(store) = self.store_mut() else {
            return;
        };
        if let Err(e) = store.edit("not a duplicate in the window", |w| {
            w.mark_not_duplicate(a, b)
        }) {
            self.data.status = Some(super::views::store_error_message(tr, &e));
        }
        self.open_duplicates();
    }

    /// Opens the merge view on two entities.
    pub(super) fn open_merge(&mut self, a: EntityId, b: EntityId) {
        let tr = self.tr();
        let Some(store) = self.store_mut() else {
            return;
        };
        let side = |id: EntityId| -> crate::store::Result<MergeSide> {
            let head = store.detail_head(id)?;
            Ok(MergeSide {
                relations: store.degree(id)?,
                citations: head.citations.len(),
                aliases: head.aliases,
                entity: head.entity,
            })
        };
        match (side(a), side(b)) {
            (Ok(x), Ok(y)) => {
                // By default nothing is lost: a field empty on the first side takes the
                // second's value.
                let empty = |e: &Entity, f: MergeField| match f {
                    MergeField::Name => false,
                    MergeField::NameEn => e.name_en.is_none(),
                    MergeField::Summary => e.summary.is_none(),
                    MergeField::Dates => e.date_start.is_none() && e.date_end.is_none(),
                };
                let chosen = MergeField::ALL
                    .into_iter()
                    .filter(|f| empty(&x.entity, *f) && !empty(&y.entity, *f))
                    .map(|f| (f, 1))
                    .collect();
                self.data.merge = Some(MergeView {
                    sides: [x, y],
                    chosen,
                    error: None,
                });
            }
            (Err(e), _) | (_, Err(e)) => {
                self.data.status = Some(super::views::store_error_message(tr, &e));
            }
        }
    }

    /// Merges as chosen: the side whose name was chosen survives; its fields take the
    /// values chosen; the other's name becomes an alias (keeping its uid), and its
    /// relations, aliases and citations move. One edit.
    pub(super) fn merge_chosen(&mut self) {
        let tr = self.tr();
        let Some(mut view) = self.data.merge.take() else {
            return;
        };
        let keep_side = view.side(MergeField::Name);
        let keep = view.sides[keep_side].entity.clone();
        let other = view.sides[1 - keep_side].entity.clone();
        let pick = |f: MergeField| -> &Entity {
            if view.side(f) == keep_side {
                &keep
            } else {
                &other
            }
        };
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let patch = EntityPatch {
            name_en: Some(text(&pick(MergeField::NameEn).name_en)),
            summary: Some(text(&pick(MergeField::Summary).summary)),
            date_start: Some(text(&pick(MergeField::Dates).date_start)),
            date_end: Some(text(&pick(MergeField::Dates).date_end)),
            ..EntityPatch::default()
        };
        let (keep_id, other_id) = (keep.id, other.id);
        let Some(store) = self.store_mut() else {
            return;
        };
        match store.edit("merge in the window", |w| {
            w.merge(keep_id, other_id, false)?;
            w.update_entity(keep_id, &patch)?;
            Ok(())
        }) {
            Ok(()) => {
                self.data.info = Some(tr.fmt("merged", &[("name", &keep.name)]));
                self.after_edit();
                self.navigate(super::Page::Entity(keep_id));
                if self.data.duplicates.is_some() {
                    self.open_duplicates();
                }
            }
            Err(e) => {
                view.error = Some(super::views::store_error_message(tr, &e));
                self.data.merge = Some(view);
            }
        }
    }
}
