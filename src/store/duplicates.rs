//! Possible duplicates: pairs of entities of one kind that are likely the same, found by
//! folded name ("Đặng Văn Đức" = "Dang Van Duc"), by one's name being the other's alias
//! or acronym, and by initials ("Đặng V. Đức"). A pair someone has said is not a duplicate
//! is left out for good (`not_duplicate`, by uid).

use super::read::EntityRow;
use super::write::{Image, NOT_DUPLICATE, Writer, new_uid};
use super::{Result, Store};
use crate::model::EntityId;
use crate::text;
use std::collections::{HashMap, HashSet};

/// Why two entities may be one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    /// The same name, diacritics and "đ" aside.
    SameName,
    /// One's name is the other's other name (or acronym).
    NameIsAlias,
    /// The same name with some words as initials ("Đặng V. Đức").
    Initials,
}

/// Two entities that may be one.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct DuplicatePair {
    /// One.
    pub a: EntityRow,
    /// The other.
    pub b: EntityRow,
    /// Why they may be one.
    pub reason: DuplicateReason,
}

/// The key of a name with its middle words reduced to initials: "dang v duc" and
/// "dang van duc" both give "dang|v|duc"; `None` for names of fewer than three words.
fn initials_key(name: &str) -> Option<String> {
    let words = text::fold_words(name);
    if words.len() < 3 {
        return None;
    }
    let mut parts = vec![words[0].clone()];
    for w in &words[1..words.len() - 1] {
        parts.push(w.chars().next()?.to_string());
    }
    parts.push(words[words.len() - 1].clone());
    Some(parts.join("|"))
}

impl Store {
    /// Pairs that may be duplicates, at most `limit`, those with the same name first.
    pub fn possible_duplicates(&self, limit: usize) -> Result<Vec<DuplicatePair>> {
        let rows: Vec<(EntityRow, String)> = self
            .conn
            .prepare("SELECT id, uid, kind, name, name_en, private, folded FROM entity")?
            .query_map([], |r| {
                Ok((
                    EntityRow {
                        id: EntityId(r.get(0)?),
                        uid: r.get(1)?,
                        kind: r.get(2)?,
                        name: r.get(3)?,
                        name_en: r.get(4)?,
                        private: r.get(5)?,
                    },
                    r.get(6)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let not: HashSet<(String, String)> = self
            .conn
            .prepare("SELECT uid_a, uid_b FROM not_duplicate")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let by_id: HashMap<i64, usize> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.0.id.0, i))
            .collect();
        let mut seen: HashSet<(i64, i64)> = HashSet::new();
        let mut out = Vec::new();
        let mut push =
            |a: usize, b: usize, reason: DuplicateReason, out: &mut Vec<DuplicatePair>| {
                let (x, y) = (&rows[a].0, &rows[b].0);
                if a == b || x.kind != y.kind {
                    return;
                }
                let key = (x.id.0.min(y.id.0), x.id.0.max(y.id.0));
                let uids = if x.uid < y.uid {
                    (x.uid.clone(), y.uid.clone())
                } else {
                    (y.uid.clone(), x.uid.clone())
                };
                if not.contains(&uids) || !seen.insert(key) {
                    return;
                }
                let (first, second) = if x.id < y.id { (x, y) } else { (y, x) };
                out.push(DuplicatePair {
                    a: first.clone(),
                    b: second.clone(),
                    reason,
                });
            };
        // The same folded name.
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, (_, folded)) in rows.iter().enumerate() {
            by_name.entry(folded.as_str()).or_default().push(i);
        }
        // A group of k namesakes gives k - 1 pairs, each with the group's first: merging
        // them one by one merges the group, and a large group does not flood the list.
        for group in by_name.values().filter(|g| g.len() > 1) {
            for &b in &group[1..] {
                push(group[0], b, DuplicateReason::SameName, &mut out);
            }
        }
        // One's name is another's alias.
        let mut stmt = self.conn.prepare(
            "SELECT a.entity_id, e.id FROM alias a JOIN entity e ON e.folded = a.folded
             WHERE e.id <> a.entity_id",
        )?;
        let pairs: Vec<(i64, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (x, y) in pairs {
            if let (Some(&a), Some(&b)) = (by_id.get(&x), by_id.get(&y)) {
                push(a, b, DuplicateReason::NameIsAlias, &mut out);
            }
        }
        // Initials: names of three words or more, middle words reduced to their letter.
        let mut by_initials: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (r, _)) in rows.iter().enumerate() {
            if r.kind == "person"
                && let Some(k) = initials_key(&r.name)
            {
                by_initials.entry(k).or_default().push(i);
            }
        }
        // Only where one of the two writes a middle name as its initial: "Đặng Văn Đức"
        // and "Đặng Vũ Đức" are two names. Each abbreviated name is paired with the
        // group's first name written out (or, with none, the group's first abbreviated).
        let initial = |i: usize| {
            let words = text::fold_words(&rows[i].0.name);
            words.len() > 2
                && words[1..words.len() - 1]
                    .iter()
                    .any(|w| w.chars().count() == 1)
        };
        for group in by_initials.values().filter(|g| g.len() > 1) {
            let (short, full): (Vec<usize>, Vec<usize>) = group.iter().partition(|&&i| initial(i));
            let anchor = full.first().or(short.first()).copied();
            if let Some(anchor) = anchor {
                for &s in &short {
                    push(anchor, s, DuplicateReason::Initials, &mut out);
                }
            }
        }
        out.sort_by_cached_key(|p| {
            (
                p.reason != DuplicateReason::SameName,
                text::collation_key(&p.a.name),
                p.a.id,
            )
        });
        out.truncate(limit);
        Ok(out)
    }
}

impl Writer<'_> {
    /// Remembers that two entities are not the same (left out of the list for good, until
    /// the edit is undone).
    pub fn mark_not_duplicate(&mut self, a: EntityId, b: EntityId) -> Result<()> {
        self.mark_not_duplicate_as(a, b, None)
    }

