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
    /// Create a database file and open it: empty, or with the built-in example.
    CreateFile {
        /// Where.
        path: PathBuf,
        /// With the built-in example.
        example: bool,
    },
    /// The New dialog: open it with this choice (with the example or not), or close it.
    NewBase(Option<bool>),
    /// Ask where to create the new knowledge base chosen in the New dialog.
    NewBaseWhere,
    /// Write a copy of the open file here; an existing file is replaced only when
    /// `replace` (the person confirmed it).
    SaveCopy {
        /// Where.
        path: PathBuf,
        /// Replace a file that is there.
        replace: bool,
    },
    /// Forget the recent files.
    ClearRecent,
    /// Replace the open file's content by this backup (the current one is kept aside).
    Restore(PathBuf),
    /// Close the restore dialog.
    CloseBackups,
    /// Close the About dialog.
    CloseAbout,
    /// The file is open in another window: only read it here.
    LockedReadOnly,
    /// The file is open in another window: edit it here too, knowingly.
    LockedEditAnyway,
    /// Hide the welcome text (for good).
    DismissWelcome,
    /// Hide the once-per-file notice (for good, for that file).
    DismissNotice,
    /// Show more hits than the search box asked for.
    MoreHits,
    /// Move the chosen line of the list or hits by this many lines.
    Select(isize),
    /// Open the chosen line (the first when none is chosen).
    OpenSelected,
    /// Filter relation group `0` of the entity shown by a typed name.
    FilterGroup(usize, String),
    /// The sidebar was resized to this width (points at 100 %).
    SidebarWidth(f32),
    /// A field of the entity form changed.
    FormField(super::editor::Field, String),
    /// The entity form's kind changed.
    FormKind(String),
    /// The entity form's private flag changed.
    FormPrivate(bool),
    /// A typed property of the entity form marked private or not.
    FormPrivateField(super::editor::Field, bool),
    /// Save the entity form (checked first).
    SaveForm,
    /// Close the entity form without saving.
    CloseForm,
    /// Delete the entity the confirmation is about.
    ConfirmDelete,
    /// Keep it.
    CancelDelete,
    /// A change to the relation form.
    RelationForm(super::relate::RelationEdit),
    /// Save the relation form.
    SaveRelationForm,
    /// Close the relation form without saving.
    CloseRelationForm,
    /// Change a relation shown on the page.
    EditRelation(Box<crate::model::RelationView>),
    /// A field of the relation change form.
    RelationChangeText(super::relate::RelationPart, String),
    /// Save the relation change.
    SaveRelationChange,
    /// Close the relation change form.
    CloseRelationChange,
    /// A change on the timeline page.
    Timeline(super::timeline::TimelineEdit),
    /// A change on the graph page.
    Graph(super::graph::GraphEdit),
    /// A change on the new document page.
    Document(super::document::DocumentEdit),
    /// A change on the page of sharing with colleagues.
    Sharing(super::sharing::SharingEdit),
    /// Link the document of unlinked mention `0` of the entity shown.
    LinkMention(usize),
    /// A change in the export or import dialog.
    Exchange(super::exchange::ExchangeEdit),
    /// Drop the changes of the open form and close it.
    DiscardChanges,
    /// Keep editing the open form after all.
    KeepEditing,
    /// Keep or remove (on saving) one of the other names in the entity form.
    FormRemoveAlias(String, bool),
    /// Delete a relation (undoable).
    DeleteRelation(String),
    /// The "as of" date typed on the entity page.
    AsOf(String),
    /// Open the history of the entity shown.
    EntityHistory,
    /// The history's filters changed: author, from, to.
    HistoryFilter {
        /// Author contains.
        author: String,
        /// From, as typed.
        from: String,
        /// To, as typed.
        to: String,
    },
    /// Revert this edit.
    Revert(i64),
    /// Close the history.
    CloseHistory,
    /// Compare two entities in the merge view.
    OpenMerge(crate::model::EntityId, crate::model::EntityId),
    /// Remember that two entities are not one.
    NotDuplicate(crate::model::EntityId, crate::model::EntityId),
    /// Close the duplicates list.
    CloseDuplicates,
    /// Keep side `1`'s value of a field.
    MergeChoose(super::merging::MergeField, usize),
    /// Merge as chosen.
    DoMerge,
    /// Close the merge view.
    CloseMerge,
    /// A change to the new kind or link type form.
    Vocabulary(super::vocabulary::VocabularyEdit),
    /// Add the kind or link type of the open form.
    SaveVocabulary,
    /// Close the kind or link type form.
    CloseVocabulary,
    /// Dismiss a plausibility warning for good.
    DismissWarning(String),
    /// Close the "check the data" list.
    CloseWarnings,
    /// The path typed in the file dialog changed.
    TypedPath(String),
    /// Close the typed-path file dialog.
    CloseFileDialog,
    /// The typed-path field took the focus it was asked to take.
    PathFocused,
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
    /// Hide the status line's message (error or information).
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
