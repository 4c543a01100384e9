//! A log-linear histogram of durations for percentiles in bounded memory.
//!
//! Values below 512 ms are counted exactly; above, each power of two is split into 256 buckets,
//! so a bucket is at most 0.4% of its values wide. A quantile interpolates between order
//! statistics as numpy's default does (Hyndman-Fan type 7), placing the counts of a bucket evenly
//! across it. It stays small and it is the same on every platform.
//!
//! Small matters: a run updates several histograms for every issue, each at a bucket that depends
//! on the value, and times from minutes to days touch thousands of buckets. So a bucket counts in
//! 32 bits, which halves what the processor's caches must hold, and the rare bucket that passes
//! 2^32 values keeps the carries in a map beside them.

use std::collections::BTreeMap;

/// log2 of the number of sub-buckets per power of two, doubled: values below `1 << EXACT_BITS` are exact.
const EXACT_BITS: u32 = 9;
const EXACT: u64 = 1 << EXACT_BITS;
const SUB: u64 = EXACT / 2;

#[derive(Clone, Debug, Default)]
pub struct LogHistogram {
    /// Per bucket, its count modulo 2^32.
    counts: Vec<u32>,
    /// Per bucket whose count passed 2^32, how many times it did.
    carries: BTreeMap<usize, u64>,
    total: u64,
}

/// Bucket index of a value.
#[inline(always)]
fn index(v: u64) -> usize {
    if v < EXACT {
        return v as usize;
    }
    let e = v.ilog2(); // floor(log2 v) >= EXACT_BITS
    let shift = e + 1 - EXACT_BITS; // v >> shift lies in [SUB, EXACT)
    (EXACT + u64::from(e - EXACT_BITS) * SUB + ((v >> shift) - SUB)) as usize
}

/// Lowest value and width of a bucket.
fn bounds(i: usize) -> (u64, u64) {
    let i = i as u64;
    if i < EXACT {
        return (i, 1);
    }
    let shift = (i - EXACT) / SUB + 1;
    ((SUB + (i - EXACT) % SUB) << shift, 1 << shift)
}

impl LogHistogram {
    #[inline(always)]
    pub fn record(&mut self, v: u64) {
        let i = index(v);
        match self.counts.get_mut(i) {
            Some(c) => {
                *c = c.wrapping_add(1);
                if *c == 0 {
                    self.carry(i);
                }
            }
            None => self.grow_to(i),
        }
        self.total += 1;
    }

    /// Bucket `i`'s count passed 2^32 once more: rare, out of line.
    #[cold]
    #[inline(never)]
    fn carry(&mut self, i: usize) {
        *self.carries.entry(i).or_default() += 1;
    }

