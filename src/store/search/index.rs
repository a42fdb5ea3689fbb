//! The write side of search: what is stored for each entity (see
//! `migrations/0002_search.sql`) and how it is kept in step with the tables.
//!
//! The store's write path calls [`index_entity`] for every entity an edit touched (in the
//! edit's transaction, so undo and redo keep the index right) and [`bulk_entity`] for bulk
//! insertion. Work too large for one edit — a file from before the index existed, degrees
//! after a bulk insertion of relations — is flagged in `search_meta` and done by
//! [`Store::prepare_search_index`], which the window, the `search` and `bench` commands run before searching.
//! Nothing here is specific to a caller: it takes a connection inside a transaction.

use super::postings;
pub use super::postings::Pending;
use crate::store::{Result, Store};
use crate::text;
use rusqlite::{Connection, OptionalExtension};

/// Degree levels with a token in the `tags` column ("d64" … "d4096"): an entity carries
/// the token of every level its degree reaches. A query whose matches are too many to
/// rank all of them asks for the matches at the highest levels first (see
/// `search::fetch_ranked`). The lowest level bounds the cost: a level query whose matches
/// are sparse reads the whole level (3,400 entities reach 64 in the 1,000,000-entity
/// benchmark base, 59,000 reach 16). Level changes rewrite the entity's index row, which
/// is rare (powers of four).
pub const LEVELS: [i64; 4] = [64, 256, 1024, 4096];

/// The `tags` token of a kind: "k" and the hex of its name, one token whatever the name.
pub fn kind_token(kind: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(1 + kind.len() * 2);
    s.push('k');
    for b in kind.bytes() {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    s
}

/// The `tags` token of a degree level.
pub fn level_token(level: i64) -> String {
    format!("d{level}")
}

/// How many of [`LEVELS`] a degree reaches.
fn level_count(degree: i64) -> usize {
    LEVELS.iter().filter(|l| degree >= **l).count()
}

/// What is indexed for one entity.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Doc {
    /// Folded name, words joined by spaces.
    pub name: String,
    /// Folded English name and aliases.
    pub other: String,
    /// Acronyms derived from every name, one token each.
    pub acronyms: String,
    /// Kind and degree-level tokens.
    pub tags: String,
    /// Folded summary.
    pub summary: String,
    /// The folded English name, matched exactly like an alias.
    pub key: Option<String>,
    /// Words of the name, other and acronym columns for the vocabulary, each with whether
    /// typo matching looks for it.
    pub vocab: Vec<(String, bool)>,
}

/// Builds the indexed text of an entity. Acronyms are derived from every name of every kind
/// but people: "Nguyễn Văn An" is not "NVA", and three-letter initials of people would
/// outrank names that merely start with a common word.
pub fn doc<'a>(
    kind: &str,
    name: &str,
    name_en: Option<&str>,
    aliases: impl IntoIterator<Item = &'a str>,
    summary: Option<&str>,
    degree: i64,
) -> Doc {
    let name_words = text::fold_words(name);
    let mut other: Vec<String> = Vec::new();
    let mut acronyms: Vec<String> = Vec::new();
    let with_acronyms = kind != "person";
    let mut add_acronyms = |words: &[String]| {
        if with_acronyms {
            for a in text::acronyms_of_words(words) {
                if !acronyms.contains(&a) {
                    acronyms.push(a);
                }
            }
        }
    };
    add_acronyms(&name_words);
    let mut key = None;
    if let Some(en) = name_en {
        let words = text::fold_words(en);
        key = Some(words.join(" ")).filter(|k| !k.is_empty());
        add_acronyms(&words);
        other.extend(words);
    }
    for a in aliases {
        let words = text::fold_words(a);
        add_acronyms(&words);
        other.extend(words);
    }
    // Typos are looked for among words, not acronyms: a one-letter change of an acronym is
    // mostly another acronym ("btxh" is not a typo of "bth").
    let mut vocab: Vec<(String, bool)> = Vec::new();
    for (w, typo_ok) in name_words
        .iter()
        .chain(other.iter())
        .map(|w| (w, true))
        .chain(acronyms.iter().map(|a| (a, false)))
    {
        let typo = typo_ok && text::typo_candidate(w) && !acronyms.contains(w);
        match vocab.iter_mut().find(|(v, _)| v == w) {
            Some(entry) => entry.1 |= typo,
            None => vocab.push((w.clone(), typo)),
        }
    }
    let tags = tags_of(kind, degree);
    Doc {
        name: name_words.join(" "),
        other: other.join(" "),
        acronyms: acronyms.join(" "),
        tags,
        summary: summary
            .map(|s| text::fold_words(s).join(" "))
            .unwrap_or_default(),
        key,
        vocab,
    }
}

