-- Lienket schema, version 5: what an edit is to undo.
--
-- `base` = 0 for an ordinary edit; 1 for installing the built-in kinds and predicates
-- (never undone: every database needs them); 2 for installing the built-in knowledge base
-- (undone only when the user confirms). Files from before are marked by the descriptions
-- those installations have always carried.

ALTER TABLE edit ADD COLUMN base INTEGER NOT NULL DEFAULT 0;
UPDATE edit SET base = 1
    WHERE undoes IS NULL AND redoes IS NULL AND description = 'built-in kinds and predicates';
UPDATE edit SET base = 2
    WHERE undoes IS NULL AND redoes IS NULL AND description = 'built-in knowledge base';
