//! Editing entities from the window: the entity form (new or existing) with its fields
//! checked as they are saved and each message beside its field, and deleting with a
//! confirmation that says what goes with the entity. Every change is one edit of the
//! store's write path: validated, recorded, undoable.

use super::Page;
use super::app::LienketApp;
use crate::model::EntityId;
use crate::store::write::{EntityPatch, NewEntity};
use serde_json::{Map, Value};

/// A field of the entity form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// Vietnamese name.
    Name,
    /// English name.
    NameEn,
    /// Other names to add, one per line.
    NewAliases,
    /// Dates, as a span ("từ 2010 đến 2015", "khoảng 1990").
    Dates,
    /// Summary.
    Summary,
    /// Website.
    Website,
    /// Phone.
    Phone,
    /// E-mail.
    Email,
    /// Address.
    Address,
    /// A free note.
    Note,
}

impl Field {
    /// The typed properties, stored under these keys.
    pub const PROPERTIES: [(Field, &'static str); 5] = [
        (Field::Website, "website"),
        (Field::Phone, "phone"),
        (Field::Email, "email"),
        (Field::Address, "address"),
        (Field::Note, "note"),
    ];
}

/// The entity form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EntityForm {
    /// The entity edited; `None` for a new one.
    pub id: Option<EntityId>,
    /// Kind.
    pub kind: String,
    /// What each field holds, as typed.
    pub values: std::collections::HashMap<Field, String>,
    /// The other names it has.
    pub aliases: Vec<String>,
    /// Those of them to remove on saving.
    pub removed_aliases: std::collections::BTreeSet<String>,
    /// Kept off exports, shared changes and presentation mode.
    pub private: bool,
    /// Properties the form has no field for, kept as they are.
    pub other_properties: Map<String, Value>,
    /// Why a field was refused, beside it.
    pub errors: std::collections::HashMap<Field, String>,
    /// The typed properties marked private.
    pub private_fields: std::collections::HashSet<Field>,
    /// Those marked private when loaded.
    pub loaded_private: std::collections::HashSet<Field>,
    /// The values, kind and private flag as loaded: only what the user changed is
    /// written, so a change made meanwhile elsewhere to another field is kept.
    pub loaded: Option<(std::collections::HashMap<Field, String>, String, bool)>,
}

impl EntityForm {
    /// What a field holds.
    pub fn get(&self, f: Field) -> &str {
        self.values.get(&f).map_or("", String::as_str)
    }

    /// Whether closing the form now would lose something typed or chosen.
    pub fn unsaved(&self) -> bool {
        let typed = |f: &Field| !self.get(*f).trim().is_empty();
        match &self.loaded {
            None => {
                self.values.keys().any(typed) || self.private || !self.private_fields.is_empty()
            }
            Some((values, kind, private)) => {
                let loaded = |f: &Field| values.get(f).map_or("", String::as_str);
                self.values.keys().any(|f| self.get(*f) != loaded(f))
                    || values.keys().any(|f| self.get(*f) != loaded(f))
                    || self.kind != *kind
                    || self.private != *private
                    || self.private_fields != self.loaded_private
                    || !self.removed_aliases.is_empty()
            }
        }
    }
}

/// What deleting an entity takes with it, for the confirmation.
#[derive(Clone, Debug, PartialEq)]
pub struct DeleteConfirm {
    /// The entity.
    pub id: EntityId,
    /// Its name.
    pub name: String,
    /// Its relations, both directions.
    pub relations: i64,
    /// Its other names.
    pub aliases: usize,
    /// The citations that go with it: its own, its relations', those citing it.
    pub citations: usize,
}

