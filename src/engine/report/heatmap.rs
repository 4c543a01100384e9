//! Reading the breach heatmap: a cell's counts over all replications, the 95% interval of its
//! breach share, and which cell is the worst among those with enough issues to say so.
//!
//! An hour of the week that saw one issue, which breached, has a breach share of 100%, and one
//! that saw four with one breach 25%: figures that look like findings and are chance. A cell's
//! share is read as a rate (coloured, named the worst) only from `MIN_ARRIVALS` arrivals on, and
//! comes with its Wilson score interval, which stays inside 0..1 and is honest for small counts
//! and shares near 0 or 1, where the normal approximation is not.

use super::Heatmap;

/// Fewest arrivals in a cell, over all replications together, for its breach share to be read as
/// a rate. With 20, one breach more or less moves the share by 5 points, and the 95% interval of
/// a 25% share is still about 11–47%: wide, but no longer a single issue's fate.
pub const MIN_ARRIVALS: f64 = 20.0;

/// z for a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// One priority × hour-of-week cell, counted over all replications.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeatCell {
    pub priority: usize,
    /// Hour of the week, Monday 00:00–01:00 first (clock-local).
    pub hour: usize,
    /// Counted arrivals in all replications together.
    pub arrivals: f64,
    /// Those of them that breached their resolution target.
    pub breaches: f64,
    /// `breaches / arrivals`.
    pub share: f64,
    /// The Wilson 95% interval of the share, (low, high).
    pub interval: (f64, f64),
}

impl HeatCell {
    /// Whether enough issues arrived for the share to be read as a rate.
    pub fn supported(&self) -> bool {
        self.arrivals >= MIN_ARRIVALS
    }
}

impl Heatmap {
    /// A cell counted over all `replications` (the heatmap holds means per replication), or `None`
    /// where no issue arrived.
    pub fn cell(&self, priority: usize, hour: usize, replications: u32) -> Option<HeatCell> {
        let total = |rows: &Vec<Vec<f64>>| {
            let mean = rows.get(priority).and_then(|r| r.get(hour)).copied().unwrap_or(0.0);
            // A mean of counts times the replications is a count: round away the float fuzz.
            if mean.is_finite() && mean > 0.0 { (mean * f64::from(replications.max(1))).round() } else { 0.0 }
        };
        let arrivals = total(&self.arrivals);
        if arrivals <= 0.0 {
            return None;
        }
        let breaches = total(&self.breaches).min(arrivals);
        Some(HeatCell {
            priority,
            hour,
            arrivals,
            breaches,
            share: breaches / arrivals,
            interval: wilson95(breaches, arrivals),
        })
    }

    /// The cell with the highest breach share among those with at least `MIN_ARRIVALS` arrivals
    /// and a breach (ties: the one with more arrivals, then the first); `None` if there is none.
    pub fn worst(&self, replications: u32) -> Option<HeatCell> {
        let mut worst: Option<HeatCell> = None;
        for priority in 0..self.arrivals.len() {
            let hours = self.arrivals[priority].len();
            for cell in (0..hours).filter_map(|h| self.cell(priority, h, replications)) {
                if !cell.supported() || cell.breaches <= 0.0 {
                    continue;
                }
                let better =
                    worst.is_none_or(|w| cell.share > w.share || (cell.share == w.share && cell.arrivals > w.arrivals));
                if better {
                    worst = Some(cell);
                }
            }
        }
        worst
    }
}

/// The Wilson score 95% interval of a share `successes / trials`; (0, 1) with no trials.
pub fn wilson95(successes: f64, trials: f64) -> (f64, f64) {
    if trials <= 0.0 {
        return (0.0, 1.0);
    }
    let p = (successes / trials).clamp(0.0, 1.0);
    let z2 = Z95 * Z95;
    let denominator = 1.0 + z2 / trials;
    let centre = (p + z2 / (2.0 * trials)) / denominator;
    let half = Z95 * libm::sqrt(p * (1.0 - p) / trials + z2 / (4.0 * trials * trials)) / denominator;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 5e-4 && (a.1 - b.1).abs() < 5e-4
    }

    #[test]
    fn wilson_intervals_match_published_values() {
        // Newcombe (1998), table I: 81/263 -> 0.2553–0.3662; 15/148 -> 0.0624–0.1605; 0/20 -> 0–0.1611.
        assert!(close(wilson95(81.0, 263.0), (0.2553, 0.3662)), "{:?}", wilson95(81.0, 263.0));
        assert!(close(wilson95(15.0, 148.0), (0.0624, 0.1605)), "{:?}", wilson95(15.0, 148.0));
        assert!(close(wilson95(0.0, 20.0), (0.0, 0.1611)), "{:?}", wilson95(0.0, 20.0));
        assert_eq!(wilson95(0.0, 0.0), (0.0, 1.0));
    }

    /// One priority, 168 hours; `cells` are (hour, arrivals, breaches) as means per replication.
    fn heatmap(cells: &[(usize, f64, f64)]) -> Heatmap {
        let mut arrivals = vec![vec![0.0; 168]];
        let mut breaches = vec![vec![0.0; 168]];
        for &(h, a, b) in cells {
            arrivals[0][h] = a;
            breaches[0][h] = b;
        }
        Heatmap { arrivals, breaches }
    }

    #[test]
    fn a_high_share_on_a_handful_of_issues_is_not_the_worst_cell() {
        // One replication. Sun 03:00 (hour 147): 4 issues, 1 breached: 25%, from one issue.
        // Mon 09:00 (hour 9): 40 issues, 6 breached: 15%.
        let h = heatmap(&[(147, 4.0, 1.0), (9, 40.0, 6.0)]);
        let worst = h.worst(1).expect("a cell with enough arrivals breached");
        assert_eq!((worst.hour, worst.arrivals, worst.breaches), (9, 40.0, 6.0));
        assert!((worst.share - 0.15).abs() < 1e-12);
        let small = h.cell(0, 147, 1).expect("four arrivals");
        assert_eq!((small.arrivals, small.breaches, small.supported()), (4.0, 1.0, false));
        assert!(small.interval.0 < 0.05 && small.interval.1 > 0.65, "1 of 4 says little: {:?}", small.interval);
        // Means per replication are turned back into counts over all of them.
        let h = heatmap(&[(9, 2.5, 0.75)]);
        let c = h.cell(0, 9, 4).expect("ten arrivals");
        assert_eq!((c.arrivals, c.breaches), (10.0, 3.0));
    }

    #[test]
    fn with_no_cell_of_enough_arrivals_there_is_no_worst() {
        let h = heatmap(&[(147, 0.25, 0.25), (9, 4.0, 1.0)]);
        assert_eq!(h.worst(4), None);
        // The same cells over five times the replications are enough.
        let worst = h.worst(20).expect("80 arrivals at Mon 09:00");
        assert_eq!((worst.hour, worst.arrivals), (9, 80.0));
        assert!(h.cell(0, 9, 4).is_some_and(|c| !c.supported()));
        assert!(h.cell(0, 9, 5).is_some_and(|c| c.supported()));
        assert_eq!(h.cell(0, 10, 4), None, "no arrivals, no cell");
    }
}
