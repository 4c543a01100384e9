//! Sorting through one shared instance of the standard library's sort.
//!
//! `slice::sort_by` is instantiated once per element type and comparator, and each instance is
//! several kilobytes of wasm. These helpers sort a permutation of indices with a comparator
//! behind `dyn`, so every caller shares a single instance; the elements are then moved into
//! place. The sort stays the standard one: stable, O(n log n). Collecting pairs into a
//! `BTreeMap` sorts them with another instance of the same sort: `map_of` inserts them instead.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Sorts `items` stably by `cmp`.
pub fn sort_by<T>(items: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices(&mut order, &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().map(|i| slots[i].take().expect("a permutation names each index once")));
}

/// Sorts `items` stably by the key `key` gives.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order.
pub fn sort<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, T::cmp);
}

/// The map of these pairs, a later value for a key replacing an earlier one (as `collect` does).
pub fn map_of<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in pairs {
        map.insert(k, v);
    }
    map
}

/// Sorts `items` in their natural order and removes repeats.
pub fn sort_dedup<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, T::cmp);
    items.dedup();
}

#[inline(never)]
fn sort_indices(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_sort() {
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut items: Vec<(u8, u32)> = (0..500)
            .map(|i| {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                ((rng % 7) as u8, i)
            })
            .collect();
        let mut expected = items.clone();
        expected.sort_by_key(|p| p.0);
        sort_by_key(&mut items, |p| p.0);
        assert_eq!(items, expected);
    }

    #[test]
    fn maps_like_collect() {
        let pairs = [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)];
        let collected: BTreeMap<&str, i32> = pairs.into_iter().collect();
        assert_eq!(map_of(pairs), collected);
        assert_eq!(map_of(pairs)["b"], 3);
    }

    #[test]
    fn sorts_and_dedups() {
        let mut v = vec![5, 1, 5, 3, 1, 9];
        sort_dedup(&mut v);
        assert_eq!(v, [1, 3, 5, 9]);
        let mut empty: Vec<i32> = Vec::new();
        sort_dedup(&mut empty);
        assert!(empty.is_empty());
    }
}
