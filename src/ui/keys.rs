//! The keyboard: every command's shortcut, the mouse's back and forward buttons, and
//! the list keys (↑/↓ choose a line, Enter opens it, Esc clears the search box) when no
//! text field takes them; in presentation mode, Esc leaves the mode.

use super::action::Action;
use super::app::LienketApp;
use super::commands::Command;

impl LienketApp {
    /// Reads the shortcuts of the frame, before any widget sees the keys.
    pub(super) fn read_shortcuts(&mut self, ctx: &egui::Context) {
        let mac = ctx.os() == egui::os::OperatingSystem::Mac;
        let mut fired = Vec::new();
        let mut composing = self.data.ime_composing;
        // Undo and redo belong to a text field while it has the keys, and to an input
        // method while it composes.
        let field_keys = ctx.egui_wants_keyboard_input() || self.data.ime_composing;
        // While a dialog is open only the palette's own keys act (it is a dialog too).
        let dialog = self.data.dialog_open();
        ctx.input_mut(|i| {
            for (c, s) in Command::consumption_order(mac) {
                let closes_palette = c == Command::Palette && self.data.palette.is_some();
                if c.edits() && field_keys || dialog && !closes_palette {
                    continue;
                }
                if i.consume_shortcut(&s) {
                    fired.push(c);
                }
            }
            if i.pointer.button_pressed(egui::PointerButton::Extra1) {
                fired.push(Command::Back);
            }
            if i.pointer.button_pressed(egui::PointerButton::Extra2) {
                fired.push(Command::Forward);
            }
            for e in &i.events {
                if let egui::Event::Ime(ime) = e {
                    composing =
                        matches!(ime, egui::ImeEvent::Preedit { text, .. } if !text.is_empty());
                }
            }
        });
        self.data.ime_composing = composing;
        for c in fired {
            self.act(Action::Run(c));
        }
        self.read_list_keys(ctx);
    }

    /// ↑/↓/Enter/Esc for the list, taken when the search box has the focus or nothing
    /// does (a text field other than the search box keeps its keys), and no dialog or
    /// palette is open.
    fn read_list_keys(&mut self, ctx: &egui::Context) {
        let d = &self.data;
        if d.dialog_open() || d.ime_composing {
            return;
        }
        if d.presentation {
            // The list is hidden: Esc leaves the mode, and nothing else is taken.
            if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
                self.act(Action::Run(Command::Presentation));
            }
            return;
        }
        let focused = ctx.memory(|m| m.focused());
        let search_focused = focused == Some(super::views::search_box_id());
        if focused.is_some() && !search_focused {
            return;
        }
        let none = egui::Modifiers::NONE;
        let (up, down, enter, esc) = ctx.input_mut(|i| {
            (
                i.consume_key(none, egui::Key::ArrowUp),
                i.consume_key(none, egui::Key::ArrowDown),
                i.consume_key(none, egui::Key::Enter),
                i.consume_key(none, egui::Key::Escape),
            )
        });
        if up {
            self.act(Action::Select(-1));
        }
        if down {
            self.act(Action::Select(1));
        }
        if enter {
            self.act(Action::OpenSelected);
        }
        if esc && !self.data.search_text.is_empty() {
            self.act(Action::Search(String::new()));
        }
    }
}