/// The `tags` column of an entity: its kind's token and those of the degree levels it
/// reaches.
fn tags_of(kind: &str, degree: i64) -> String {
    let mut tags = kind_token(kind);
    for l in &LEVELS[..level_count(degree)] {
        tags.push(' ');
        tags.push_str(&level_token(*l));
    }
    tags
}

/// The keys of the word lists (see [`postings`]) holding an entity of `kind` and
/// `degree` whose vocabulary words are `words`, separated by spaces.
fn list_keys(words: &str, kind: &str, degree: i64) -> Vec<String> {
    words
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .chain(tags_of(kind, degree).split(' ').map(postings::tag))
        .collect()
}

impl Doc {
    /// The vocabulary words and the keys of the acronyms' lists, separated by spaces, as
    /// `search_doc` keeps them.
    fn words(&self) -> String {
        let mut words: Vec<String> = self.vocab.iter().map(|(w, _)| w.clone()).collect();
        words.extend(
            self.acronyms
                .split(' ')
                .filter(|a| !a.is_empty())
                .map(postings::acronym),
        );
        words.join(" ")
    }
}

/// Writes the index rows of entity `id` (which has none yet) but its word lists, and
/// returns the keys of those lists.
fn write_doc(conn: &Connection, id: i64, kind: &str, degree: i64, d: &Doc) -> Result<Vec<String>> {
    let words = d.words();
    write_rows(conn, id, kind, degree, d, &words)?;
    add_vocab(conn, &d.vocab)?;
    Ok(list_keys(&words, kind, degree))
}

/// The index rows of an entity but its vocabulary and word lists.
fn write_rows(
    conn: &Connection,
    id: i64,
    kind: &str,
    degree: i64,
    d: &Doc,
    words: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO search_fts (rowid, name, other, acronyms, tags, summary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(rusqlite::params![
        id, d.name, d.other, d.acronyms, d.tags, d.summary
    ])?;
    conn.prepare_cached(
        "INSERT INTO search_doc (id, kind, degree, summary, words) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, degree = excluded.degree,
             summary = excluded.summary, words = excluded.words",
    )?
    .execute(rusqlite::params![
        id,
        kind,
        degree,
        !d.summary.is_empty(),
        words
    ])?;
    if level_count(degree) > 0 {
        conn.prepare_cached(
            "INSERT INTO search_hub (name, id, kind, degree) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(rusqlite::params![d.name, id, kind, degree])?;
    }
    if let Some(k) = &d.key {
        conn.prepare_cached(
            "INSERT INTO search_key (key, id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?
        .execute(rusqlite::params![k, id])?;
    }
    Ok(())
}

/// Adds words to the vocabulary; a word typo matching looks for gets its one-letter
/// deletions when it is new as such.
fn add_vocab(conn: &Connection, words: &[(String, bool)]) -> Result<()> {
    let mut word = conn.prepare_cached(
        "INSERT INTO search_vocab (word, typo) VALUES (?1, ?2)
         ON CONFLICT (word) DO UPDATE SET typo = 1 WHERE excluded.typo = 1 AND typo = 0",
    )?;
    let mut del = conn.prepare_cached(
        "INSERT INTO search_vocab_del (del, word) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    )?;
    for (w, typo) in words {
        if word.execute(rusqlite::params![w, typo])? == 1 && *typo {
            for d in text::deletions(w) {
                del.execute(rusqlite::params![d, w])?;
            }
        }
    }
    Ok(())
}

/// The vocabulary words of a set of names (any kind: acronyms included).
pub fn words_of<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut names = names.into_iter();
    let Some(first) = names.next() else {
        return Vec::new();
    };
    doc("", first, None, names, None, 0)
        .vocab
        .into_iter()
        .map(|(w, _)| w)
        .collect()
}

/// Removes from the vocabulary (and its deletions) the `words` that no indexed name,
/// other name or acronym holds any more, so a word that was undone or renamed away is not
/// offered as a typo correction.
pub fn forget_unused<'a>(
    conn: &Connection,
    words: impl IntoIterator<Item = &'a str>,
) -> Result<()> {
    let mut used =
        conn.prepare_cached("SELECT 1 FROM search_fts WHERE search_fts MATCH ?1 LIMIT 1")?;
    let mut typo = conn.prepare_cached("SELECT typo FROM search_vocab WHERE word = ?1")?;
    let mut word = conn.prepare_cached("DELETE FROM search_vocab WHERE word = ?1")?;
    let mut del =
        conn.prepare_cached("DELETE FROM search_vocab_del WHERE del = ?1 AND word = ?2")?;
    for w in words {
        let expr = format!("{{name other acronyms}} : \"{}\"", w.replace('"', "\"\""));
        if used.exists([&expr])? {
            continue;
        }
        let Some(had_typos) = typo.query_row([w], |r| r.get::<_, bool>(0)).optional()? else {
            continue;
        };
        word.execute([w])?;
        if had_typos {
            for d in text::deletions(w) {
                del.execute([d.as_str(), w])?;
            }
        }
    }
    Ok(())
}

/// Removes the index rows of entity `id`, if any, and returns the keys of the word lists
/// that held it (which still do).
fn remove(conn: &Connection, id: i64) -> Result<Vec<String>> {
    let keys = conn
        .prepare_cached("SELECT words, kind, degree FROM search_doc WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(list_keys(
                r.get_ref(0)?.as_str()?,
                r.get_ref(1)?.as_str()?,
                r.get(2)?,
            ))
        })
        .optional()?;
    conn.prepare_cached("DELETE FROM search_fts WHERE rowid = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM search_key WHERE id = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM search_doc WHERE id = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM search_hub WHERE id = ?1")?
        .execute([id])?;
    Ok(keys.unwrap_or_default())
}

