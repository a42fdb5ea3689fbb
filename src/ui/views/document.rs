//! The "new document from text" page: the document's fields, its text (typed, pasted or
//! read from a file), then what the analysis found — the text with the known entities
//! it mentions marked (the entity on hover, a click opens it) and the names it proposes
//! underlined, the known entities listed, and the review of each proposed entity and
//! link with the paragraph and sentence it came from — and Create.

use super::ViewData;
use super::widgets::{entity_link, kind_badge, kind_label, labelled_line};
use crate::extract::ProposalKind;
use crate::i18n::Tr;
use crate::ui::Action;
use crate::ui::document::{Analysis, DocField, DocumentEdit, DocumentPage, Piece};
use egui::{RichText, Ui};

fn push(actions: &mut Vec<Action>, edit: DocumentEdit) {
    actions.push(Action::Document(edit));
}

/// A text field's buffer that borrows the text shown and copies it only when it is
/// edited, so a long text is not copied every frame.
struct Edited<'a> {
    shown: &'a str,
    edited: Option<String>,
}

impl egui::TextBuffer for Edited<'_> {
    fn is_mutable(&self) -> bool {
        true
    }

    fn as_str(&self) -> &str {
        self.edited.as_deref().unwrap_or(self.shown)
    }

    fn insert_text(&mut self, text: &str, char_index: egui::text::CharIndex) -> usize {
        let shown = self.shown;
        self.edited
            .get_or_insert_with(|| shown.to_owned())
            .insert_text(text, char_index)
    }

    fn delete_char_range(&mut self, char_range: std::ops::Range<egui::text::CharIndex>) {
        let shown = self.shown;
        self.edited
            .get_or_insert_with(|| shown.to_owned())
            .delete_char_range(char_range);
    }

    fn type_id(&self) -> std::any::TypeId {
        std::any::TypeId::of::<Edited<'static>>()
    }
}

/// The page.
pub(super) fn document_ui(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let Some(page) = &data.document else {
        return;
    };
    let tr = data.tr();
    egui::ScrollArea::vertical()
        .id_salt("document_page")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.heading(tr.get("document_heading"));
            ui.label(RichText::new(tr.get("document_intro")).weak());
            ui.add_space(6.0);
            fields(ui, tr, page, actions);
            ui.add_space(6.0);
            text_field(ui, tr, page, actions);
            ui.horizontal(|ui| {
                let button = ui.add_enabled(
                    !page.running && !page.text.trim().is_empty(),
                    egui::Button::new(tr.get("document_analyse")),
                );
                if button.clicked() {
                    push(actions, DocumentEdit::Analyse);
                }
                if page.running {
                    ui.spinner();
                }
                if ui.button(tr.get("document_clear")).clicked() {
                    push(actions, DocumentEdit::Clear);
                }
            });
            if let Some(m) = &page.message {
                ui.label(RichText::new(m).color(ui.visuals().error_fg_color));
            }
            if let Some(a) = &page.analysis {
                ui.separator();
                results(ui, data, page, a, actions);
            }
        });
}

/// A group frame as wide as the space left (its margins and stroke inside it).
fn boxed(ui: &mut Ui, content: impl FnOnce(&mut Ui)) {
    let frame = egui::Frame::group(ui.style());
    let inside = ui.available_width() - frame.total_margin().sum().x;
    frame.show(ui, |ui| {
        ui.set_width(inside.max(0.0));
        content(ui);
    });
}

/// Title, publisher, date, web address, and the file to read the text from.
fn fields(ui: &mut Ui, tr: Tr, page: &DocumentPage, actions: &mut Vec<Action>) {
    egui::Grid::new("document_fields")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            for (field, value, label, hint) in [
                (DocField::Title, &page.title, "document_title", ""),
                (
                    DocField::Publisher,
                    &page.publisher,
                    "document_publisher",
                    "",
                ),
                (
                    DocField::Date,
                    &page.date,
                    "document_date",
                    "document_date_hint",
                ),
                (DocField::Url, &page.url, "document_url", "https://"),
            ] {
                let hint = if hint.is_empty() || hint.starts_with("http") {
                    hint
                } else {
                    tr.get(hint)
                };
                let (_, changed) = labelled_line(ui, tr.get(label), value, hint, 480.0);
                if let Some(text) = changed {
                    push(actions, DocumentEdit::Field(field, text));
                }
                ui.end_row();
            }
            let (_, changed) = labelled_line(
                ui,
                tr.get("document_file"),
                &page.path,
                tr.get("document_file_hint"),
                480.0,
            );
            if let Some(text) = changed {
                push(actions, DocumentEdit::Field(DocField::Path, text));
            }
            ui.end_row();
            ui.label("");
            ui.horizontal(|ui| {
                if ui.button(tr.get("document_browse")).clicked() {
                    push(actions, DocumentEdit::Browse);
                }
                let read = ui.add_enabled(
                    !page.path.trim().is_empty(),
                    egui::Button::new(tr.get("document_read_file")),
                );
                if read.clicked() {
                    push(actions, DocumentEdit::ReadFile);
                }
            });
            ui.end_row();
        });
}

