//! Calendars of the simulated world: local wall-clock time, business hours and holidays for SLA
//! clocks, and staffing shifts.
//!
//! Everything here is a pure function of a scenario's start instant and fixed UTC offsets, with no
//! daylight-saving rules, so a local week is always exactly `WEEK` ms and every query reduces to
//! integer arithmetic on a precomputed weekly pattern. The hot paths (`Calendar::elapsed` and
//! `Calendar::add`, called for every issue) are O(log n) and allocate nothing.
//!
//! - `weekly`: the `WeeklyWindows` type and the day / `HH:MM` syntax.
//! - `clock`: `LocalClock`, simulated time to position in the local week.
//! - `business`: `BusinessCalendar`, business-hours arithmetic with holidays.
//! - `shifts`: `ShiftSchedule`, staff on duty by time of week.

mod business;
mod clock;
mod shifts;
mod weekly;

pub use business::BusinessCalendar;
pub use clock::LocalClock;
pub use shifts::ShiftSchedule;
pub use weekly::{WeeklyWindows, parse_days, parse_time_of_day};

use crate::engine::time::{DAY, SimTime};

/// Instants later than this many ms after the start are treated as "never" by `Calendar::add`
/// (about 1000 years, the same bound durations are held to). Keeping results below it also keeps
/// the business-time arithmetic far away from `u64` overflow.
pub const HORIZON: u64 = 1000 * 365 * DAY;

/// An SLA clock: counts either every millisecond (24x7) or only business hours.
#[derive(Clone, Debug, PartialEq)]
pub enum Calendar {
    /// Every millisecond counts.
    Always,
    /// Only open hours on days that are not holidays count.
    Business(BusinessCalendar),
}

impl Calendar {
    /// Business ms in `[from, to)`; 0 if `to <= from`. For `Always` this is `to - from`.
    pub fn elapsed(&self, from: SimTime, to: SimTime) -> u64 {
        match self {
            Calendar::Always => to.since(from),
            Calendar::Business(business) => business.elapsed(from, to),
        }
    }

    /// The earliest instant `t' >= from` with `elapsed(from, t') >= ms`; `from` itself for `ms = 0`
    /// (even when the calendar is closed then). Returns `SimTime(u64::MAX)` ("never") if the answer
    /// would lie beyond `HORIZON`.
    pub fn add(&self, from: SimTime, ms: u64) -> SimTime {
        if ms == 0 {
            return from;
        }
        let end = match self {
            Calendar::Always => from.after(ms),
            Calendar::Business(business) => business.add(from, ms),
        };
        if end.0 > HORIZON { SimTime(u64::MAX) } else { end }
    }

    /// Whether the millisecond starting at `t` counts.
    pub fn is_open(&self, t: SimTime) -> bool {
        match self {
            Calendar::Always => true,
            Calendar::Business(business) => business.is_open(t),
        }
    }

    /// Business ms per week (`WEEK` for `Always`), ignoring holidays: used for load estimates.
    pub fn open_per_week(&self) -> u64 {
        match self {
            Calendar::Always => crate::engine::time::WEEK,
            Calendar::Business(business) => business.open_per_week(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::time::{HOUR, WEEK};

    #[test]
    fn always_counts_every_millisecond() {
        let always = Calendar::Always;
        assert_eq!(always.elapsed(SimTime(5), SimTime(5 + 3 * HOUR)), 3 * HOUR);
        assert_eq!(always.elapsed(SimTime(10), SimTime(4)), 0);
        assert_eq!(always.elapsed(SimTime(0), SimTime(u64::MAX)), u64::MAX);
        assert_eq!(always.add(SimTime(7), 0), SimTime(7));
        assert_eq!(always.add(SimTime(7), 2 * DAY), SimTime(7 + 2 * DAY));
        assert_eq!(always.add(SimTime(7), u64::MAX), SimTime(u64::MAX));
        assert_eq!(always.add(SimTime(HORIZON - 1), 1), SimTime(HORIZON));
        assert_eq!(always.add(SimTime(HORIZON), 1), SimTime(u64::MAX));
        assert!(always.is_open(SimTime(123)));
        assert_eq!(always.open_per_week(), WEEK);

        // The round trip holds wherever the answer is not "never".
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..1000 {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let from = SimTime((state >> 20) % (100 * WEEK));
            let ms = (state >> 7) % (10 * WEEK);
            assert_eq!(always.elapsed(from, always.add(from, ms)), ms);
        }
    }
}
