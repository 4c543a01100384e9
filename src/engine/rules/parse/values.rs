//! Durations, percentages and counts: read as one run of characters, then checked for sense (a
//! zero duration, business time mixed with clock time, a share or count out of range). A value
//! that reads but makes no sense is reported where it stands and parsing goes on.

use super::RuleError;
use super::reader::{Expected, Reader, is_ident_char};
use crate::engine::rules::syntax::{Duration, Span, Spanned};
use crate::engine::time::parse_duration;

const UNITS: [&str; 7] = ["ms", "bh", "s", "m", "h", "d", "w"];

/// `30m`, `1h30m`, `8bh`, `1.5bh`: numbers each followed by a unit, not followed by a letter.
pub(super) fn duration(r: &mut Reader<'_>) -> Option<Spanned<Duration>> {
    let start = r.skip();
    let end = r.run_end(start);
    let s = &r.text[start..end];
    // Each piece: a number, then a unit (the longer first, so "ms" is not "m" then "s").
    let mut at = start;
    let mut business = false;
    let mut clock = false;
    while at < end {
        let Some(number_end) = r.number_end(at) else { break };
        let Some(unit) = UNITS.iter().find(|u| r.text[number_end..end].starts_with(**u)) else {
            at = end + 1;
            break;
        };
        if *unit == "bh" {
            business = true;
        } else {
            clock = true;
        }
        at = number_end + unit.len();
    }
    if at != end || at == start {
        r.note(start, Expected::Duration);
        return None;
    }
    r.pos = end;
    let span = Span { start, end };
    let text = r.text;
    if business && clock {
        r.error(
            RuleError::at(text, span, format!("\"{s}\" mixes business hours with clock time"))
                .with_hint("write business time in bh only, e.g. 8bh or 1.5bh"),
        );
        return Some(Spanned::new(Duration { ms: 1, business }, span));
    }
    let ms = if business {
        let hours: f64 = s.split("bh").filter(|p| !p.is_empty()).filter_map(crate::engine::number::parse).sum();
        let ms = (hours * 3_600_000.0).round();
        if ms.is_nan() || ms >= 1e15 {
            r.error(RuleError::at(text, span, format!("\"{s}\" is too long a duration")));
            return Some(Spanned::new(Duration { ms: 1, business }, span));
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "a whole number below 1e15")]
        let ms = ms as u64;
        ms
    } else {
        match parse_duration(s) {
            Ok(ms) => ms,
            Err(e) => {
                r.error(RuleError::at(text, span, e.to_string()));
                return Some(Spanned::new(Duration { ms: 1, business }, span));
            }
        }
    };
    if ms == 0 {
        r.error(
            RuleError::at(text, span, "a zero duration never passes")
                .with_hint("to act at once, leave the time condition out"),
        );
    }
    Some(Spanned::new(Duration { ms: ms.max(1), business }, span))
}

/// `80%`, `12.5%`: a share of an SLA target, 0% to 1000%.
pub(super) fn percent(r: &mut Reader<'_>) -> Option<Spanned<f64>> {
    let start = r.skip();
    let Some(end) = r.number_end(start).filter(|&e| r.text.as_bytes().get(e) == Some(&b'%')) else {
        r.note(start, Expected::Percent);
        return None;
    };
    r.pos = end + 1;
    let span = Span { start, end: end + 1 };
    let value = crate::engine::number::parse(&r.text[start..end]).unwrap_or(f64::NAN);
    if !(0.0..=1000.0).contains(&value) {
        r.error(
            RuleError::at(r.text, span, format!("{value}% is not a sensible share of an SLA target"))
                .with_hint("use 0% to 1000%"),
        );
    }
    Some(Spanned::new(value, span))
}

/// A whole number of escalations or reopens, at most 1000.
pub(super) fn count(r: &mut Reader<'_>) -> Option<Spanned<u32>> {
    let start = r.skip();
    let bytes = r.text.as_bytes();
    let mut end = start;
    while bytes.get(end).is_some_and(u8::is_ascii_digit) {
        end += 1;
    }
    if end == start || bytes.get(end).is_some_and(|&b| is_ident_char(b)) {
        r.note(start, Expected::Count);
        return None;
    }
    r.pos = end;
    let span = Span { start, end };
    let digits = &r.text[start..end];
    let value = digits.parse::<u32>().ok().filter(|&v| v <= 1000);
    if value.is_none() {
        r.error(RuleError::at(r.text, span, format!("{digits} is too large a count")).with_hint("use at most 1000"));
    }
    Some(Spanned::new(value.unwrap_or(0), span))
}
