//! The entity page's unlinked mentions: the user's documents that name the entity
//! without a link to it, each with the sentence (the name marked) and a button that
//! links it.

use super::ViewData;
use super::widgets::entity_link;
use crate::ui::Action;
use egui::{RichText, Ui};

/// The section, when the entity shown has unlinked mentions.
pub(super) fn unlinked_section(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let Some((id, list)) = &data.unlinked else {
        return;
    };
    if list.is_empty() || data.current_entity() != Some(*id) {
        return;
    }
    let tr = data.tr();
    ui.add_space(10.0);
    ui.separator();
    ui.label(
        RichText::new(tr.get("unlinked_heading"))
            .strong()
            .size(16.0),
    );
    ui.label(RichText::new(tr.get("unlinked_hint")).weak());
    let marker = crate::ui::look::marker(ui.visuals().dark_mode);
    let strong = ui.visuals().strong_text_color();
    for (i, m) in list.iter().enumerate() {
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            entity_link(ui, "document", &m.title, Some(m.document), actions);
            ui.label(
                RichText::new(tr.fmt(
                    "unlinked_where",
                    &[
                        ("paragraph", &m.paragraph.to_string()),
                        ("count", &m.count.to_string()),
                    ],
                ))
                .weak(),
            );
            if !data.read_only
                && ui
                    .button(tr.get("unlinked_link"))
                    .on_hover_text(tr.fmt("unlinked_link_hover", &[("title", &m.title)]))
                    .clicked()
            {
                actions.push(Action::LinkMention(i));
            }
        });
        // The sentence, the name marked as on paper.
        let s = &m.sentence;
        let ok = s.is_char_boundary(m.span.start) && s.is_char_boundary(m.span.end);
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 0.0;
            if ok && m.span.end <= s.len() {
                ui.label(RichText::new(format!("“{}", s[..m.span.start].trim_start())).italics());
                ui.label(
                    RichText::new(&s[m.span.clone()])
                        .italics()
                        .background_color(marker)
                        .color(strong),
                );
                ui.label(RichText::new(format!("{}”", s[m.span.end..].trim_end())).italics());
            } else {
                ui.label(RichText::new(format!("“{}”", s.trim())).italics());
            }
        });
    }
}
