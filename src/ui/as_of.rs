//! The "as of" date on the entity page: the world as recorded for that date. Relations
//! outside their dates are greyed (the view does that from the dates it has); renamed
//! organisations, the page's own and those its rows link to, take the name they had then,
//! read from the store once per date, page or page of rows, never per frame.

use super::app::LienketApp;
use std::collections::{BTreeSet, HashMap};

impl LienketApp {
    /// Sets the "as of" date from what is typed (kept as typed; a date that cannot be
    /// read shows everything).
    pub(super) fn set_as_of(&mut self, text: String) {
        self.data.as_of = crate::text::dates::read(&text)
            .ok()
            .filter(|d| d.bounds().is_some());
        self.data.as_of_text = text;
        self.read_names_then();
    }

    /// Reads the names of then for the entity shown and every entity its rows link to.
    pub(super) fn read_names_then(&mut self) {
        let day = self
            .data
            .as_of
            .as_ref()
            .and_then(|d| d.bounds())
            .map(|(_, last)| last);
        let ids: BTreeSet<_> = match (&self.data.entity, day) {
            (Some(view), Some(_)) => std::iter::once(view.entity.id)
                .chain(
                    view.groups
                        .iter()
                        .flat_map(|g| g.items.iter().filter_map(|r| r.other.id)),
                )
                .collect(),
            _ => BTreeSet::new(),
        };
        let mut names = HashMap::new();
        if let (Some(day), Some(store)) = (day, self.store()) {
            for id in ids {
                if let Ok(Some(name)) = store.name_on(id, day) {
                    names.insert(id, name);
                }
            }
        }
        self.data.names_then = names;
    }
}