impl LienketApp {
    /// Opens the form: empty for a new entity (of the listed kind, or an organisation), or
    /// filled from the store.
    pub(super) fn open_form(&mut self, id: Option<EntityId>) {
        if self.data.read_only || !self.data.store_open {
            self.data.status = Some(self.tr().get("read_only_no_edit").to_owned());
            return;
        }
        let mut form = EntityForm {
            kind: self
                .data
                .kind_filter
                .clone()
                .unwrap_or_else(|| "organisation".to_owned()),
            ..EntityForm::default()
        };
        if let Some(id) = id {
            let tr = self.tr();
            let Some(store) = self.store_mut() else {
                return;
            };
            let head = match store.detail_head(id) {
                Ok(h) => h,
                Err(e) => {
                    self.data.status = Some(super::views::store_error_message(tr, &e));
                    return;
                }
            };
            let e = head.entity;
            let dates =
                crate::text::dates::show_span(tr, e.date_start.as_deref(), e.date_end.as_deref());
            let mut values = std::collections::HashMap::new();
            values.insert(Field::Name, e.name);
            values.insert(Field::NameEn, e.name_en.unwrap_or_default());
            values.insert(Field::Summary, e.summary.unwrap_or_default());
            values.insert(Field::Dates, dates.unwrap_or_default());
            let mut other = e.properties;
            let private_keys: Vec<String> = other
                .remove(crate::model::PRIVATE_PROPERTIES)
                .and_then(|v| serde_json::from_value(v).ok())
                .unwrap_or_default();
            let private_fields: std::collections::HashSet<Field> = Field::PROPERTIES
                .into_iter()
                .filter(|(_, key)| private_keys.iter().any(|k| k == key))
                .map(|(f, _)| f)
                .collect();
            for (field, key) in Field::PROPERTIES {
                if let Some(v) = other.remove(key) {
                    values.insert(
                        field,
                        v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                    );
                }
            }
            form = EntityForm {
                loaded_private: private_fields.clone(),
                private_fields,
                loaded: Some((values.clone(), e.kind.clone(), e.private)),
                id: Some(id),
                kind: e.kind,
                values,
                aliases: head.aliases,
                removed_aliases: Default::default(),
                private: e.private,
                other_properties: other,
                errors: Default::default(),
            };
        }
        self.data.form = Some(form);
    }

