//! The word lists of search (`search_post`, see `migrations/0017_search_postings.sql`):
//! for each word of the indexed names, other names and acronyms, and for each tag (kind,
//! degree level), the ids of the entities that hold it, sorted and packed.
//!
//! They answer the queries the full-text index answers slowly: a query word read as any
//! of a dozen neighbours within one typing mistake, in a base where those neighbours are
//! the commonest syllables of a million names ("dung", "dang", "duong"…). The full-text
//! index steps through such lists a posting at a time; here each list is one read of a few
//! packed blobs and the words of a query are combined as bitmaps, about ten times faster.
//!
//! A list is cut into chunks of 2^16 ids (one row each), so that indexing one entity
//! rewrites a few small blobs, never a list of the whole base. Changes are gathered in
//! [`Pending`] and written together: an edit's entities at its end, bulk insertions a
//! chunk at a time.

use crate::store::Result;
use rusqlite::{Connection, OptionalExtension};
use std::collections::BTreeMap;

/// Ids per chunk, as a shift: the chunk of id `n` is `n >> CHUNK_BITS`.
const CHUNK_BITS: u32 = 16;

/// The chunk of an id.
fn chunk_of(id: i64) -> i64 {
    id >> CHUNK_BITS
}

/// The list key of a tag: "#" and the tag's token. Folded words are letters and digits,
/// so a tag never meets a word typed by a person.
pub(super) fn tag(token: &str) -> String {
    format!("#{token}")
}

/// The list key of a derived acronym as a whole ("ldtbxh"), apart from the list of the
/// same word, which holds every name with that word.
pub(super) fn acronym(a: &str) -> String {
    tag(&format!("a{a}"))
}

/// Packs sorted, distinct ids as varints of their differences (the first from the chunk's
/// start).
fn encode(ids: &[i64], out: &mut Vec<u8>) {
    out.clear();
    let mut prev = ids.first().map_or(0, |&id| chunk_of(id) << CHUNK_BITS);
    for &id in ids {
        let mut v = (id - prev) as u64;
        prev = id;
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
    }
}

/// Unpacks the ids of a chunk's blob (see [`encode`]), calling `each` with every id. A
/// damaged blob yields what it holds up to the damage.
fn decode(chunk: i64, blob: &[u8], mut each: impl FnMut(i64)) {
    let mut id = chunk << CHUNK_BITS;
    let mut v = 0u64;
    let mut shift = 0u32;
    for &byte in blob {
        if shift > 56 {
            return;
        }
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            id += v as i64;
            each(id);
            v = 0;
            shift = 0;
        } else {
            shift += 7;
        }
    }
}

/// Changes to one list chunk: ids added (`true`) or removed, in the order they came.
type Ops = Vec<(i64, bool)>;

/// Changes to the lists not written yet: per list chunk, ids added (`true`) or removed, in
/// the order they came (the last change of an id wins).
#[derive(Debug, Default)]
pub struct Pending {
    /// By chunk, then by key: a key is allocated once per chunk, not once per change.
    changes: BTreeMap<i64, foldhash::HashMap<String, Ops>>,
    /// The chunk of the last id announced through [`Pending::streaming`].
    streaming: Option<i64>,
}

