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
//! - `business`: `BusinessCalendar`, business-hours arithmetic with holidays; `business/working_days`
//!   counts working days ("the same clock time 3 working days later").
//! - `shifts`: `ShiftSchedule`, staff on duty by time of week.

mod business;
mod clock;
mod shifts;
mod weekly;

pub use business::BusinessCalendar;
pub use clock::LocalClock;
pub use shifts::ShiftSchedule;
pub use weekly::{WeeklyWindows, parse_days, parse_time_of_day};

use crate::engine::time::{DAY, HOUR, MINUTE, SimTime, WEEK, describe_minutes, trim_decimals};

/// Instants later than this many ms after the start are treated as "never" by `Calendar::add`
/// (about 1000 years, the same bound durations are held to). Keeping results below it also keeps
/// the business-time arithmetic far away from `u64` overflow.
pub const HORIZON: u64 = 1000 * 365 * DAY;

/// A length of time counted on a calendar, as SLA targets are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    /// Open time in ms: business time on a business calendar, plain time on 24x7.
    Open(u64),
    /// Whole working days: to the same local clock time that many working days later
    /// ([`Calendar::working_days_later`]).
    WorkingDays(u32),
}

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
    #[inline(always)]
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
            Calendar::Always => WEEK,
            Calendar::Business(business) => business.open_per_week(),
        }
    }

    /// Days of the week with open time (7 for `Always`).
    pub fn open_days_per_week(&self) -> u64 {
        match self {
            Calendar::Always => 7,
            Calendar::Business(business) => business.open_days_per_week(),
        }
    }

    /// The mean open time of a working day of the weekly pattern, in ms (`DAY` for `Always`):
    /// how long a working day is on average, for wording targets.
    pub fn mean_working_day(&self) -> u64 {
        self.open_per_week() / self.open_days_per_week().max(1)
    }

    /// The instant `n` working days after `from`: the same local clock time `n` working days later,
    /// counted from `from` or, if the calendar is closed then, from its next opening. Every day is a
    /// working day of `Always`, so there it is `from + n` days. `SimTime(u64::MAX)` beyond `HORIZON`.
    pub fn working_days_later(&self, from: SimTime, n: u32) -> SimTime {
        let end = match self {
            Calendar::Always => from.after(u64::from(n) * DAY),
            Calendar::Business(business) => business.working_days_later(from, n),
        };
        if end.0 > HORIZON { SimTime(u64::MAX) } else { end }
    }

    /// The open time a span holds when it starts at `from`: itself for `Open`, and for working days
    /// the open time up to their end, which depends on the start (days differ, weekends and
    /// holidays intervene). An SLA clock running from `from` breaches once it has used more.
    #[inline(always)]
    pub fn span_ms(&self, from: SimTime, span: Span) -> u64 {
        match span {
            Span::Open(ms) => ms,
            Span::WorkingDays(n) => self.elapsed(from, self.working_days_later(from, n)),
        }
    }

    /// A span in words that cannot be misread, with the calendar's name: `"3 working days on
    /// Office hours"`, `"72 business hours = 7.2 working days on Office hours"`, `"4 h on 24x7"`.
    pub fn describe_span(&self, span: Span, name: &str) -> String {
        format!("{} on {name}", self.describe_amount(span))
    }

    /// A span in words without the calendar's name: `"3 working days"`, `"4 h"` on `Always`,
    /// `"72 business hours = 7.2 working days"` on a business calendar (a working day being the
    /// mean open time of the week's open days; given from one working day up).
    pub fn describe_amount(&self, span: Span) -> String {
        let plural = |n: &str| if n == "1" { "" } else { "s" };
        match (span, self) {
            (Span::WorkingDays(n), _) => format!("{n} working day{}", plural(&n.to_string())),
            (Span::Open(ms), Calendar::Always) => describe_minutes(ms as f64 / MINUTE as f64),
            (Span::Open(ms), Calendar::Business(_)) => {
                let amount = if ms < HOUR {
                    let m = trim_decimals(ms as f64 / MINUTE as f64, 1);
                    format!("{m} business minute{}", plural(&m))
                } else {
                    let h = trim_decimals(ms as f64 / HOUR as f64, 1);
                    format!("{h} business hour{}", plural(&h))
                };
                let day = self.mean_working_day();
                if day > 0 && ms >= day {
                    let days = trim_decimals(ms as f64 / day as f64, 1);
                    format!("{amount} = {days} working day{}", plural(&days))
                } else {
                    amount
                }
            }
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
