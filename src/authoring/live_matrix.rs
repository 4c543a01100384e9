//! The matrix during playback: each (priority, level) cell's issues waiting, and a band for how
//! close the nearest of them is to breaching an SLA target, in words for its tooltip.

/// A cell's band, by the share of an SLA target the nearest to breaching has used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Band {
    /// Nobody waits.
    Empty,
    /// Issues wait, none with a target.
    NoTarget,
    /// Under half of a target used.
    Calm,
    /// From half to 80%.
    Watch,
    /// From 80% up to the target.
    Close,
    /// Past a target.
    Late,
}

impl Band {
    pub fn of(waiting: u32, share: f64) -> Band {
        match () {
            () if waiting == 0 => Band::Empty,
            () if share < 0.0 => Band::NoTarget,
            () if share > 1.0 => Band::Late,
            () if share >= 0.8 => Band::Close,
            () if share >= 0.5 => Band::Watch,
            () => Band::Calm,
        }
    }

    /// Its CSS class.
    pub fn key(self) -> &'static str {
        match self {
            Band::Empty => "empty",
            Band::NoTarget => "no-target",
            Band::Calm => "calm",
            Band::Watch => "watch",
            Band::Close => "close",
            Band::Late => "late",
        }
    }
}

/// A cell's tooltip: `P2 at Agent: 2 waiting; the nearest to breaching has used 50% of an SLA
/// target`.
pub fn words(priority: &str, level: &str, waiting: u32, share: f64) -> String {
    let head = format!("{priority} at {level}: ");
    match Band::of(waiting, share) {
        Band::Empty => format!("{head}nobody waiting"),
        Band::NoTarget => format!("{head}{waiting} waiting, with no SLA target"),
        Band::Late => format!(
            "{head}{waiting} waiting; the nearest to breaching is past an SLA target ({:.0}% of it)",
            share * 100.0
        ),
        _ => {
            format!("{head}{waiting} waiting; the nearest to breaching has used {:.0}% of an SLA target", share * 100.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cell_gets_its_band_and_words() {
        for (waiting, share, band, text) in [
            (0, -1.0, Band::Empty, "P1 at Agent: nobody waiting"),
            (3, -1.0, Band::NoTarget, "P1 at Agent: 3 waiting, with no SLA target"),
            (2, 0.0, Band::Calm, "P1 at Agent: 2 waiting; the nearest to breaching has used 0% of an SLA target"),
            (2, 0.5, Band::Watch, "P1 at Agent: 2 waiting; the nearest to breaching has used 50% of an SLA target"),
            (1, 0.8, Band::Close, "P1 at Agent: 1 waiting; the nearest to breaching has used 80% of an SLA target"),
            (1, 1.0, Band::Close, "P1 at Agent: 1 waiting; the nearest to breaching has used 100% of an SLA target"),
            (
                4,
                80.0 / 60.0,
                Band::Late,
                "P1 at Agent: 4 waiting; the nearest to breaching is past an SLA target (133% of it)",
            ),
        ] {
            assert_eq!(Band::of(waiting, share), band, "{waiting} {share}");
            assert_eq!(words("P1", "Agent", waiting, share), text);
        }
    }
}