impl Pending {
    /// `id` now holds `keys` (words and tags).
    pub fn add<'k>(&mut self, id: i64, keys: impl IntoIterator<Item = &'k str>) {
        self.change(id, keys, true);
    }

    /// `id` no longer holds `keys`.
    pub fn remove<'k>(&mut self, id: i64, keys: impl IntoIterator<Item = &'k str>) {
        self.change(id, keys, false);
    }

    fn change<'k>(&mut self, id: i64, keys: impl IntoIterator<Item = &'k str>, add: bool) {
        let lists = self.changes.entry(chunk_of(id)).or_default();
        for k in keys {
            match lists.get_mut(k) {
                Some(ops) => ops.push((id, add)),
                None => {
                    lists.insert(k.to_owned(), vec![(id, add)]);
                }
            }
        }
    }

    /// Announces a change of `id` when ids only grow (bulk insertion, a rebuild, a bulk
    /// removal): the changes gathered so far are written as soon as an id of another chunk
    /// comes, so memory holds one chunk's changes at most.
    pub fn streaming(&mut self, conn: &Connection, id: i64) -> Result<()> {
        let chunk = chunk_of(id);
        if self.streaming.is_some_and(|c| c != chunk) {
            self.write(conn)?;
        }
        self.streaming = Some(chunk);
        Ok(())
    }

    /// Writes every pending change: each changed chunk is read, changed and written once
    /// (deleted when it ends up empty).
    pub fn write(&mut self, conn: &Connection) -> Result<()> {
        let changes = std::mem::take(&mut self.changes);
        if changes.is_empty() {
            return Ok(());
        }
        let mut read =
            conn.prepare_cached("SELECT ids FROM search_post WHERE word = ?1 AND chunk = ?2")?;
        let mut put = conn.prepare_cached(
            "INSERT INTO search_post (word, chunk, ids) VALUES (?1, ?2, ?3)
             ON CONFLICT (word, chunk) DO UPDATE SET ids = excluded.ids",
        )?;
        let mut delete =
            conn.prepare_cached("DELETE FROM search_post WHERE word = ?1 AND chunk = ?2")?;
        let mut ids: Vec<i64> = Vec::new();
        let mut blob: Vec<u8> = Vec::new();
        let mut changes: Vec<(String, i64, Ops)> = changes
            .into_iter()
            .flat_map(|(chunk, lists)| lists.into_iter().map(move |(w, ops)| (w, chunk, ops)))
            .collect();
        // In key order: neighbouring rows of the table's b-tree.
        changes.sort_unstable_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        for (word, chunk, mut ops) in changes {
            ids.clear();
            let stored: Option<Vec<u8>> = read
                .query_row(rusqlite::params![word, chunk], |r| r.get(0))
                .optional()?;
            if let Some(stored) = &stored {
                decode(chunk, stored, |id| ids.push(id));
            }
            // The last change of each id wins.
            ops.reverse();
            ops.sort_by_key(|(id, _)| *id);
            ops.dedup_by_key(|(id, _)| *id);
            ids.retain(|id| ops.binary_search_by_key(id, |(i, _)| *i).is_err());
            ids.extend(ops.iter().filter(|(_, add)| *add).map(|(id, _)| *id));
            ids.sort_unstable();
            if ids.is_empty() {
                if stored.is_some() {
                    delete.execute(rusqlite::params![word, chunk])?;
                }
            } else {
                encode(&ids, &mut blob);
                put.execute(rusqlite::params![word, chunk, blob])?;
            }
        }
        Ok(())
    }
}

/// A set of entity ids, as a bitmap over the ids of the base.
#[derive(Clone, Debug)]
pub struct Ids {
    bits: Vec<u64>,
}

impl Ids {
    /// An empty set for ids below `end`.
    pub fn empty(end: i64) -> Self {
        let words = usize::try_from(end.max(0)).unwrap_or(0) / 64 + 1;
        Ids {
            bits: vec![0; words],
        }
    }

    /// An empty set for the ids `other` may hold.
    pub fn empty_like(other: &Ids) -> Self {
        Ids {
            bits: vec![0; other.bits.len()],
        }
    }

    fn insert(&mut self, id: i64) {
        let Ok(i) = usize::try_from(id) else { return };
        if let Some(w) = self.bits.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }

    /// Takes `id` out of the set.
    pub fn remove(&mut self, id: i64) {
        let Ok(i) = usize::try_from(id) else { return };
        if let Some(w) = self.bits.get_mut(i / 64) {
            *w &= !(1 << (i % 64));
        }
    }

