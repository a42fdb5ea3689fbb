//! The command catalogue: every command with its label and shortcuts, used by the
//! toolbar, the key handler and the command palette alike.

use egui::{Key, KeyboardShortcut, Modifiers};

/// A command the user can run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    /// Previous page.
    Back,
    /// Next page.
    Forward,
    /// The home page.
    Home,
    /// Put the cursor in the search box.
    FocusSearch,
    /// Switch between Tiếng Việt and English.
    ToggleLanguage,
    /// Switch between light and dark.
    ToggleTheme,
    /// Open another database file.
    OpenFile,
    /// Create a new database file.
    NewFile,
    /// Open the command palette: jump to an entity or run a command by typing.
    Palette,
    /// Preferences (the author name recorded on edits).
    Preferences,
}

impl Command {
    /// Every command.
    pub const ALL: [Command; 10] = [
        Command::Back,
        Command::Forward,
        Command::Home,
        Command::FocusSearch,
        Command::ToggleLanguage,
        Command::ToggleTheme,
        Command::OpenFile,
        Command::NewFile,
        Command::Palette,
        Command::Preferences,
    ];

    /// Translation key of the command's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Command::Back => "cmd_back",
            Command::Forward => "cmd_forward",
            Command::Home => "cmd_home",
            Command::FocusSearch => "cmd_focus_search",
            Command::ToggleLanguage => "cmd_toggle_language",
            Command::ToggleTheme => "cmd_toggle_theme",
            Command::OpenFile => "open_file",
            Command::NewFile => "new_file",
            Command::Palette => "cmd_palette",
            Command::Preferences => "cmd_preferences",
        }
    }

    /// Keyboard shortcuts. On macOS Alt+←/→ moves by word, so back/forward are Cmd+[ and
    /// Cmd+]. UI zoom (Ctrl +/−/0) is egui's own.
    pub fn shortcuts(self, mac: bool) -> Vec<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let s = KeyboardShortcut::new;
        match self {
            Command::Back if mac => vec![s(cmd, Key::OpenBracket)],
            Command::Back => vec![s(Modifiers::ALT, Key::ArrowLeft)],
            Command::Forward if mac => vec![s(cmd, Key::CloseBracket)],
            Command::Forward => vec![s(Modifiers::ALT, Key::ArrowRight)],
            Command::Home => vec![s(Modifiers::ALT, Key::Home)],
            Command::FocusSearch => vec![s(cmd, Key::F)],
            Command::ToggleLanguage => vec![s(cmd.plus(Modifiers::SHIFT), Key::L)],
            Command::ToggleTheme => vec![s(cmd.plus(Modifiers::SHIFT), Key::D)],
            Command::OpenFile => vec![s(cmd, Key::O)],
            Command::NewFile => vec![s(cmd, Key::N)],
            Command::Palette => vec![s(cmd, Key::K), s(cmd, Key::P)],
            Command::Preferences => vec![s(cmd, Key::Comma)],
        }
    }

    /// The first shortcut as text, for tooltips.
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        let mac = ctx.os() == egui::os::OperatingSystem::Mac;
        self.shortcuts(mac)
            .first()
            .map(|s| ctx.format_shortcut(s))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        for mac in [false, true] {
            let mut seen = Vec::new();
            for c in Command::ALL {
                for s in c.shortcuts(mac) {
                    assert!(
                        !seen.contains(&(s.modifiers, s.logical_key)),
                        "{c:?} reuses a shortcut"
                    );
                    seen.push((s.modifiers, s.logical_key));
                }
            }
        }
    }
}
