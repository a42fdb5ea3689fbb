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
    /// Write a consistent copy of the open file elsewhere.
    SaveCopy,
    /// List the automatic backups and restore one.
    Backups,
    /// Write the base, or the entity shown and its neighbourhood, to a file.
    Export,
    /// Bring in a document or a spreadsheet.
    Import,
    /// Put back the file as it was before the last restore.
    UndoRestore,
    /// Presentation mode: large text, no sidebar, private entities hidden.
    Presentation,
    /// Zoom in.
    ZoomIn,
    /// Zoom out.
    ZoomOut,
    /// Back to 100 %.
    ZoomReset,
    /// The welcome page.
    Welcome,
    /// Version, licences and where the file lives.
    About,
    /// Close the window.
    Quit,
    /// The network around the entity shown (or the whole base) as a picture.
    Graph,
    /// Events (or the dated relations of the entity shown) on a time axis.
    Timeline,
    /// A new entity.
    NewEntity,
    /// A new relation from the entity shown.
    AddRelation,
    /// Edit the entity shown.
    EditEntity,
    /// Delete the entity shown (after a confirmation).
    DeleteEntity,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Every edit of the file, filtered by author and date, each revertible.
    History,
    /// Pairs that may be duplicates, to compare and merge.
    Duplicates,
    /// Plausibility warnings of the whole file.
    CheckData,
    /// A kind of the user's own.
    NewKind,
    /// A link type of the user's own.
    NewPredicate,
    /// A document from a pasted text or a file, with the entities it names.
    NewDocument,
    /// Share changes with colleagues' copies: change files, the shared folder, activity.
    Sharing,
}

/// The menus of the menu bar, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Menu {
    /// Tệp / File.
    File,
    /// Sửa / Edit.
    Edit,
    /// Thêm / Add.
    Add,
    /// Xem / View.
    View,
    /// Trợ giúp / Help.
    Help,
}

impl Menu {
    /// Every menu, left to right.
    pub const ALL: [Menu; 5] = [Menu::File, Menu::Edit, Menu::Add, Menu::View, Menu::Help];

    /// Translation key of the menu's title.
    pub fn label_key(self) -> &'static str {
        match self {
            Menu::File => "menu_file",
            Menu::Edit => "menu_edit",
            Menu::Add => "menu_add",
            Menu::View => "menu_view",
            Menu::Help => "menu_help",
        }
    }

    /// The commands of this menu, in order.
    pub fn commands(self) -> impl Iterator<Item = Command> {
        Command::ALL.into_iter().filter(move |c| c.menu() == self)
    }
}

impl Command {
    /// Every command.
    pub const ALL: [Command; 37] = [
        Command::NewFile,
        Command::OpenFile,
        Command::SaveCopy,
        Command::Import,
        Command::Export,
        Command::Sharing,
        Command::Backups,
        Command::UndoRestore,
        Command::Quit,
        Command::Undo,
        Command::Redo,
        Command::History,
        Command::Duplicates,
        Command::CheckData,
        Command::EditEntity,
        Command::DeleteEntity,
        Command::FocusSearch,
        Command::Palette,
        Command::Preferences,
        Command::NewEntity,
        Command::NewDocument,
        Command::AddRelation,
        Command::NewKind,
        Command::NewPredicate,
        Command::Back,
        Command::Forward,
        Command::Home,
        Command::Graph,
        Command::Timeline,
        Command::Presentation,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::ZoomReset,
        Command::ToggleTheme,
        Command::ToggleLanguage,
        Command::Welcome,
        Command::About,
    ];

    /// The menu holding the command.
    pub fn menu(self) -> Menu {
        use Command::*;
        match self {
            NewFile | OpenFile | SaveCopy | Import | Export | Sharing | Backups | UndoRestore
            | Quit => Menu::File,
            Undo | Redo | History | Duplicates | CheckData | EditEntity | DeleteEntity
            | FocusSearch | Palette | Preferences => Menu::Edit,
            NewEntity | NewDocument | AddRelation | NewKind | NewPredicate => Menu::Add,
            Back | Forward | Home | Graph | Timeline | Presentation | ZoomIn | ZoomOut
            | ZoomReset | ToggleTheme | ToggleLanguage => Menu::View,
            Welcome | About => Menu::Help,
        }
    }