    /// [`Writer::mark_not_duplicate`], the statement keeping a uid it already has.
    pub fn mark_not_duplicate_as(
        &mut self,
        a: EntityId,
        b: EntityId,
        uid: Option<&str>,
    ) -> Result<()> {
        let (x, y) = (self.entity_uid(a.0)?, self.entity_uid(b.0)?);
        let (x, y) = if x < y { (x, y) } else { (y, x) };
        let known: bool = self
            .tx()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM not_duplicate WHERE uid_a = ?1 AND uid_b = ?2)",
            )?
            .query_row([&x, &y], |r| r.get(0))?;
        if !known {
            let mut i = Image::new();
            i.insert("uid".into(), uid.map_or_else(new_uid, str::to_owned).into());
            i.insert("uid_a".into(), x.into());
            i.insert("uid_b".into(), y.into());
            self.insert_image(&NOT_DUPLICATE, i)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::initials_key;

    #[test]
    fn middle_words_reduce_to_their_initial() {
        assert_eq!(initials_key("Đặng Văn Đức"), initials_key("Đặng V. Đức"));
        assert_eq!(initials_key("Dang Van Duc"), initials_key("Đặng V Đức"));
        assert_ne!(initials_key("Đặng Văn Đức"), initials_key("Đặng Thị Đức"));
        assert_eq!(initials_key("Tô Đức"), None);
    }

    #[test]
    fn two_full_middle_names_are_not_initials_of_each_other() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store =
            crate::store::Store::open(&dir.path().join("kb.db"), crate::store::Create::IfMissing)
                .expect("open");
        store
            .edit("people", |w| {
                w.add_kind(None, "person", "Người", "Person")?;
                for name in ["Đặng Văn Đức", "Đặng Vũ Đức", "Đặng V. Đức"] {
                    w.add_entity(&crate::store::write::NewEntity {
                        kind: "person".into(),
                        name: name.into(),
                        ..Default::default()
                    })?;
                }
                Ok(())
            })
            .expect("edit");
        let pairs = store.possible_duplicates(10).expect("pairs");
        let names: Vec<(&str, &str)> = pairs
            .iter()
            .map(|p| (p.a.name.as_str(), p.b.name.as_str()))
            .collect();
        assert_eq!(names, [("Đặng Văn Đức", "Đặng V. Đức")], "{names:?}");
    }
}
