//! A set of row ids read in order, asked millions of times while a bulk edit's references
//! are checked: one bit per id of its span when the ids are dense (row ids mostly are),
//! so that a question touches one word of a small array instead of a binary search's
//! twenty reads across a large one.

/// Row ids, from an ordered list.
pub(super) enum IdSet {
    /// One bit per id from `first`.
    Bits { first: i64, words: Vec<u64> },
    /// The ids themselves, when they are too far apart for bits to be smaller.
    Sorted(Vec<i64>),
}

/// Bits per id listed above which the ids are kept as a list (a list takes 64).
const MAX_BITS_PER_ID: i64 = 64;

impl IdSet {
    /// The set of `ids`, given in increasing order.
    pub(super) fn from_sorted(ids: Vec<i64>) -> Self {
        let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
            return IdSet::Sorted(ids);
        };
        let span = last.saturating_sub(first).saturating_add(1);
        if span > (ids.len() as i64).saturating_mul(MAX_BITS_PER_ID) {
            return IdSet::Sorted(ids);
        }
        let mut words = vec![0u64; (span as usize).div_ceil(64)];
        for id in ids {
            let bit = (id - first) as usize;
            words[bit / 64] |= 1 << (bit % 64);
        }
        IdSet::Bits { first, words }
    }

    /// Whether `id` is in the set.
    pub(super) fn contains(&self, id: i64) -> bool {
        match self {
            IdSet::Sorted(ids) => ids.binary_search(&id).is_ok(),
            IdSet::Bits { first, words } => {
                let Some(bit) = id.checked_sub(*first).and_then(|b| usize::try_from(b).ok()) else {
                    return false;
                };
                words
                    .get(bit / 64)
                    .is_some_and(|w| w & (1 << (bit % 64)) != 0)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_sparse_ids_answer_alike() {
        let dense: Vec<i64> = (1..=1000).filter(|i| i % 7 != 0).collect();
        let sparse: Vec<i64> = vec![-5, 3, 1 << 40, i64::MAX];
        for ids in [dense, sparse, Vec::new(), vec![i64::MIN, i64::MAX]] {
            let set = IdSet::from_sorted(ids.clone());
            let probes = ids
                .iter()
                .flat_map(|&i| [i.saturating_sub(1), i, i.saturating_add(1)])
                .chain([i64::MIN, 0, 64, 1000, 1001, i64::MAX]);
            for probe in probes {
                assert_eq!(
                    set.contains(probe),
                    ids.contains(&probe),
                    "{probe} in {ids:?}"
                );
            }
        }
        assert!(matches!(
            IdSet::from_sorted((1..=1000).collect()),
            IdSet::Bits { .. }
        ));
        assert!(matches!(
            IdSet::from_sorted(vec![1, 1 << 40]),
            IdSet::Sorted(_)
        ));
    }
}
