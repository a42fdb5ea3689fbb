-- Lienket schema, version 14: links are read from the object side without the table.
--
-- Walking the network (how two entities are connected, a graph's neighbourhood) reads
-- every link of each entity reached, from both sides. The object index held only object
-- and predicate, so each link read from that side also read the relation's row, a page
-- somewhere in the table; on a large base most of a walk's time went there. The object
-- index now holds the subject too, as the subject index holds the object (version 11).

DROP INDEX relation_object;
CREATE INDEX relation_object ON relation(object_id, predicate, subject_id);
