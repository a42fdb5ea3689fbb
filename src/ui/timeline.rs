//! The timeline page's state and its handling: the items read on the worker, the entity it
//! was opened from (which offers "events linked to it" and "its dated relations"), and the
//! time window looked at. `views/timeline.rs` draws it.

use super::Page;
use super::app::LienketApp;
use super::worker::Job;
use crate::model::EntityId;
use crate::timeline::{Timeline, TimelineScope};

/// The time window looked at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeCamera {
    /// The day (since 1970-01-01) at the left edge.
    pub start: f64,
    /// Days per screen point.
    pub days_per_point: f64,
    /// Show every item, whatever the width (until the person pans or zooms).
    pub fit: bool,
}

impl Default for TimeCamera {
    fn default() -> Self {
        TimeCamera {
            start: 0.0,
            days_per_point: 1.0,
            fit: true,
        }
    }
}

/// The timeline page.
pub struct TimelineView {
    /// The items.
    pub timeline: Timeline,
    /// The entity it was opened from: its id, name and kind.
    pub subject: Option<(EntityId, String, String)>,
    /// The window looked at.
    pub camera: TimeCamera,
    /// What is typed to find an organisation or theme to filter by.
    pub filter_text: String,
    /// Organisations and themes found for it: id, name, kind.
    pub filter_hits: Vec<(EntityId, String, String)>,
}

/// A change asked for on the timeline page.
#[derive(Clone, Debug, PartialEq)]
pub enum TimelineEdit {
    /// Show another scope.
    Scope(TimelineScope),
    /// Look at this window.
    Camera(TimeCamera),
    /// Show every item again.
    Fit,
    /// Open this entity.
    Open(EntityId),
    /// What is typed to find an organisation or theme.
    FilterText(String),
    /// Show the events linked to this entity (id, name, kind).
    LinkedTo(EntityId, String, String),
}

impl LienketApp {
    /// The timeline command: the events linked to the organisation or theme shown, the
    /// dated relations of another entity shown, or every event.
    pub(super) fn show_timeline(&mut self) {
        if !self.data.store_open {
            return;
        }
        let subject = self.data.entity.as_ref().and_then(|v| {
            (self.data.current_entity() == Some(v.entity.id))
                .then(|| (v.entity.id, v.entity.name.clone(), v.entity.kind.clone()))
        });
        let scope = match &subject {
            Some((id, _, kind)) if kind == "organisation" || kind == "theme" => {
                TimelineScope::Events(Some(*id))
            }
            Some((_, _, kind)) if kind == "event" => TimelineScope::Events(None),
            Some((id, _, _)) => TimelineScope::Relations(*id),
            None => TimelineScope::Events(None),
        };
        self.data.timeline_subject = subject;
        self.submit(Job::Timeline(scope));
        self.navigate(Page::Timeline);
    }

    /// The items read.
    pub(super) fn receive_timeline(&mut self, timeline: Timeline) {
        let subject = self.data.timeline_subject.clone();
        self.data.timeline = Some(TimelineView {
            timeline,
            subject,
            camera: TimeCamera::default(),
            filter_text: String::new(),
            filter_hits: Vec::new(),
        });
    }

    /// The timeline page after Back or Forward: kept as it was, or every event.
    pub(super) fn show_timeline_page(&mut self) {
        if self.data.timeline.is_none() {
            self.submit(Job::Timeline(TimelineScope::Events(None)));
        }
    }

    pub(super) fn timeline_edit(&mut self, edit: TimelineEdit) {
        match edit {
            TimelineEdit::Scope(scope) => self.submit(Job::Timeline(scope)),
            TimelineEdit::Open(id) => self.navigate(Page::Entity(id)),
            TimelineEdit::Camera(c) => {
                if let Some(t) = &mut self.data.timeline {
                    t.camera = c;
                }
            }
            TimelineEdit::Fit => {
                if let Some(t) = &mut self.data.timeline {
                    t.camera.fit = true;
                }
            }
            TimelineEdit::FilterText(text) => {
                let mut hits = Vec::new();
                if let Some(store) = self.store()
                    && !text.trim().is_empty()
                {
                    for kind in ["organisation", "theme"] {
                        let found = store
                            .search(&crate::store::search::Query {
                                text: crate::text::nfc(&text),
                                kind: Some(kind.into()),
                                limit: 5,
                            })
                            .unwrap_or_default();
                        hits.extend(
                            found
                                .into_iter()
                                .filter_map(|h| Some((h.entity.id?, h.entity.name, h.entity.kind))),
                        );
                    }
                }
                if let Some(t) = &mut self.data.timeline {
                    t.filter_text = text;
                    t.filter_hits = hits;
                }
            }
            TimelineEdit::LinkedTo(id, name, kind) => {
                self.data.timeline_subject = Some((id, name, kind));
                self.submit(Job::Timeline(TimelineScope::Events(Some(id))));
            }
        }
    }
}
