//! The toolbar: navigation, files, theme and language.

use super::ViewData;
use crate::i18n::{Lang, Tr};
use crate::ui::Action;
use crate::ui::commands::Command;
use egui::{RichText, Ui};

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

/// The toolbar: back, forward, home; the open file; zoom, presentation mode, theme,
/// language.
pub(super) fn toolbar_ui(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    ui.horizontal_wrapped(|ui| {
        for (c, icon) in [
            (Command::Back, "◀"),
            (Command::Forward, "▶"),
            (Command::Home, "⌂"),
        ] {
            command_button(ui, actions, tr, c, icon, data.can_run(c));
        }
        ui.separator();
        if let Some(f) = &data.file {
            let name = f
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            ui.label(RichText::new(name).strong())
                .on_hover_text(f.path.display().to_string());
            if f.example.is_some() {
                ui.label(RichText::new(tr.get("example_badge")).weak());
            }
            if data.read_only {
                ui.label(
                    RichText::new(tr.get("read_only_badge")).color(ui.visuals().warn_fg_color),
                )
                .on_hover_text(tr.get("read_only_banner"));
            }
        }
        ui.separator();
        let zoom = format!("{:.0} %", data.zoom() * 100.0);
        ui.label(RichText::new(zoom).weak())
            .on_hover_text(tr.get("zoom_hint"));
        let presentation = if data.presentation {
            tr.get("leave_presentation")
        } else {
            tr.get("cmd_presentation")
        };
        if ui
            .selectable_label(data.presentation, presentation)
            .on_hover_text(Command::Presentation.shortcut_text(ui.ctx()))
            .clicked()
        {
            actions.push(Action::Run(Command::Presentation));
        }
        let theme_label = if data.settings.dark {
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
    });
}