    /// Translation key of the command's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Command::Back => "cmd_back",
            Command::Forward => "cmd_forward",
            Command::Home => "cmd_home",
            Command::Graph => "cmd_graph",
            Command::Timeline => "cmd_timeline",
            Command::FocusSearch => "cmd_focus_search",
            Command::ToggleLanguage => "cmd_toggle_language",
            Command::ToggleTheme => "cmd_toggle_theme",
            Command::OpenFile => "open_file",
            Command::NewFile => "new_file",
            Command::Palette => "cmd_palette",
            Command::Preferences => "cmd_preferences",
            Command::SaveCopy => "cmd_save_copy",
            Command::Import => "cmd_import",
            Command::Export => "cmd_export",
            Command::Backups => "cmd_backups",
            Command::UndoRestore => "cmd_undo_restore",
            Command::Presentation => "cmd_presentation",
            Command::ZoomIn => "cmd_zoom_in",
            Command::ZoomOut => "cmd_zoom_out",
            Command::ZoomReset => "cmd_zoom_reset",
            Command::Welcome => "cmd_welcome",
            Command::About => "cmd_about",
            Command::Quit => "cmd_quit",
            Command::NewEntity => "cmd_new_entity",
            Command::AddRelation => "cmd_add_relation",
            Command::EditEntity => "cmd_edit_entity",
            Command::DeleteEntity => "cmd_delete_entity",
            Command::Undo => "cmd_undo",
            Command::Redo => "cmd_redo",
            Command::History => "cmd_history",
            Command::Duplicates => "cmd_duplicates",
            Command::CheckData => "cmd_check_data",
            Command::NewKind => "cmd_new_kind",
            Command::NewPredicate => "cmd_new_predicate",
            Command::NewDocument => "cmd_new_document",
            Command::Sharing => "cmd_sharing",
        }
    }

    /// Keyboard shortcuts. On macOS Alt+←/→ moves by word, so back/forward are Cmd+[ and
    /// Cmd+]. Zooming by keyboard is egui's own (it takes Ctrl +/−/0 first); the zoom
    /// commands name those keys for the menu.
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
            Command::Graph => vec![s(cmd, Key::G)],
            Command::Timeline => vec![s(cmd, Key::T)],
            Command::ToggleLanguage => vec![s(cmd.plus(Modifiers::SHIFT), Key::L)],
            Command::ToggleTheme => vec![s(cmd.plus(Modifiers::SHIFT), Key::D)],
            Command::OpenFile => vec![s(cmd, Key::O)],
            Command::NewFile => vec![s(cmd, Key::N)],
            Command::Palette => vec![s(cmd, Key::K), s(cmd, Key::P)],
            Command::Preferences => vec![s(cmd, Key::Comma)],
            Command::SaveCopy => vec![s(cmd.plus(Modifiers::SHIFT), Key::S)],
            Command::Import => vec![s(cmd, Key::I)],
            Command::Export => vec![s(cmd.plus(Modifiers::SHIFT), Key::E)],
            Command::Sharing => vec![s(cmd.plus(Modifiers::SHIFT), Key::U)],
            Command::Backups
            | Command::UndoRestore
            | Command::About
            | Command::Duplicates
            | Command::CheckData
            | Command::NewKind
            | Command::NewPredicate => Vec::new(),
            Command::Presentation => vec![s(Modifiers::NONE, Key::F5)],
            Command::ZoomIn => vec![s(cmd, Key::Plus), s(cmd, Key::Equals)],
            Command::ZoomOut => vec![s(cmd, Key::Minus)],
            Command::ZoomReset => vec![s(cmd, Key::Num0)],
            Command::Welcome => vec![s(Modifiers::NONE, Key::F1)],
            Command::Quit => vec![s(cmd, Key::Q)],
            Command::NewEntity => vec![s(cmd, Key::E)],
            Command::NewDocument => vec![s(cmd.plus(Modifiers::SHIFT), Key::N)],
            Command::AddRelation => vec![s(cmd, Key::L)],
            Command::EditEntity => vec![s(Modifiers::NONE, Key::F2)],
            Command::DeleteEntity => vec![s(cmd, Key::Delete)],
            Command::Undo => vec![s(cmd, Key::Z)],
            Command::History => vec![s(cmd, Key::H)],
            Command::Redo => vec![s(cmd.plus(Modifiers::SHIFT), Key::Z), s(cmd, Key::Y)],
        }
    }

    /// Every shortcut with its command, in the order they are to be taken: those with more
    /// modifiers first, because egui matches Ctrl+Z on Ctrl+Shift+Z too.
    pub fn consumption_order(mac: bool) -> Vec<(Command, KeyboardShortcut)> {
        let mut all: Vec<(Command, KeyboardShortcut)> = Command::ALL
            .into_iter()
            .flat_map(|c| c.shortcuts(mac).into_iter().map(move |s| (c, s)))
            .collect();
        let weight = |m: Modifiers| {
            usize::from(m.shift)
                + usize::from(m.alt)
                + usize::from(m.command || m.ctrl || m.mac_cmd)
        };
        all.sort_by_key(|(_, s)| std::cmp::Reverse(weight(s.modifiers)));
        all
    }

    /// Whether it changes the knowledge base (and so waits while a text field has the
    /// keys: there Ctrl+Z edits the field).
    pub fn edits(self) -> bool {
        matches!(self, Command::Undo | Command::Redo)
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
    fn a_shortcut_that_another_contains_is_taken_after_it() {
        // Shortcuts that differ only by Shift or Alt overlap: egui matches the plainer one
        // on the other's keys. The more specific must come first.
        for mac in [false, true] {
            let order = Command::consumption_order(mac);
            for (i, (a, sa)) in order.iter().enumerate() {
                for (b, sb) in &order[i + 1..] {
                    let same_key = sa.logical_key == sb.logical_key;
                    let plain = |m: Modifiers| Modifiers {
                        shift: false,
                        alt: false,
                        ..m
                    };
                    let overlap = same_key && plain(sa.modifiers) == plain(sb.modifiers);
                    let more = |x: Modifiers, y: Modifiers| {
                        usize::from(x.shift) + usize::from(x.alt)
                            > usize::from(y.shift) + usize::from(y.alt)
                    };
                    assert!(
                        !overlap || more(sa.modifiers, sb.modifiers),
                        "{b:?} would be taken on the keys of {a:?}"
                    );
                }
            }
        }
        let total: usize = Command::ALL.iter().map(|c| c.shortcuts(false).len()).sum();
        assert_eq!(Command::consumption_order(false).len(), total);
    }

    #[test]
    fn no_two_commands_share_a_shortcut() {
        for mac in [false, true] {
            let mut seen = Vec::new();
            for c in Command::ALL {
                for s in c.shortcuts(mac) {
                    assert!(
                        s.modifiers.command
                            || s.modifiers.alt
                            || s.logical_key.name().starts_with('F'),
                        "{c:?}: a plain key would be typed into the search box"
                    );
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