/// The number of relations of `id`, both directions, counted on the relation table.
fn count_degree(conn: &Connection, id: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT (SELECT count(*) FROM relation WHERE subject_id = ?1)
                  + (SELECT count(*) FROM relation WHERE object_id = ?1)",
        )?
        .query_row([id], |r| r.get(0))?)
}

/// Rewrites the index rows of entity `id` from the tables, with its degree counted afresh,
/// or removes them when the entity is gone. Called by the write path for every entity an
/// edit touched, in the edit's transaction; the word lists change in `pending`, written
/// by the caller.
pub fn index_entity(conn: &Connection, pending: &mut Pending, id: i64) -> Result<()> {
    let old = remove(conn, id)?;
    let row = conn
        .prepare_cached("SELECT kind, name, name_en, summary FROM entity WHERE id = ?1")?
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })
        .optional()?;
    let Some((kind, name, name_en, summary)) = row else {
        pending.remove(id, old.iter().map(String::as_str));
        return Ok(());
    };
    let aliases = conn
        .prepare_cached("SELECT name FROM alias WHERE entity_id = ?1 ORDER BY id")?
        .query_map([id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let degree = count_degree(conn, id)?;
    let d = doc(
        &kind,
        &name,
        name_en.as_deref(),
        aliases.iter().map(String::as_str),
        summary.as_deref(),
        degree,
    );
    let new = write_doc(conn, id, &kind, degree, &d)?;
    pending.remove(
        id,
        old.iter().filter(|k| !new.contains(k)).map(String::as_str),
    );
    pending.add(
        id,
        new.iter().filter(|k| !old.contains(k)).map(String::as_str),
    );
    Ok(())
}

/// Indexes an entity inserted by bulk insertion (generation, large imports) with the
/// `degree` known so far (zero while its relations are still to come); the first call of a
/// bulk edit (`first`) flags the degrees stale, so [`Store::prepare_search_index`]
/// recounts them once the relations are in.
#[allow(clippy::too_many_arguments)]
pub fn bulk_entity(
    conn: &Connection,
    pending: &mut Pending,
    id: i64,
    kind: &str,
    name: &str,
    name_en: Option<&str>,
    summary: Option<&str>,
    aliases: &[String],
    degree: i64,
    first: bool,
) -> Result<()> {
    if first {
        set_flag(conn, "degrees_stale", true)?;
    }
    let d = doc(
        kind,
        name,
        name_en,
        aliases.iter().map(String::as_str),
        summary,
        degree,
    );
    let words = d.words();
    write_rows(conn, id, kind, degree, &d, &words)?;
    let keys = list_keys(&words, kind, degree);
    pending.streaming(conn, id)?;
    pending.add(id, keys.iter().map(String::as_str));
    // Names of a bulk insertion repeat their words endlessly: the words this bulk has
    // already added are remembered, so each costs one vocabulary write, not one per
    // entity. The memory starts afresh with each bulk (`first`), so a rolled-back bulk
    // leaves nothing behind that would be believed.
    thread_local! {
        static BULK_VOCAB: std::cell::RefCell<foldhash::HashMap<String, bool>> =
            Default::default();
    }
    BULK_VOCAB.with(|seen| {
        let mut seen = seen.borrow_mut();
        if first {
            seen.clear();
        }
        let new: Vec<(String, bool)> = d
            .vocab
            .iter()
            .filter(|(w, typo)| seen.get(w).is_none_or(|known| *typo && !known))
            .cloned()
            .collect();
        add_vocab(conn, &new)?;
        for (w, typo) in new {
            seen.insert(w, typo);
        }
        Ok(())
    })
}

/// Removes the index rows of the entities with ids `first..=last` (bulk undo moving rows
/// to the shelf).
pub fn unindex_range(conn: &Connection, first: i64, last: i64) -> Result<()> {
    let mut pending = Pending::default();
    {
        let mut stmt = conn.prepare(
            "SELECT id, words, kind, degree FROM search_doc WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
        )?;
        let mut rows = stmt.query([first, last])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let (words, kind): (String, String) = (r.get(1)?, r.get(2)?);
            pending.streaming(conn, id)?;
            let keys = list_keys(&words, &kind, r.get(3)?);
            pending.remove(id, keys.iter().map(String::as_str));
        }
    }
    pending.write(conn)?;
    conn.execute(
        "DELETE FROM search_fts WHERE rowid BETWEEN ?1 AND ?2",
        [first, last],
    )?;
    conn.execute(
        "DELETE FROM search_key WHERE id BETWEEN ?1 AND ?2",
        [first, last],
    )?;
    conn.execute(
        "DELETE FROM search_doc WHERE id BETWEEN ?1 AND ?2",
        [first, last],
    )?;
    conn.execute(
        "DELETE FROM search_hub WHERE id BETWEEN ?1 AND ?2",
        [first, last],
    )?;
    Ok(())
}

