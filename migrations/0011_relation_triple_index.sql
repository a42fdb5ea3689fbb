-- Lienket schema, version 11: relations are found by their whole triple.
--
-- "Is this link already there?" (every new relation asks, and every imported row) names
-- subject, predicate and object. The subject index held only the first two, so SQLite
-- chose the object index instead and walked every link of a much-linked object: slow
-- on large bases, where a few entities are linked by thousands. The subject index now
-- holds the object too; queries by subject and predicate use it as before.

DROP INDEX relation_subject;
CREATE INDEX relation_subject ON relation(subject_id, predicate, object_id);