    /// Checks the form and saves it as one edit; a refused field keeps the form open with
    /// its message beside it, and nothing is written.
    pub(super) fn save_form(&mut self) {
        let tr = self.tr();
        let Some(mut form) = self.data.form.take() else {
            return;
        };
        form.errors.clear();
        let name = form.get(Field::Name).trim().to_owned();
        if name.is_empty() {
            form.errors
                .insert(Field::Name, tr.get("field_required").to_owned());
        }
        let (start, end) = match crate::text::dates::read_span(form.get(Field::Dates)) {
            Ok((a, b)) => (a.map(|d| d.to_string()), b.map(|d| d.to_string())),
            Err(e) => {
                let key = match e {
                    crate::model::DateError::Impossible(_) => "date_impossible",
                    crate::model::DateError::Format(_) => "date_unreadable",
                };
                form.errors.insert(Field::Dates, tr.get(key).to_owned());
                (None, None)
            }
        };
        let mut properties = form.other_properties.clone();
        for (field, key) in Field::PROPERTIES {
            let v = form.get(field).trim().to_owned();
            if v.is_empty() {
                continue;
            }
            if let Some(problem) = crate::model::property::problem(key, &v) {
                form.errors.insert(field, tr.get(problem).to_owned());
            }
            properties.insert(key.to_owned(), Value::String(v));
        }
        let private_keys: Vec<Value> = Field::PROPERTIES
            .into_iter()
            .filter(|(f, _)| form.private_fields.contains(f))
            .map(|(_, key)| Value::String(key.to_owned()))
            .collect();
        if !private_keys.is_empty() {
            properties.insert(
                crate::model::PRIVATE_PROPERTIES.to_owned(),
                Value::Array(private_keys.clone()),
            );
        }
        // Only a change of which properties are private is written for an entity loaded.
        let privacy = (form.private_fields != form.loaded_private).then_some(private_keys);
        if !form.errors.is_empty() {
            self.data.form = Some(form);
            return;
        }
        let text = |f: Field| form.get(f).trim().to_owned();
        let new_aliases: Vec<String> = form
            .get(Field::NewAliases)
            .lines()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect();
        let id = form.id;
        let kind = form.kind.clone();
        let private = form.private;
        let removed_aliases = form.removed_aliases.clone();
        let loaded = form.loaded.clone();
        let typed = form.values.clone();
        let description = if id.is_some() {
            "edit entity in the window"
        } else {
            "add entity in the window"
        };
        let Some(store) = self.store_mut() else {
            self.data.form = Some(form);
            return;
        };
        let result = store.edit(description, |w| {
            let id = match id {
                Some(id) => {
                    let patch = changed_only(
                        w,
                        id,
                        &loaded,
                        &typed,
                        (&kind, private),
                        (&start, &end),
                        privacy.clone(),
                    )?;
                    if patch != EntityPatch::default() {
                        w.update_entity(id, &patch)?;
                    }
                    id
                }
                None => w.add_entity(&NewEntity {
                    uid: None,
                    kind: kind.clone(),
                    name: name.clone(),
                    name_en: Some(text(Field::NameEn)).filter(|s| !s.is_empty()),
                    summary: Some(text(Field::Summary)).filter(|s| !s.is_empty()),
                    date_start: start.clone(),
                    date_end: end.clone(),
                    properties: properties.clone(),
                    private,
                })?,
            };
            for a in &removed_aliases {
                w.remove_alias(id, a)?;
            }
            for a in &new_aliases {
                w.add_alias(id, a, None)?;
            }
            Ok(id)
        });
        match result {
            Ok(id) => {
                self.data.discard_asked = false;
                self.after_edit();
                if self.page() == Page::Entity(id) {
                    self.show_page();
                } else {
                    self.navigate(Page::Entity(id));
                }
            }
            Err(crate::store::StoreError::Rule(rule)) => {
                let field = match rule {
                    crate::store::validate::Rule::BadDate(_)
                    | crate::store::validate::Rule::ImpossibleDate(_)
                    | crate::store::validate::Rule::EndBeforeStart { .. } => Field::Dates,
                    crate::store::validate::Rule::DuplicateAlias(_) => Field::NewAliases,
                    _ => Field::Name,
                };
                form.errors.insert(field, rule.message(tr.0));
                self.data.form = Some(form);
            }
            Err(e) => {
                form.errors
                    .insert(Field::Name, super::views::store_error_message(tr, &e));
                self.data.form = Some(form);
            }
        }
    }

    /// Whether a form may close now: with changes unsaved, the first close asks whether to
    /// drop them, and a close while asking (Escape) goes back to editing.
    pub(super) fn may_close(&mut self, unsaved: bool) -> bool {
        if !unsaved {
            self.data.discard_asked = false;
            return true;
        }
        self.data.discard_asked = !self.data.discard_asked;
        false
    }

    /// Asks before deleting: what goes with the entity.
    pub(super) fn ask_delete(&mut self, id: EntityId) {
        if self.data.read_only {
            return;
        }
        let Some(store) = self.store_mut() else {
            return;
        };
        let (Ok(head), Ok((relations, aliases, citations))) =
            (store.detail_head(id), store.delete_impact(id))
        else {
            return;
        };
        self.data.confirm_delete = Some(DeleteConfirm {
            id,
            name: head.entity.name,
            relations,
            aliases: usize::try_from(aliases).unwrap_or(0),
            citations: usize::try_from(citations).unwrap_or(0),
        });
    }

    /// Deletes the entity the confirmation is about, as one undoable edit.
    pub(super) fn delete_confirmed(&mut self) {
        let tr = self.tr();
        let Some(c) = self.data.confirm_delete.take() else {
            return;
        };
        let Some(store) = self.store_mut() else {
            return;
        };
        match store.edit("delete entity in the window", |w| {
            w.delete_entity(c.id)?;
            Ok(())
        }) {
            Ok(()) => {
                self.data.info = Some(tr.fmt("deleted", &[("name", &c.name)]));
                self.after_edit();
                self.navigate(Page::Home);
            }
            Err(e) => self.data.status = Some(super::views::store_error_message(tr, &e)),
        }
    }