    /// Whether the set holds an id of `chunk`.
    fn any_in_chunk(&self, chunk: i64) -> bool {
        let per_chunk = 1usize << (CHUNK_BITS - 6);
        let Ok(start) = usize::try_from(chunk).map(|c| c * per_chunk) else {
            return false;
        };
        self.bits
            .get(start..self.bits.len().min(start + per_chunk))
            .is_some_and(|words| words.iter().any(|w| *w != 0))
    }

    /// Keeps the ids `other` holds too.
    pub fn intersect(&mut self, other: &Ids) {
        for (a, b) in self.bits.iter_mut().zip(&other.bits) {
            *a &= b;
        }
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|w| *w == 0)
    }

    /// The ids in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = i64> + '_ {
        self.bits.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros();
                w &= w - 1;
                Some((i * 64 + bit as usize) as i64)
            })
        })
    }
}

/// One past the largest entity id the lists may hold.
pub fn id_end(conn: &Connection) -> Result<i64> {
    let max: Option<i64> = conn
        .prepare_cached("SELECT max(id) FROM search_doc")?
        .query_row([], |r| r.get(0))?;
    Ok(max.unwrap_or(0) + 1)
}

/// Adds to `into` the ids of every list in `keys`; with `within`, only from the chunks
/// where `within` holds an id (the others cannot add to an intersection with it).
pub fn union(
    conn: &Connection,
    keys: &[String],
    into: &mut Ids,
    within: Option<&Ids>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached("SELECT chunk, ids FROM search_post WHERE word = ?1")?;
    for k in keys {
        let mut rows = stmt.query([k])?;
        while let Some(r) = rows.next()? {
            let chunk: i64 = r.get(0)?;
            if within.is_some_and(|w| !w.any_in_chunk(chunk)) {
                continue;
            }
            if let rusqlite::types::ValueRef::Blob(blob) = r.get_ref(1)? {
                decode(chunk, blob, |id| into.insert(id));
            }
        }
    }
    Ok(())
}

/// The bytes of the lists of `keys`: how long reading them takes.
pub fn size(conn: &Connection, keys: &[String]) -> Result<i64> {
    let mut stmt =
        conn.prepare_cached("SELECT total(length(ids)) FROM search_post WHERE word = ?1")?;
    let mut bytes = 0.0;
    for k in keys {
        bytes += stmt.query_row([k], |r| r.get::<_, f64>(0))?;
    }
    Ok(bytes as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(ids: &[i64]) -> Vec<i64> {
        let mut blob = Vec::new();
        encode(ids, &mut blob);
        let mut out = Vec::new();
        decode(chunk_of(ids[0]), &blob, |id| out.push(id));
        out
    }

    #[test]
    fn ids_pack_and_unpack_at_chunk_edges() {
        let base = 5 << CHUNK_BITS;
        for ids in [
            vec![base],
            vec![base + 1, base + 2, base + 300, base + 65_535],
            vec![3, 70, 128, 16_384, 65_535],
        ] {
            assert_eq!(roundtrip(&ids), ids);
        }
    }

    #[test]
    fn a_damaged_blob_yields_what_it_holds_and_never_panics() {
        let mut out = Vec::new();
        decode(
            0,
            &[
                5, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 1,
            ],
            |id| out.push(id),
        );
        assert_eq!(out, [5]);
    }

    #[test]
    fn bitmaps_intersect_and_list_in_order() {
        let mut a = Ids::empty(200);
        let mut b = Ids::empty(200);
        for id in [1, 64, 65, 130, 199] {
            a.insert(id);
        }
        for id in [0, 64, 130, 150] {
            b.insert(id);
        }
        a.intersect(&b);
        assert_eq!(a.iter().collect::<Vec<_>>(), [64, 130]);
        a.insert(10_000);
        a.insert(-1);
        assert_eq!(
            a.iter().collect::<Vec<_>>(),
            [64, 130],
            "ids outside the set's range are not held"
        );
    }
}
