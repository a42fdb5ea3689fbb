//! The user's own kinds and link types: a kind with its labels in both languages and a
//! colour; a link type with its label from each side (or one label, symmetric) in both
//! languages and the kinds each side accepts. Added as edits, undoable.

use super::app::LienketApp;
use crate::model::Predicate;

/// The form for a new kind.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KindForm {
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
    /// Its colour.
    pub colour: [u8; 3],
    /// Why it was refused.
    pub error: Option<String>,
}

/// The form for a new link type.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PredicateForm {
    /// Label from the subject's side, Vietnamese.
    pub label_vi: String,
    /// English.
    pub label_en: String,
    /// Label from the object's side, Vietnamese.
    pub inverse_vi: String,
    /// English.
    pub inverse_en: String,
    /// The same label both ways ("cộng tác với").
    pub symmetric: bool,
    /// Kinds the subject may be (empty: any).
    pub subject_kinds: Vec<String>,
    /// Kinds the object may be (empty: any).
    pub object_kinds: Vec<String>,
    /// Why it was refused.
    pub error: Option<String>,
}

/// A change to either form.
#[derive(Clone, Debug, PartialEq)]
pub enum VocabularyEdit {
    /// A text field of the form: 0–3 are label vi/en, inverse vi/en.
    Text(usize, String),
    /// The kind's colour.
    Colour([u8; 3]),
    /// Symmetric or not.
    Symmetric(bool),
    /// Toggle a kind on the subject's (true) or object's side.
    Side(bool, String),
}

/// A machine name from a label: folded words joined by `_` ("Quỹ từ thiện" → "quy_tu_thien").
pub fn machine_name(label: &str) -> String {
    crate::text::fold_words(label).join("_")
}

impl LienketApp {
    /// Applies a change to the open kind or link-type form.
    pub(super) fn edit_vocabulary(&mut self, change: VocabularyEdit) {
        if let Some(f) = &mut self.data.kind_form {
            match change {
                VocabularyEdit::Text(0, t) => f.label_vi = t,
                VocabularyEdit::Text(1, t) => f.label_en = t,
                VocabularyEdit::Colour(c) => f.colour = c,
                _ => {}
            }
            f.error = None;
            return;
        }
        let Some(f) = &mut self.data.predicate_form else {
            return;
        };
        f.error = None;
        match change {
            VocabularyEdit::Text(0, t) => f.label_vi = t,
            VocabularyEdit::Text(1, t) => f.label_en = t,
            VocabularyEdit::Text(2, t) => f.inverse_vi = t,
            VocabularyEdit::Text(3, t) => f.inverse_en = t,
            VocabularyEdit::Symmetric(on) => f.symmetric = on,
            VocabularyEdit::Side(subject, kind) => {
                let side = if subject {
                    &mut f.subject_kinds
                } else {
                    &mut f.object_kinds
                };
                match side.iter().position(|k| *k == kind) {
                    Some(i) => {
                        side.remove(i);
                    }
                    None => side.push(kind),
                }
            }
            _ => {}
        }
    }

    /// Adds the kind of the form.
    pub(super) fn save_kind(&mut self) {
        let tr = self.tr();
        let Some(mut f) = self.data.kind_form.take() else {
            return;
        };
        let (vi, en) = (f.label_vi.trim().to_owned(), f.label_en.trim().to_owned());
        let name = machine_name(if en.is_empty() { &vi } else { &en });
        if vi.is_empty() || name.is_empty() {
            f.error = Some(tr.get("vocabulary_needs_label").to_owned());
            self.data.kind_form = Some(f);
            return;
        }
        if self.data.kinds.iter().any(|k| k.name == name) {
            f.error = Some(tr.get("vocabulary_taken").to_owned());
            self.data.kind_form = Some(f);
            return;
        }
        let [r, g, b] = f.colour;
        let colour = format!("#{r:02x}{g:02x}{b:02x}");
        let en = if en.is_empty() { vi.clone() } else { en };
        let Some(store) = self.store_mut() else {
            return;
        };
        match store.edit("add kind in the window", |w| {
            w.add_kind_coloured(None, &name, &vi, &en, Some(&colour))?;
            Ok(())
        }) {
            Ok(()) => {
                self.data.info = Some(tr.fmt("kind_added", &[("name", &vi)]));
                self.after_edit();
            }
            Err(e) => {
                f.error = Some(super::views::store_error_message(tr, &e));
                self.data.kind_form = Some(f);
            }
        }
    }

    /// Adds the link type of the form.
    pub(super) fn save_predicate(&mut self) {
        let tr = self.tr();
        let Some(mut f) = self.data.predicate_form.take() else {
            return;
        };
        let t = |s: &str| s.trim().to_owned();
        let (vi, en) = (t(&f.label_vi), t(&f.label_en));
        let (mut inv_vi, mut inv_en) = (t(&f.inverse_vi), t(&f.inverse_en));
        if f.symmetric {
            inv_vi.clone_from(&vi);
            inv_en.clone_from(&en);
        }
        let name = machine_name(if en.is_empty() { &vi } else { &en });
        if vi.is_empty() || inv_vi.is_empty() || name.is_empty() {
            f.error = Some(tr.get("vocabulary_needs_label").to_owned());
            self.data.predicate_form = Some(f);
            return;
        }
        let or_vi = |e: String, v: &str| if e.is_empty() { v.to_owned() } else { e };
        let kinds = |k: &Vec<String>| (!k.is_empty()).then(|| k.clone());
        let (subject_kinds, object_kinds) = if f.symmetric {
            let both: Vec<String> = f
                .subject_kinds
                .iter()
                .chain(&f.object_kinds)
                .cloned()
                .collect();
            (kinds(&both), kinds(&both))
        } else {
            (kinds(&f.subject_kinds), kinds(&f.object_kinds))
        };
        let p = Predicate {
            name,
            uid: String::new(),
            label_en: or_vi(en, &vi),
            inverse_en: or_vi(inv_en, &inv_vi),
            label_vi: vi,
            inverse_vi: inv_vi,
            subject_kinds,
            object_kinds,
        };
        let Some(store) = self.store_mut() else {
            return;
        };
        if store
            .predicates()
            .is_ok_and(|ps| ps.iter().any(|x| x.name == p.name))
        {
            f.error = Some(tr.get("vocabulary_taken").to_owned());
            self.data.predicate_form = Some(f);
            return;
        }
        match store.edit("add link type in the window", |w| {
            w.add_predicate(&p)?;
            Ok(())
        }) {
            Ok(()) => {
                self.data.info = Some(tr.fmt("predicate_added", &[("name", &p.label_vi)]));
                self.after_edit();
            }
            Err(e) => {
                f.error = Some(super::views::store_error_message(tr, &e));
                self.data.predicate_form = Some(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::machine_name;

    #[test]
    fn machine_names_are_folded_words() {
        assert_eq!(machine_name("Quỹ từ thiện"), "quy_tu_thien");
        assert_eq!(machine_name("Đối tác của"), "doi_tac_cua");
        assert_eq!(machine_name("  "), "");
    }
}