/// Flags the degrees stale (relations inserted or removed in bulk).
pub fn mark_degrees_stale(conn: &Connection) -> Result<()> {
    set_flag(conn, "degrees_stale", true)
}

fn set_flag(conn: &Connection, key: &str, on: bool) -> Result<()> {
    conn.prepare_cached("UPDATE search_meta SET value = ?2 WHERE key = ?1 AND value <> ?2")?
        .execute(rusqlite::params![key, i64::from(on)])?;
    Ok(())
}

fn flag(conn: &Connection, key: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT value FROM search_meta WHERE key = ?1")?
        .query_row([key], |r| r.get::<_, i64>(0))
        .optional()?
        .unwrap_or(0)
        != 0)
}

/// What the index needs before it gives the best answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Up to date.
    Ready,
    /// Complete, but degrees (the tie-breaker) are out of date after a bulk insertion.
    DegreesStale,
    /// Empty or from an older version: searches find exact and name-prefix matches only.
    NeedsRebuild,
}

/// The state of the index of the database behind `conn`.
pub fn state(conn: &Connection) -> Result<State> {
    Ok(if flag(conn, "rebuild")? {
        State::NeedsRebuild
    } else if flag(conn, "degrees_stale")? {
        State::DegreesStale
    } else {
        State::Ready
    })
}

