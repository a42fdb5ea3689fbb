//! Unlinked mentions on an entity's page: the user's documents that name the entity
//! without a link to it, read on the worker when the page opens (never per frame), and
//! linking one in one edit of the window's (`mentions`, citing the paragraph and the
//! sentence), undone by Ctrl+Z.

use super::app::LienketApp;
use super::worker::Job;
use crate::model::EntityId;

impl LienketApp {
    /// Asks the worker for the unlinked mentions of the entity shown (documents list
    /// none: they are what mentions).
    pub(super) fn read_unlinked(&mut self, id: EntityId, kind: &str) {
        self.data.unlinked = None;
        if kind != "document" {
            self.submit(Job::Unlinked(id));
        }
    }

    /// Links the document of unlinked mention `i` to the entity shown.
    pub(super) fn link_mention(&mut self, i: usize) {
        let tr = self.tr();
        let Some((entity, found)) = self
            .data
            .unlinked
            .as_ref()
            .and_then(|(id, list)| Some((*id, list.get(i)?.clone())))
        else {
            return;
        };
        if self.data.read_only || self.data.current_entity() != Some(entity) {
            return;
        }
        let Some(store) = self.store_mut() else {
            return;
        };
        let description = format!("link the mention in “{}” in the window", found.title);
        match crate::extract::unlinked::link(store, &description, &found, entity) {
            Ok(_) => {
                self.data.info = Some(tr.fmt("mention_linked", &[("title", &found.title)]));
                self.refresh_all();
            }
            Err(e) => self.data.status = Some(super::views::store_error_message(tr, &e)),
        }
    }
}
