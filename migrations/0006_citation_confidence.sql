-- Lienket schema, version 6: how sure a citation is.
--
-- A citation may say how far its source can be trusted for the fact: certain, high,
-- medium, low, or unknown (as Gramps' citations do). Older citations say nothing (NULL):
-- shown as not stated.

ALTER TABLE citation ADD COLUMN confidence TEXT
    CHECK (confidence IN ('certain', 'high', 'medium', 'low', 'unknown'));
ALTER TABLE shelf_citation ADD COLUMN confidence TEXT;