/// Progress of long index work: (done, total).
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// Rebuilds the whole index from the tables, degrees included. One pass over entities and
/// aliases in id order; about 20 µs an entity.
fn rebuild(conn: &Connection, progress: Progress<'_>) -> Result<()> {
    conn.execute_batch(
        "INSERT INTO search_fts (search_fts) VALUES ('delete-all');
         DELETE FROM search_doc; DELETE FROM search_key; DELETE FROM search_hub;
         DELETE FROM search_vocab; DELETE FROM search_vocab_del; DELETE FROM search_post;",
    )?;
    let mut lists = Pending::default();
    let degrees = all_degrees(conn)?;
    let total: i64 = conn.query_row("SELECT count(*) FROM entity", [], |r| r.get(0))?;
    let total = total as usize;
    let mut entities =
        conn.prepare("SELECT id, kind, name, name_en, summary FROM entity ORDER BY id")?;
    let mut alias_rows =
        conn.prepare("SELECT entity_id, name FROM alias ORDER BY entity_id, id")?;
    let mut aliases =
        alias_rows.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut pending: Option<(i64, String)> = None;
    let mut rows = entities.query([])?;
    let mut done = 0usize;
    let step = (total / 100).max(1);
    merge_at_end(conn, true)?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let kind: String = r.get(1)?;
        let name: String = r.get(2)?;
        let name_en: Option<String> = r.get(3)?;
        let summary: Option<String> = r.get(4)?;
        // Aliases come in entity order too: take those of this entity.
        let mut own: Vec<String> = Vec::new();
        loop {
            if pending.is_none() {
                pending = aliases.next().transpose()?;
            }
            match pending.take() {
                Some((eid, a)) if eid == id => own.push(a),
                Some((eid, _)) if eid < id => {}
                other => {
                    pending = other;
                    break;
                }
            }
        }
        let degree = degrees.get(&id).copied().unwrap_or(0);
        let d = doc(
            &kind,
            &name,
            name_en.as_deref(),
            own.iter().map(String::as_str),
            summary.as_deref(),
            degree,
        );
        let keys = write_doc(conn, id, &kind, degree, &d)?;
        lists.streaming(conn, id)?;
        lists.add(id, keys.iter().map(String::as_str));
        done += 1;
        if done.is_multiple_of(step) {
            progress(done, total);
        }
    }
    lists.write(conn)?;
    progress(total, total);
    merge_at_end(conn, false)?;
    optimize(conn)?;
    set_flag(conn, "rebuild", false)?;
    set_flag(conn, "degrees_stale", false)?;
    Ok(())
}

/// Relations of each entity, by entity id (both directions).
pub type Degrees = foldhash::HashMap<i64, i64>;

/// Degrees of every entity with at least one relation, counted in one pass.
pub fn all_degrees(conn: &Connection) -> Result<Degrees> {
    let mut out = Degrees::default();
    let mut stmt = conn.prepare(
        "SELECT subject_id, count(*) FROM relation GROUP BY subject_id
         UNION ALL SELECT object_id, count(*) FROM relation GROUP BY object_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (id, n) = row?;
        *out.entry(id).or_default() += n;
    }
    Ok(out)
}

/// Recounts every degree; entities whose degree level changed get their index row
/// rewritten (a few percent of them after a generation).
pub fn refresh_degrees(conn: &Connection, progress: Progress<'_>) -> Result<()> {
    refresh_degrees_to(conn, &all_degrees(conn)?, progress)
}

/// Sets the index's degrees to `degrees` (as [`all_degrees`] counts them): only the
/// entities whose stored degree differs are written.
pub fn refresh_degrees_to(
    conn: &Connection,
    degrees: &Degrees,
    progress: Progress<'_>,
) -> Result<()> {
    let mut changed: Vec<(i64, i64, i64)> = Vec::new();
    {
        let mut stmt = conn.prepare("SELECT id, degree FROM search_doc")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (id, old) = row?;
            let new = degrees.get(&id).copied().unwrap_or(0);
            if new != old {
                changed.push((id, old, new));
            }
        }
    }
    let total = changed.len();
    let step = (total / 100).max(1);
    let mut set = conn.prepare_cached("UPDATE search_doc SET degree = ?2 WHERE id = ?1")?;
    let mut hub = conn.prepare_cached("UPDATE search_hub SET degree = ?2 WHERE id = ?1")?;
    let mut pending = Pending::default();
    for (done, (id, old, new)) in changed.into_iter().enumerate() {
        if level_count(old) != level_count(new) {
            index_entity(conn, &mut pending, id)?;
        } else {
            set.execute([id, new])?;
            if level_count(new) > 0 {
                hub.execute([id, new])?;
            }
        }
        if done.is_multiple_of(step) {
            progress(done, total);
        }
    }
    pending.write(conn)?;
    progress(total, total);
    if total > 10_000 {
        optimize(conn)?;
    }
    set_flag(conn, "degrees_stale", false)
}