/// The text, pasted or typed.
fn text_field(ui: &mut Ui, tr: Tr, page: &DocumentPage, actions: &mut Vec<Action>) {
    let l = ui.label(RichText::new(tr.get("document_text")).strong());
    let mut buffer = Edited {
        shown: &page.text,
        edited: None,
    };
    ui.add(
        egui::TextEdit::multiline(&mut buffer)
            .hint_text(tr.get("document_text_hint"))
            .desired_rows(10)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id);
    if let Some(text) = buffer.edited {
        push(actions, DocumentEdit::Field(DocField::Text, text));
    }
}

/// What the analysis found, and Create.
fn results(
    ui: &mut Ui,
    data: &ViewData,
    page: &DocumentPage,
    a: &Analysis,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    if page.stale() {
        ui.label(RichText::new(tr.get("document_stale")).color(ui.visuals().warn_fg_color));
    }
    ui.label(RichText::new(tr.get("document_marked")).strong());
    ui.label(RichText::new(tr.get("document_marked_hint")).weak());
    boxed(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("document_marked")
            .max_height(320.0)
            .auto_shrink([false, true])
            .show(ui, |ui| marked_text(ui, data, a, actions));
    });
    ui.add_space(8.0);
    known_list(ui, data, a, actions);
    ui.add_space(8.0);
    proposals(ui, data, page, a, actions);
    ui.add_space(8.0);
    links(ui, data, page, a, actions);
    ui.add_space(10.0);
    let mut keep = !page.drop_text;
    if ui
        .checkbox(&mut keep, tr.get("document_keep_text"))
        .on_hover_text(tr.get("document_keep_text_hint"))
        .changed()
    {
        push(actions, DocumentEdit::KeepText(keep));
    }
    let (entities, links) = page.chosen();
    let n = |x: usize| crate::ui::format::number(tr, x);
    let create = ui.add_enabled(
        !page.stale() && !page.running,
        egui::Button::new(tr.fmt(
            "document_create",
            &[("entities", &n(entities)), ("links", &n(links))],
        )),
    );
    if create.clicked() {
        push(actions, DocumentEdit::Create);
    }
}

/// The analysed text, one paragraph a block: known entities on a marker (their names on
/// hover, a click opens the first), proposed names underlined.
fn marked_text(ui: &mut Ui, data: &ViewData, a: &Analysis, actions: &mut Vec<Action>) {
    let tr = data.tr();
    let lang = data.settings.lang;
    let marker = crate::ui::look::marker(ui.visuals().dark_mode);
    let strong = ui.visuals().strong_text_color();
    for (n, paragraph) in a.paragraphs.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 0.0;
            ui.label(RichText::new(format!("{} ", n + 1)).weak().small());
            for piece in paragraph {
                match piece {
                    Piece::Plain(r) => {
                        ui.label(&a.text[r.clone()]);
                    }
                    Piece::Known(r, known) => {
                        let text = RichText::new(&a.text[r.clone()])
                            .background_color(marker)
                            .color(strong);
                        let hover: Vec<String> = known
                            .iter()
                            .filter_map(|&k| a.known.get(k))
                            .map(|k| {
                                format!("{} · {}", k.name, kind_label(&data.kinds, lang, &k.kind))
                            })
                            .collect();
                        let r = ui
                            .add(egui::Label::new(text).sense(egui::Sense::click()))
                            .on_hover_text(hover.join("\n"));
                        if r.clicked()
                            && let Some(k) = known.first().and_then(|&k| a.known.get(k))
                        {
                            actions.push(Action::Open(k.id));
                        }
                    }
                    Piece::Proposed(r, _) => {
                        ui.label(RichText::new(&a.text[r.clone()]).underline())
                            .on_hover_text(tr.get("document_proposed_here"));
                    }
                }
            }
        });
        ui.add_space(4.0);
    }
}

/// A section's heading with its count ("`key`" with `n`), and the line saying it is empty
/// ("`key`_none") when it is; returns whether it is.
fn section_head(ui: &mut Ui, data: &ViewData, key: &str, n: usize) -> bool {
    let tr = data.tr();
    ui.label(RichText::new(tr.fmt(key, &[("n", &crate::ui::format::number(tr, n))])).strong());
    if n == 0 {
        ui.label(RichText::new(tr.get(&format!("{key}_none"))).weak());
    }
    n == 0
}

