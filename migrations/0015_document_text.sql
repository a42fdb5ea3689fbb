-- Lienket schema, version 15: the text of a user's own document.
--
-- A user pastes or opens a report and turns it into knowledge: the document becomes an
-- entity (kind `document`) whose facts cite it by paragraph, and its text is kept here, in
-- the file, as the user's own. One row a document, under the change log like any edit
-- (undone with the edit that added it). Built-in documents have no row: the project never
-- ships a report's text.

CREATE TABLE document_text (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    entity_id INTEGER NOT NULL UNIQUE REFERENCES entity(id),
    text TEXT NOT NULL
);