/// While bulk work writes many entities, the full-text index's segments are left for
/// [`optimize`] to merge once at the end, instead of being merged again and again as they
/// are written (`false` sets FTS5's usual merging back).
pub fn merge_at_end(conn: &Connection, at_end: bool) -> Result<()> {
    let (automerge, crisismerge) = if at_end { (0, 64) } else { (4, 16) };
    conn.execute(
        "INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', ?1)",
        [automerge],
    )?;
    conn.execute(
        "INSERT INTO search_fts (search_fts, rank) VALUES ('crisismerge', ?1)",
        [crisismerge],
    )?;
    Ok(())
}

/// Merges the full-text index into one segment after bulk work: fewer b-trees to probe per
/// query term (FTS5's automerge keeps later, smaller writes in check).
pub fn optimize(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO search_fts (search_fts) VALUES ('optimize')",
        [],
    )?;
    Ok(())
}

impl Store {
    /// What the search index needs before it gives the best answers.
    pub fn search_index_state(&self) -> Result<State> {
        state(&self.conn)
    }

    /// Does what the index needs ([`Store::search_index_state`]) as one edit that records
    /// no change (the index is derived data). Returns what was done. A read-only file is
    /// left as it is: searches then find exact and name-prefix matches only, or rank ties
    /// on old degrees.
    pub fn prepare_search_index(&mut self, progress: Progress<'_>) -> Result<State> {
        let s = state(&self.conn)?;
        if s == State::Ready || self.is_read_only() {
            return Ok(s);
        }
        self.edit("search index", |w| match s {
            State::NeedsRebuild => rebuild(w.tx(), progress),
            State::DegreesStale => refresh_degrees(w.tx(), progress),
            State::Ready => Ok(()),
        })?;
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_get_no_acronyms_and_organisations_do() {
        let p = doc("person", "Nguyễn Văn An", None, [], None, 0);
        assert_eq!(p.other, "");
        assert_eq!(p.acronyms, "");
        assert_eq!(p.key, None);
        let o = doc(
            "organisation",
            "Bộ Lao động - Thương binh và Xã hội",
            Some("Ministry of Labour, Invalids and Social Affairs"),
            ["MOLISA", "Bộ LĐTB&XH"],
            Some("Cơ quan của Chính phủ"),
            70,
        );
        assert!(
            o.acronyms.split(' ').any(|w| w == "ldtbxh"),
            "{}",
            o.acronyms
        );
        assert_eq!(
            o.key.as_deref(),
            Some("ministry of labour invalids and social affairs")
        );
        assert!(o.other.split(' ').any(|w| w == "molisa"));
        assert!(
            o.other.split(' ').any(|w| w == "ldtbxh"),
            "the alias LĐTB&XH"
        );
        assert_eq!(o.summary, "co quan cua chinh phu");
        assert!(o.vocab.contains(&("thuong".to_owned(), true)));
        assert!(
            o.vocab.contains(&("bo".to_owned(), false)),
            "too short for typos"
        );
        assert!(
            o.vocab.contains(&("ldtbxh".to_owned(), false)),
            "an acronym"
        );
        assert!(
            o.vocab.contains(&("molisa".to_owned(), true)),
            "an alias word"
        );
        assert_eq!(o.tags, format!("{} d64", kind_token("organisation")));
    }

    #[test]
    fn levels_are_cumulative_tokens() {
        assert_eq!(level_count(0), 0);
        assert_eq!(level_count(63), 0);
        assert_eq!(level_count(64), 1);
        assert_eq!(level_count(300), 2);
        assert_eq!(level_count(100_000), LEVELS.len());
        let d = doc("theme", "x", None, [], None, 5000);
        assert!(d.tags.ends_with("d64 d256 d1024 d4096"), "{}", d.tags);
        assert_eq!(kind_token("a b"), "k612062");
        assert_eq!(
            kind_token("ổ"),
            "ke1bb95",
            "every byte of a user-defined kind"
        );
    }
}
