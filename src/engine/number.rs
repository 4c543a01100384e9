//! Decimal numbers as people type them, read by the scenario's own JSON reader.
//!
//! Every number the app reads from text (a form field, a duration in a rule, a share link's
//! settings) goes through [`parse`], so the module carries one float reader: the standard
//! library's `f64::from_str` would add a 20 KB table of powers of five to the download, which
//! `serde_json` (already there for scenarios) does without. The two agree on every number of up to
//! 15 significant digits and a decimal exponent within ±22 (each is one correctly rounded
//! operation on exact operands), which covers what anyone types into a field; a scenario
//! written back and read again gets the same value it had.

/// Reads `text` as a decimal number: an optional sign, digits with an optional point (`12`,
/// `0.85`, `.5`, `7.`, `-3`, `+2`) and an optional exponent (`1e3`, `2.5E-2`); `inf`, `infinity`
/// and `nan` in any case, as the standard library reads them. A number too large for `f64` is
/// infinite, as there. Nothing else is a number (no spaces, no thousands separators).
pub fn parse(text: &str) -> Option<f64> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let signed = |v: f64| if negative { -v } else { v };
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Some(signed(f64::INFINITY));
    }
    if lower == "nan" {
        return Some(f64::NAN);
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    // JSON wants a digit before the point and one after it, and no leading zeros.
    let whole = whole.trim_start_matches('0');
    let mut json = String::with_capacity(text.len() + 3);
    json.push_str(if whole.is_empty() { "0" } else { whole });
    if !fraction.is_empty() {
        json.push('.');
        json.push_str(fraction);
    }
    if let Some(exponent) = exponent {
        let unsigned = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if unsigned.is_empty() || !digits(unsigned) {
            return None;
        }
        json.push('e');
        json.push_str(exponent);
    }
    match serde_json::from_str::<f64>(&json) {
        Ok(v) => Some(signed(v)),
        // The text is a well-formed number, so the reader refused only its size.
        Err(_) => Some(signed(f64::INFINITY)),
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_what_the_standard_library_reads() {
        for text in [
            "0",
            "12",
            "0.85",
            ".5",
            "7.",
            "-3",
            "+2",
            "1e3",
            "2.5E-2",
            "-0.25e+1",
            "007",
            "0.1",
            "0.2",
            "0.3",
            "123456789012345",
            "99.99",
            "1e22",
            "1e-22",
            "3.14159",
            "-0",
            "100000",
            "0.000001",
            "8.5e2",
        ] {
            let want: f64 = text.parse().unwrap();
            assert_eq!(parse(text).map(f64::to_bits), Some(want.to_bits()), "{text}");
        }
        assert_eq!(parse("inf"), Some(f64::INFINITY));
        assert_eq!(parse("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(parse("NaN").unwrap().is_nan());
        assert_eq!(parse("1e400"), Some(f64::INFINITY));
        assert_eq!(parse("-1e400"), Some(f64::NEG_INFINITY));
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for text in [
            "", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", " 1", "1 ", "1,5", "1_000", "0x10", "--1", "1e5.5", "abc",
            "١",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
            assert!(text.parse::<f64>().is_err(), "the standard library reads {text:?}");
        }
    }
}