    /// After an edit: the list, kinds, home figures and search show the new state.
    pub(super) fn after_edit(&mut self) {
        if let Some(store) = self.store() {
            self.data.kinds = store.kinds().unwrap_or_default();
        }
        self.reload_list();
        self.submit(super::worker::Job::Home);
        self.run_search();
        if let Some(store) = self.store() {
            self.data_version = store.data_version().ok();
        }
    }
}

impl LienketApp {
    /// Opens the list of every plausibility warning not dismissed.
    pub(super) fn check_data(&mut self) {
        let tr = self.tr();
        let Some(store) = self.store_mut() else {
            return;
        };
        match store.warnings(None, 500) {
            Ok(w) => self.data.all_warnings = Some(w),
            Err(e) => self.data.status = Some(super::views::store_error_message(tr, &e)),
        }
    }

    /// Dismisses a warning for good, from the page and the list.
    pub(super) fn dismiss_warning(&mut self, key: &str) {
        let tr = self.tr();
        let Some(store) = self.store_mut() else {
            return;
        };
        if let Err(e) = store.edit("dismiss warning in the window", |w| w.dismiss_warning(key)) {
            self.data.status = Some(super::views::store_error_message(tr, &e));
            return;
        }
        self.data.warnings.retain(|w| w.key != key);
        if let Some(all) = &mut self.data.all_warnings {
            all.retain(|w| w.key != key);
        }
    }
}

/// The changes the user made to a loaded entity, as a patch: each field only when it
/// differs from what was loaded; the properties read afresh and only the typed ones that
/// changed replaced.
fn changed_only(
    w: &crate::store::Writer<'_>,
    id: EntityId,
    loaded: &Option<(std::collections::HashMap<Field, String>, String, bool)>,
    typed: &std::collections::HashMap<Field, String>,
    (kind, private): (&str, bool),
    dates: (&Option<String>, &Option<String>),
    privacy: Option<Vec<Value>>,
) -> crate::store::Result<EntityPatch> {
    let empty = (std::collections::HashMap::new(), String::new(), !private);
    let (before, loaded_kind, loaded_private) = loaded.as_ref().unwrap_or(&empty);
    let now = |f: Field| typed.get(&f).map_or("", String::as_str).trim().to_owned();
    let was = |f: Field| before.get(&f).map_or("", String::as_str).trim().to_owned();
    let changed = |f: Field| loaded.is_none() || now(f) != was(f);
    let mut patch = EntityPatch {
        name: changed(Field::Name).then(|| now(Field::Name)),
        kind: (kind != loaded_kind).then(|| kind.to_owned()),
        name_en: changed(Field::NameEn).then(|| now(Field::NameEn)),
        summary: changed(Field::Summary).then(|| now(Field::Summary)),
        private: (private != *loaded_private).then_some(private),
        ..EntityPatch::default()
    };
    if changed(Field::Dates) {
        patch.date_start = Some(dates.0.clone().unwrap_or_default());
        patch.date_end = Some(dates.1.clone().unwrap_or_default());
    }
    let props: Vec<(Field, &str)> = Field::PROPERTIES
        .into_iter()
        .filter(|(f, _)| changed(*f))
        .collect();
    if !props.is_empty() || privacy.is_some() {
        let mut current = w.entity_properties(id)?;
        for (f, key) in props {
            let v = now(f);
            if v.is_empty() {
                current.remove(key);
            } else {
                current.insert(key.to_owned(), Value::String(v));
            }
        }
        match privacy {
            Some(keys) if keys.is_empty() => {
                current.remove(crate::model::PRIVATE_PROPERTIES);
            }
            Some(keys) => {
                current.insert(
                    crate::model::PRIVATE_PROPERTIES.to_owned(),
                    Value::Array(keys),
                );
            }
            None => {}
        }
        patch.properties = Some(current);
    }
    Ok(patch)
}