/// The known entities the text mentions, each a link, with how often.
fn known_list(ui: &mut Ui, data: &ViewData, a: &Analysis, actions: &mut Vec<Action>) {
    section_head(ui, data, "document_known", a.known.len());
    ui.horizontal_wrapped(|ui| {
        for k in &a.known {
            entity_link(ui, &k.kind, &k.name, Some(k.id), actions);
            if k.count > 1 {
                ui.label(RichText::new(format!("×{}", k.count)).weak());
            }
            ui.add_space(8.0);
        }
    });
}

/// Each proposed entity: accept it or not, its name (and a person's title) as it will be
/// created, and where it was found.
fn proposals(
    ui: &mut Ui,
    data: &ViewData,
    page: &DocumentPage,
    a: &Analysis,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let lang = data.settings.lang;
    let list = &a.extraction.proposals;
    if !section_head(ui, data, "document_proposals", list.len()) {
        ui.horizontal(|ui| {
            if ui.small_button(tr.get("document_accept_all")).clicked() {
                push(actions, DocumentEdit::AcceptAll(true));
            }
            if ui.small_button(tr.get("document_accept_none")).clicked() {
                push(actions, DocumentEdit::AcceptAll(false));
            }
        });
    }
    for (i, (p, r)) in list.iter().zip(&page.review).enumerate() {
        boxed(ui, |ui| {
            ui.horizontal(|ui| {
                let mut on = r.accepted;
                let label = tr.fmt("document_accept", &[("name", &p.name)]);
                if ui.checkbox(&mut on, label).changed() {
                    push(actions, DocumentEdit::Accept(i, on));
                }
                kind_badge(ui, &data.kinds, lang, p.kind.kind_name());
                ui.label(RichText::new(kind_label(&data.kinds, lang, p.kind.kind_name())).weak());
                if let Some(d) = p.date {
                    ui.label(RichText::new(crate::ui::format::date(tr, &d.to_string())).weak());
                }
            });
            if r.accepted {
                ui.horizontal(|ui| {
                    let person = p.kind == ProposalKind::Person;
                    // Room for the whole name; a person's title beside it.
                    let width = if person {
                        360.0
                    } else {
                        (ui.available_width() - 80.0).max(200.0)
                    };
                    let (_, changed) =
                        labelled_line(ui, tr.get("document_name"), &r.name, "", width);
                    if let Some(text) = changed {
                        push(actions, DocumentEdit::Name(i, text));
                    }
                    if person {
                        let (_, changed) =
                            labelled_line(ui, tr.get("document_role"), &r.role, "", 200.0);
                        if let Some(text) = changed {
                            push(actions, DocumentEdit::Role(i, text));
                        }
                    }
                });
            }
            source_line(ui, tr, p.paragraph, &p.sentence);
        });
    }
}

/// Where a proposal comes from: "đoạn 3: “…”".
fn source_line(ui: &mut Ui, tr: Tr, paragraph: usize, sentence: &str) {
    ui.label(
        RichText::new(tr.fmt(
            "document_source",
            &[
                ("paragraph", &paragraph.to_string()),
                ("sentence", sentence.trim()),
            ],
        ))
        .weak()
        .italics(),
    );
}

/// Each proposed link: accept it or not (possible once both ends are accepted or known).
fn links(
    ui: &mut Ui,
    data: &ViewData,
    page: &DocumentPage,
    a: &Analysis,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let list = &a.extraction.relations;
    if !section_head(ui, data, "document_links", list.len()) {
        ui.label(RichText::new(tr.get("document_links_hint")).weak());
    }
    for (i, r) in list.iter().enumerate() {
        let label = a
            .predicates
            .iter()
            .find(|p| p.name == r.predicate)
            .map_or(r.predicate, |p| match data.settings.lang {
                crate::i18n::Lang::Vi => p.label_vi.as_str(),
                crate::i18n::Lang::En => p.label_en.as_str(),
            });
        let mut text = format!(
            "{} → {} → {}",
            page.end_name(r.subject),
            label,
            page.end_name(r.object)
        );
        if let Some(role) = &r.role {
            text.push_str(&format!(" ({role})"));
        }
        let possible = page.link_possible(i);
        boxed(ui, |ui| {
            let mut on = page.links.get(i).copied().unwrap_or(false) && possible;
            let r2 = ui
                .add_enabled(possible, egui::Checkbox::new(&mut on, text))
                .on_disabled_hover_text(tr.get("document_link_needs_ends"));
            if r2.changed() {
                push(actions, DocumentEdit::Link(i, on));
            }
            source_line(ui, tr, r.paragraph, &r.sentence);
        });
    }
}
