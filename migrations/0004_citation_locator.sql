-- Lienket schema, version 4: where in a document a citation points.
--
-- A citation names its source document and, now, a locator: the paragraph or page that
-- supports the fact ("đoạn 2", "tr. 14"). The quote stays optional: most facts cite their
-- source by locator alone.

ALTER TABLE citation ADD COLUMN locator TEXT;
ALTER TABLE shelf_citation ADD COLUMN locator TEXT;
