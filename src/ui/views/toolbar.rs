//! The toolbar: navigation, files, theme and language.

use super::ViewData;
use crate::i18n::{Lang, Tr};
use crate::ui::Action;
use crate::ui::commands::Command;
use egui::Ui;

fn command_button(
    ui: &mut Ui,
    actions: &mut Vec<Action>,
    tr: Tr,
    c: Command,
    icon: &str,
    enabled: bool,
) {
    let shortcut = c.shortcut_text(ui.ctx());
    let hover = if shortcut.is_empty() {
        tr.get(c.label_key()).to_owned()
    } else {
        format!("{} ({shortcut})", tr.get(c.label_key()))
    };
    let text = if icon.is_empty() {
        tr.get(c.label_key()).to_owned()
    } else {
        format!("{icon} {}", tr.get(c.label_key()))
    };
    if ui
        .add_enabled(enabled, egui::Button::new(text))
        .on_hover_text(hover)
        .clicked()
    {
        actions.push(Action::Run(c));
    }
}

/// The toolbar.
pub(super) fn toolbar_ui(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    ui.horizontal_wrapped(|ui| {
        let open = data.store_open;
        let (back, fwd) = (data.nav.can_go_back(), data.nav.can_go_forward());
        command_button(ui, actions, tr, Command::Back, "◀", open && back);
        command_button(ui, actions, tr, Command::Forward, "▶", open && fwd);
        command_button(ui, actions, tr, Command::Home, "⌂", open);
        ui.separator();
        command_button(ui, actions, tr, Command::OpenFile, "", true);
        ui.separator();
        {
            let dark = data.settings.dark;
            let theme_label = if dark {
                tr.get("theme_light")
            } else {
                tr.get("theme_dark")
            };
            if ui
                .button(theme_label)
                .on_hover_text(Command::ToggleTheme.shortcut_text(ui.ctx()))
                .clicked()
            {
                actions.push(Action::Run(Command::ToggleTheme));
            }
            let current = data.settings.lang;
            let label = ui.label(tr.get("language"));
            egui::ComboBox::from_id_salt("language")
                .selected_text(current.native_name())
                .show_ui(ui, |ui| {
                    for lang in Lang::ALL {
                        if ui
                            .selectable_label(lang == current, lang.native_name())
                            .clicked()
                        {
                            actions.push(Action::SetLang(lang));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
        }
    });
}