    /// The counts of the buckets, in order.
    fn bucket_counts(&self) -> impl Iterator<Item = u64> + '_ {
        self.counts.iter().enumerate().map(|(i, &c)| self.count_at(i, c))
    }

    /// Bucket `i`'s whole count, `c` being what it holds. Inline, and read by loops rather than
    /// through [`LogHistogram::bucket_counts`] where thousands of buckets are scanned: in the
    /// size-tuned browser build an iterator adapter's closure is a call per bucket.
    #[inline(always)]
    fn count_at(&self, i: usize, c: u32) -> u64 {
        let carried = if self.carries.is_empty() { 0 } else { self.carries.get(&i).map_or(0, |&n| n << 32) };
        u64::from(c) + carried
    }

    /// Grows the buckets to hold bucket `i` and counts one value there: rare, out of line.
    #[cold]
    #[inline(never)]
    fn grow_to(&mut self, i: usize) {
        self.counts.resize(i + 1, 0);
        self.counts[i] = 1;
    }

    pub fn count(&self) -> u64 {
        self.total
    }

    /// The values of the order statistics with 0-based ranks `ks` (ascending), spreading a
    /// bucket's counts evenly, in one pass over the buckets.
    fn order_statistics(&self, ks: &[u64]) -> Vec<f64> {
        let mut out = Vec::with_capacity(ks.len());
        let mut seen = 0;
        for (i, &c) in self.counts.iter().enumerate() {
            let c = self.count_at(i, c);
            while let Some(&k) = ks.get(out.len())
                && c > 0
                && k < seen + c
            {
                let (low, width) = bounds(i);
                out.push(if width == 1 {
                    low as f64
                } else {
                    low as f64 + width as f64 * ((k - seen) as f64 + 0.5) / c as f64
                });
            }
            if out.len() == ks.len() {
                break;
            }
            seen += c;
        }
        out.resize(ks.len(), f64::NAN);
        out
    }

    /// The q-quantile (0 <= q <= 1), type 7; `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let [v] = self.quantiles([q]);
        v
    }

    /// [`LogHistogram::quantile`] at each of `qs`, which must ascend, in one pass over the
    /// buckets rather than two per quantile: a replication's report asks for three quantiles of
    /// a few dozen histograms of thousands of buckets, which in a short run costs as much as a
    /// good part of the simulation. Each is the same to the last bit as one `quantile`.
    pub fn quantiles<const N: usize>(&self, qs: [f64; N]) -> [Option<f64>; N] {
        debug_assert!(qs.is_sorted(), "quantiles must ascend");
        if self.total == 0 {
            return [None; N];
        }
        let last = self.total - 1;
        let at = qs.map(|q| {
            let pos = q.clamp(0.0, 1.0) * last as f64;
            (pos, pos.floor() as u64)
        });
        // Each quantile's two neighbouring order statistics (one at the top), ascending, each
        // once: the quantiles ascend, so a rank not above the last one kept is already there.
        let mut ranks: Vec<u64> = Vec::with_capacity(2 * N);
        for k in at.iter().flat_map(|&(_, k)| [k, (k + 1).min(last)]) {
            if ranks.last().is_none_or(|&r| k > r) {
                ranks.push(k);
            }
        }
        let values = self.order_statistics(&ranks);
        let value = |k: u64| values[ranks.binary_search(&k).expect("every rank asked for")];
        at.map(|(pos, k)| {
            let lo = value(k);
            if k + 1 >= self.total {
                return Some(lo);
            }
            let hi = value(k + 1);
            Some(lo + (pos - k as f64) * (hi - lo))
        })
    }

    /// How many values lie below `v`, spreading a bucket's counts evenly across it (so a bucket
    /// that `v` splits contributes in proportion).
    pub fn count_below(&self, v: f64) -> f64 {
        self.counts_below(&[v])[0]
    }

    /// [`LogHistogram::count_below`] at each of `edges`, which must ascend, in one pass over the
    /// buckets rather than one per edge: the report asks for a few dozen edges of histograms of
    /// thousands of buckets. Each answer adds up the same counts in the same order as one
    /// `count_below` does, so it is the same to the last bit.
    pub fn counts_below(&self, edges: &[f64]) -> Vec<f64> {
        debug_assert!(edges.is_sorted(), "edges must ascend");
        let mut buckets = self.bucket_counts().enumerate().filter(|&(_, c)| c > 0).map(|(i, c)| {
            let (low, width) = bounds(i);
            (low as f64, low as f64 + width as f64, c as f64)
        });
        let mut next = buckets.next();
        // The counts of the buckets wholly below the edge in hand.
        let mut n = 0.0;
        edges
            .iter()
            .map(|&v| {
                while let Some((_, high, c)) = next
                    && high <= v
                {
                    n += c;
                    next = buckets.next();
                }
                match next {
                    // The bucket that `v` splits contributes in proportion.
                    Some((low, high, c)) if low < v => n + c * (v - low) / (high - low),
                    _ => n,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// numpy's default percentile on a sorted sample.
    fn type7(sorted: &[u64], q: f64) -> f64 {
        let pos = q * (sorted.len() - 1) as f64;
        let k = pos.floor() as usize;
        let lo = sorted[k] as f64;
        let hi = sorted[(k + 1).min(sorted.len() - 1)] as f64;
        lo + (pos - k as f64) * (hi - lo)
    }

    #[test]
    fn count_below_counts_exact_values_and_splits_buckets() {
        let mut h = LogHistogram::default();
        for v in [3, 3, 10, 100_000] {
            h.record(v);
        }
        assert_eq!(h.count_below(3.0), 0.0);
        assert_eq!(h.count_below(4.0), 2.0);
        assert_eq!(h.count_below(11.0), 3.0);
        assert_eq!(h.count_below(1e12), 4.0);
        let (low, width) = bounds(index(100_000));
        let mid = low as f64 + width as f64 / 2.0;
        assert!((h.count_below(mid) - 3.5).abs() < 1e-12);
    }

    /// Values below `v` by one pass over every bucket, for comparison.
    fn scan_below(h: &LogHistogram, v: f64) -> f64 {
        let mut n = 0.0;
        for (i, c) in h.bucket_counts().enumerate() {
            if c == 0 {
                continue;
            }
            let (low, width) = bounds(i);
            let (low, high) = (low as f64, low as f64 + width as f64);
            if high <= v {
                n += c as f64;
            } else if low < v {
                n += c as f64 * (v - low) / (high - low);
            } else {
                break;
            }
        }
        n
    }

    #[test]
    fn counts_below_many_edges_match_one_at_a_time() {
        let mut h = LogHistogram::default();
        let mut x = 7_u64;
        for _ in 0..5_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            h.record((x >> 40) % 5_000_000);
        }
        // Edges on bucket bounds, inside buckets, repeated, below and above every value.
        let (low, width) = bounds(index(1_234_567));
        let edges =
            [0.0, 1.0, 3.5, 511.0, 600.25, 60_000.0, 60_000.0, low as f64, low as f64 + width as f64 / 3.0, 4e6, 1e12];
        let many = h.counts_below(&edges);
        let one: Vec<f64> = edges.iter().map(|&v| scan_below(&h, v)).collect();
        assert_eq!(
            many.iter().map(|n| n.to_bits()).collect::<Vec<_>>(),
            one.iter().map(|n| n.to_bits()).collect::<Vec<_>>()
        );
        assert_eq!(many[10], 5_000.0);
        assert_eq!(many[0], 0.0);
    }

    #[test]
    fn a_bucket_counts_past_two_to_the_32() {
        let mut h = LogHistogram::default();
        h.record(7);
        h.record(9);
        // As if bucket 7 had counted 2^32 - 1 values: the next one carries.
        h.counts[7] = u32::MAX;
        h.total = 1 << 32;
        h.record(7);
        assert_eq!(h.bucket_counts().nth(7), Some(1 << 32));
        assert_eq!(h.count_below(8.0), (1u64 << 32) as f64);
        assert_eq!(h.order_statistics(&[(1 << 32) - 1, 1 << 32]), [7.0, 9.0]);
    }

    #[test]
    fn buckets_cover_values_without_gaps() {
        let mut values: Vec<u64> =
            (0..5_000u64).chain((1..64).map(|e| 1u64 << e)).chain([u64::MAX / 3, u64::MAX]).collect();
        values.sort_unstable();
        let mut last = None;
        for v in values {
            let i = index(v);
            let (low, width) = bounds(i);
            assert!(
                low <= v && u128::from(v) < u128::from(low) + u128::from(width),
                "{v} not in bucket {i} [{low}, +{width})"
            );
            assert!(width <= 1.max(v / SUB));
            if let Some(prev) = last {
                assert!(i >= prev);
            }
            last = Some(i);
        }
    }

    #[test]
    fn small_values_are_exact() {
        let mut h = LogHistogram::default();
        for v in [5, 1, 3, 2, 4] {
            h.record(v);
        }
        assert_eq!(h.quantile(0.5), Some(3.0));
        assert_eq!(h.quantile(0.9), Some(4.6));
        assert_eq!(h.quantile(0.0), Some(1.0));
        assert_eq!(h.quantile(1.0), Some(5.0));
        assert_eq!(LogHistogram::default().quantile(0.5), None);
    }

    #[test]
    fn quantiles_of_durations_match_the_exact_ones_within_a_bucket() {
        // Exponential-like durations around 10 minutes, generated deterministically.
        let mut values: Vec<u64> =
            (1..20_000u64).map(|i| (-(1.0 - i as f64 / 20_000.0).ln() * 600_000.0) as u64).collect();
        let mut h = LogHistogram::default();
        for &v in &values {
            h.record(v);
        }
        values.sort_unstable();
        for q in [0.5, 0.9, 0.99] {
            let exact = type7(&values, q);
            let approx = h.quantile(q).unwrap();
            assert!((approx / exact - 1.0).abs() < 0.002, "q={q}: {approx} vs {exact}");
        }
    }

    /// The order statistic of rank `k` found on its own, by a scan of the buckets of its own.
    fn one_order_statistic(h: &LogHistogram, k: u64) -> f64 {
        let mut seen = 0;
        for (i, c) in h.bucket_counts().enumerate() {
            if c > 0 && k < seen + c {
                let (low, width) = bounds(i);
                return if width == 1 {
                    low as f64
                } else {
                    low as f64 + width as f64 * ((k - seen) as f64 + 0.5) / c as f64
                };
            }
            seen += c;
        }
        f64::NAN
    }

    #[test]
    fn quantiles_in_one_pass_match_each_found_on_its_own() {
        let mut x = 11_u64;
        for n in [1_u64, 2, 3, 17, 5_000] {
            let mut h = LogHistogram::default();
            for _ in 0..n {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                h.record((x >> 40) % 50_000_000);
            }
            // Close and equal quantiles share order statistics; 0 and 1 are the ends.
            let qs = [0.0, 0.1, 0.1, 0.5, 0.500_01, 0.9, 0.99, 1.0];
            let last = n - 1;
            let expected = qs.map(|q| {
                let pos = q * last as f64;
                let k = pos.floor() as u64;
                let lo = one_order_statistic(&h, k);
                if k + 1 >= n { lo } else { lo + (pos - k as f64) * (one_order_statistic(&h, k + 1) - lo) }
            });
            let found = h.quantiles(qs).map(Option::unwrap);
            assert_eq!(found.map(f64::to_bits), expected.map(f64::to_bits), "{n} values");
            assert_eq!(qs.map(|q| h.quantile(q).unwrap().to_bits()), expected.map(f64::to_bits));
        }
    }
}
