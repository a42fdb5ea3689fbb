//! What views (and tests) ask the app to do: queued while drawing, handled after the frame.

use super::commands::Command;
use crate::i18n::Lang;
use crate::model::EntityId;
use std::path::PathBuf;

/// A user intent.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Open an entity (adds to history).
    Open(EntityId),
    /// Run a command from the catalogue.
    Run(Command),
    /// The search text changed.
    Search(String),
    /// The search box took the focus it was asked to take.
    SearchFocused,
    /// Filter the list by kind.
    FilterKind(Option<String>),
    /// Sort people by given name.
    PeopleByGivenName(bool),
    /// Set the language.
    SetLang(Lang),
    /// Open a database file.
    OpenFile(PathBuf),
    /// Create a database file with the built-in knowledge base and open it.
    CreateFile(PathBuf),
    /// The path typed in the file dialog changed.
    TypedPath(String),
    /// Close the typed-path file dialog.
    CloseFileDialog,
    /// Something happened in the command palette.
    Palette(PaletteAction),
    /// The theme picker's text changed.
    ThemeText(String),
    /// Keep only entities linked to this theme (id and name), or drop that filter.
    FilterTheme(Option<(EntityId, String)>),
    /// Keep only entities dated within this range (partial dates as typed).
    FilterDates {
        /// From, as typed.
        from: String,
        /// To, as typed.
        to: String,
    },
    /// The author recorded on later edits (empty: the OS user).
    SetAuthor(String),
    /// Close the preferences dialog.
    ClosePreferences,
    /// Hide the status line's message.
    DismissStatus,
    /// Read the next page of relation group `0` of the entity shown.
    LoadMore(usize),
}

/// What the command palette was asked to do.
#[derive(Clone, Debug, PartialEq)]
pub enum PaletteAction {
    /// Open it (or close it when open).
    Toggle,
    /// Close it without doing anything.
    Close,
    /// Its text changed.
    Text(String),
    /// Move the selection by this many lines (wrapping).
    Move(isize),
    /// Run the selected line: a command, or open an entity.
    Activate,
}
