-- Lienket schema, version 8: a kind's colour.
--
-- Kinds a user adds choose the colour their dot and symbol are drawn in ("#2f6fb3"); the
-- built-in kinds keep the window's own colours (NULL).

ALTER TABLE kind ADD COLUMN colour TEXT;
