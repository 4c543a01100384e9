//! A date value split by hand into its parts (date, time, AM/PM, offset) before its format is
//! known: which number is the day is for the column's format to say.

use super::Separator;

/// A value split into its parts, before its format is known.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Parts {
    pub date: Shape,
    /// Hour, minute, second, millisecond; and `Some(pm)` when written with AM/PM.
    pub time: Option<(u32, u32, u32, u32, Option<bool>)>,
    /// Minutes east of UTC, when written.
    pub offset: Option<i32>,
}

/// The date part of a value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Shape {
    YearFirst {
        year: i32,
        month: u32,
        day: u32,
    },
    /// Two numbers, then the year: which is the day is the format's to say.
    YearLast {
        separator: Separator,
        first: u32,
        second: u32,
        year: i32,
    },
    MonthName {
        day: u32,
        month: u32,
        year: i32,
    },
    Epoch {
        millis: i64,
        seconds: bool,
    },
}

/// A cursor over a value's bytes.
struct Cursor<'a> {
    s: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        self.at += usize::from(hit);
        hit
    }

    /// Up to `max` digits as a number, with how many there were (none: `None`).
    fn number(&mut self, max: usize) -> Option<(u32, usize)> {
        let start = self.at;
        let mut n = 0u32;
        while self.at - start < max && self.peek().is_some_and(|b| b.is_ascii_digit()) {
            n = n * 10 + u32::from(self.s[self.at] - b'0');
            self.at += 1;
        }
        (self.at > start).then_some((n, self.at - start))
    }

    fn spaces(&mut self) -> bool {
        let start = self.at;
        while self.peek() == Some(b' ') {
            self.at += 1;
        }
        self.at > start
    }

    /// The rest, case-insensitively, if it starts with `word`.
    fn word(&mut self, word: &str) -> bool {
        let hit = self.s.len() >= self.at + word.len()
            && self.s[self.at..self.at + word.len()].eq_ignore_ascii_case(word.as_bytes());
        self.at += if hit { word.len() } else { 0 };
        hit
    }
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

pub(super) fn parts(value: &str) -> Option<Parts> {
    let s = value.trim().as_bytes();
    if s.iter().all(u8::is_ascii_digit) {
        let n: i64 = value.trim().parse().ok()?;
        return match s.len() {
            9 | 10 => {
                Some(Parts { date: Shape::Epoch { millis: n * 1000, seconds: true }, time: None, offset: Some(0) })
            }
            12 | 13 => Some(Parts { date: Shape::Epoch { millis: n, seconds: false }, time: None, offset: Some(0) }),
            _ => None,
        };
    }
    let mut c = Cursor { s, at: 0 };
    let (first, first_digits) = c.number(4)?;
    let separator = match c.peek()? {
        b'-' => Separator::Dash,
        b'/' => Separator::Slash,
        b'.' => Separator::Dot,
        _ => return None,
    };
    c.at += 1;
    let month_name = MONTHS.iter().position(|m| c.word(m));
    if month_name.is_some() {
        while c.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
            c.at += 1; // "Sept", "March"
        }
    }
    let second = match month_name {
        Some(m) => (m as u32 + 1, 0),
        None => c.number(2)?,
    };
    if !c.eat(s[first_digits]) {
        return None;
    }
    let (third, third_digits) = c.number(4)?;
    let date = match (first_digits, month_name, third_digits) {
        (4, None, 1 | 2) => Shape::YearFirst { year: i32::try_from(first).ok()?, month: second.0, day: third },
        (1 | 2, Some(_), 2 | 4) => {
            let year = if third_digits == 2 { if third < 70 { 2000 + third } else { 1900 + third } } else { third };
            Shape::MonthName { day: first, month: second.0, year: i32::try_from(year).ok()? }
        }
        (1 | 2, None, 4) => Shape::YearLast { separator, first, second: second.0, year: i32::try_from(third).ok()? },
        _ => return None,
    };
    if c.at == s.len() {
        return Some(Parts { date, time: None, offset: None });
    }
    if !(c.eat(b'T') || c.spaces()) {
        return None;
    }
    let (hour, _) = c.number(2)?;
    if !c.eat(b':') {
        return None;
    }
    let (minute, minute_digits) = c.number(2)?;
    let (mut second, mut milli) = (0, 0);
    if minute_digits != 2 {
        return None;
    }
    if c.eat(b':') {
        second = c.number(2).filter(|&(_, d)| d == 2)?.0;
        if c.eat(b'.') || c.eat(b',') {
            let start = c.at;
            while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                c.at += 1;
            }
            let digits = &s[start..c.at];
            if digits.is_empty() {
                return None;
            }
            milli = digits.iter().take(3).fold(0, |n, d| n * 10 + u32::from(d - b'0'));
            milli *= [100, 10, 1][digits.len().min(3) - 1];
        }
    }
    c.spaces();
    let pm = if c.word("am") || c.word("a.m.") {
        Some(false)
    } else if c.word("pm") || c.word("p.m.") {
        Some(true)
    } else {
        None
    };
    c.spaces();
    let offset = offset(&mut c)?;
    (c.at == s.len()).then_some(Parts { date, time: Some((hour, minute, second, milli, pm)), offset })
}

/// An offset at the end of a value: `Some(None)` when there is none, `None` when it is not one.
fn offset(c: &mut Cursor) -> Option<Option<i32>> {
    if c.peek().is_none() {
        return Some(None);
    }
    if c.eat(b'Z') || c.word("UTC") || c.word("GMT") {
        return Some(Some(0));
    }
    let sign = match c.peek()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    c.at += 1;
    let (h, hd) = c.number(2)?;
    let m = if c.eat(b':') || c.peek().is_some_and(|b| b.is_ascii_digit()) { c.number(2)?.0 } else { 0 };
    let minutes = i32::try_from(h * 60 + m).ok()?;
    (hd == 2 && h <= 18 && m < 60).then_some(Some(sign * minutes))
}
