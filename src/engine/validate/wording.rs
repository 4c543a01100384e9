//! serde_json's messages in the words of the people who edit scenarios.
//!
//! serde speaks of Rust types ("invalid type: string \"many\", expected u32"); a process designer
//! reads "must be a whole number, not the text \"many\"". Messages this module does not recognise
//! pass through unchanged, so nothing is lost when serde words something new.

use crate::engine::problem::near_match;

/// The plain-language form of a serde_json message (without its " at line X column Y" tail) about
/// the value at `path` (such as `levels[0].staff`, or empty when unknown): a whole number that
/// counts something says what it counts ("a whole number of staff").
pub fn plain_at(message: &str, path: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some((got, wanted)) = message.strip_prefix(prefix).and_then(|rest| rest.rsplit_once(", expected ")) {
            let wanted = wanted.trim();
            // A whole number too large for its field: say how large it may be.
            let max = match wanted {
                "u8" => Some(u64::from(u8::MAX)),
                "u16" => Some(u64::from(u16::MAX)),
                "u32" => Some(u64::from(u32::MAX)),
                _ => None,
            };
            if let Some(max) = max
                && got.starts_with("integer `")
                && !got.contains('-')
            {
                return format!("must be a whole number from 0 to {max}, not {}", describe_value(got));
            }
            let must = match (counted(path), UNSIGNED.contains(&wanted)) {
                (Some(noun), true) => format!("must be a whole number of {noun}"),
                _ => must_be(wanted),
            };
            // A number typed in quotes: if the number itself fits, only the quotes are wrong; if
            // not, the number is what to talk about ("not 2.5", not "not the text \"2.5\"").
            if let Some(text) = got.strip_prefix("string ")
                && let Some(n) = number_in(text)
                && NUMERIC.contains(&wanted)
            {
                if fits(n, wanted) {
                    return format!("{must}, written without quotes, not the text {text}");
                }
                return format!("{}, not {}", qualified(&must, n, wanted), trim_number(n));
            }
            let negative = got.starts_with("integer `-") || got.starts_with("floating point `-");
            let must = if negative && UNSIGNED.contains(&wanted) { qualified(&must, -1.0, wanted) } else { must };
            return format!("{must}, not {}", describe_value(got));
        }
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (field, known) = rest
            .split_once(", expected ")
            .or_else(|| rest.split_once(", there are no fields").map(|(f, _)| (f, "")))
            .unwrap_or((rest, ""));
        let field = unquote(field);
        return match names(known) {
            Some(list) if list.len() == 1 => format!("unknown field \"{field}\"; the only field here is {}", list[0]),
            Some(list) => {
                let hint = near_match(&field, list.iter().map(String::as_str))
                    .map(|c| format!(" (did you mean \"{c}\"?)"))
                    .unwrap_or_default();
                format!("unknown field \"{field}\"{hint}; the fields here are {}", list.join(", "))
            }
            None => format!("unknown field \"{field}\"; this object takes no fields"),
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (got, known) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let got = unquote(got);
        return match names(known) {
            Some(list) => {
                let hint = near_match(&got, list.iter().map(String::as_str))
                    .map(|c| format!(" (did you mean \"{c}\"?)"))
                    .unwrap_or_default();
                format!("\"{got}\" is not one of {}{hint}", list.join(", "))
            }
            None => format!("\"{got}\" is not allowed here"),
        };
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("the required field \"{}\" is missing", unquote(field));
    }
    if let Some(rest) = message.strip_prefix("duplicate field ") {
        return format!("the field \"{}\" is given twice", unquote(rest));
    }
    let syntax = match message {
        "expected value" => "a value (number, text in quotes, true/false, list or object) was expected here",
        "expected `,` or `}`" => "a comma or a closing } is missing here",
        "expected `,` or `]`" => "a comma or a closing ] is missing here",
        "expected `:`" => "a colon is missing after this key",
        "key must be a string" => "a field name in double quotes was expected here (an extra comma?)",
        "trailing comma" => "JSON allows no comma before a closing bracket",
        "trailing characters" => "there is more text after the end of the scenario",
        "EOF while parsing an object" => "the file ends before this object is closed with }",
        "EOF while parsing a list" => "the file ends before this list is closed with ]",
        "EOF while parsing a string" => "the file ends inside a text value (a closing \" is missing)",
        "EOF while parsing a value" => "the file ends where a value was expected",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "a text value contains a line break or tab; write it as \\n or \\t"
        }
        "invalid escape" => "a backslash in a text value must start an escape such as \\n or \\\"",
        "invalid number" => "this is not a valid number",
        "number out of range" => "this number is too large",
        _ => return message.to_string(),
    };
    format!("JSON syntax: {syntax}")
}

const UNSIGNED: [&str; 5] = ["u8", "u16", "u32", "u64", "usize"];
const NUMERIC: [&str; 12] = ["u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize", "f32", "f64"];

/// What a whole-number field counts, by the field's name (the last part of its path).
fn counted(path: &str) -> Option<&'static str> {
    let field = path.rsplit('.').next().unwrap_or(path);
    let field = field.split('[').next().unwrap_or(field);
    match field {
        "staff" => Some("staff"),
        "replications" => Some("replications"),
        "journeys" => Some("journeys"),
        "max_issues" => Some("issues"),
        _ => None,
    }
}

/// The number a quoted text holds (`"2.5"` -> 2.5), if it is one.
fn number_in(quoted: &str) -> Option<f64> {
    let inner = quoted.strip_prefix('"')?.strip_suffix('"')?.trim();
    crate::engine::number::parse(inner).filter(|n| n.is_finite())
}

/// Whether a number is a value of serde's type `wanted`.
fn fits(n: f64, wanted: &str) -> bool {
    if wanted.starts_with('f') {
        return true;
    }
    n.fract() == 0.0 && (n >= 0.0 || wanted.starts_with('i'))
}

/// "must be a whole number of staff" with "0 or more" added when the wrong number is negative and
/// the field takes none, so that "-3" is not refused as if it were not whole.
fn qualified(must: &str, n: f64, wanted: &str) -> String {
    if n < 0.0 && UNSIGNED.contains(&wanted) && !must.ends_with("0 or more") {
        format!("{must}, 0 or more")
    } else {
        must.to_string()
    }
}

/// A number as written by people: `2.5`, `3`, never `3.0`.
fn trim_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

/// "must be ..." for serde's description of what it wanted.
fn must_be(wanted: &str) -> String {
    let w = wanted.trim();
    let what = match w {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number of 0 or more",
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a string" | "string" => "text in double quotes",
        "a boolean" | "bool" => "true or false",
        "a sequence" | "a tuple" => "a list in [ ]",
        "a map" => "an object in { }",
        "unit" => "null",
        _ if w.starts_with("struct ") || w.starts_with("a map") => "an object in { }",
        _ if w.starts_with("a sequence") || w.starts_with("a tuple") || w.starts_with("tuple") => "a list in [ ]",
        _ if w.starts_with("enum ") || w.starts_with("variant identifier") => "one of the allowed names",
        _ => return format!("must be {w}"),
    };
    format!("must be {what}")
}

/// A value as serde_json describes it (`string "x"`, `integer `5``, `map`) in plain words.
fn describe_value(got: &str) -> String {
    if let Some(s) = got.strip_prefix("string ") {
        return format!("the text {s}");
    }
    for prefix in ["integer ", "floating point "] {
        if let Some(n) = got.strip_prefix(prefix) {
            return unquote(n);
        }
    }
    match got {
        "map" => "an object".into(),
        "sequence" => "a list".into(),
        "null" | "unit value" => "null".into(),
        "boolean `true`" => "true".into(),
        "boolean `false`" => "false".into(),
        _ => got.to_string(),
    }
}

/// The names in serde's "`a`, `b` or `c`" / "one of `a`, `b`" lists; `None` for "there are no fields".
fn names(list: &str) -> Option<Vec<String>> {
    let list = list.trim();
    if list.is_empty() || list.starts_with("there are no") {
        return None;
    }
    let names: Vec<String> = list.split('`').skip(1).step_by(2).map(str::to_string).collect();
    (!names.is_empty()).then_some(names)
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches('`').to_string()
}

#[cfg(test)]
mod tests {
    use super::plain_at;

    #[test]
    fn serde_messages_become_plain_language() {
        let cases = [
            (
                "invalid type: string \"many\", expected u32",
                "must be a whole number of 0 or more, not the text \"many\"",
            ),
            ("invalid type: floating point `1.5`, expected u32", "must be a whole number of 0 or more, not 1.5"),
            ("invalid value: integer `-1`, expected u32", "must be a whole number of 0 or more, not -1"),
            (
                "invalid value: integer `1000000000000`, expected u32",
                "must be a whole number from 0 to 4294967295, not 1000000000000",
            ),
            ("invalid type: integer `5`, expected a string", "must be text in double quotes, not 5"),
            ("invalid type: map, expected a sequence", "must be a list in [ ], not an object"),
            ("invalid type: string \"x\", expected f64", "must be a number, not the text \"x\""),
            ("invalid type: null, expected struct LevelDoc", "must be an object in { }, not null"),
            (
                "unknown field `colour`, expected one of `name`, `role`, `staff`",
                "unknown field \"colour\"; the fields here are name, role, staff",
            ),
            (
                "unknown field `staf`, expected one of `name`, `role`, `staff`",
                "unknown field \"staf\" (did you mean \"staff\"?); the fields here are name, role, staff",
            ),
            ("unknown field `x`, there are no fields", "unknown field \"x\"; this object takes no fields"),
            (
                "unknown variant `expo`, expected one of `exponential`, `lognormal`",
                "\"expo\" is not one of exponential, lognormal",
            ),
            (
                "unknown variant `frontlne`, expected one of `frontline`, `team_lead`, `manager`",
                "\"frontlne\" is not one of frontline, team_lead, manager (did you mean \"frontline\"?)",
            ),
            ("missing field `staff`", "the required field \"staff\" is missing"),
            ("trailing comma", "JSON syntax: JSON allows no comma before a closing bracket"),
            (
                "expected value",
                "JSON syntax: a value (number, text in quotes, true/false, list or object) was expected here",
            ),
            ("something serde says one day", "something serde says one day"),
        ];
        for (serde, want) in cases {
            assert_eq!(plain_at(serde, ""), want, "for {serde:?}");
        }
    }

    #[test]
    fn a_count_says_what_it_counts_and_a_quoted_number_is_a_number() {
        let cases = [
            (
                "invalid type: floating point `2.5`, expected u32",
                "levels[1].staff",
                "must be a whole number of staff, not 2.5",
            ),
            (
                "invalid type: string \"2.5\", expected u32",
                "levels[0].shifts[2].staff",
                "must be a whole number of staff, not 2.5",
            ),
            (
                "invalid value: integer `-2`, expected u32",
                "levels[0].staff",
                "must be a whole number of staff, 0 or more, not -2",
            ),
            (
                "invalid type: string \"-2\", expected u32",
                "levels[0].staff",
                "must be a whole number of staff, 0 or more, not -2",
            ),
            (
                "invalid type: string \"4\", expected u32",
                "levels[0].staff",
                "must be a whole number of staff, written without quotes, not the text \"4\"",
            ),
            (
                "invalid type: string \"0.5\", expected f64",
                "levels[0].resolve_probability",
                "must be a number, written without quotes, not the text \"0.5\"",
            ),
            (
                "invalid type: floating point `1.5`, expected u64",
                "run.seed",
                "must be a whole number of 0 or more, not 1.5",
            ),
        ];
        for (serde, path, want) in cases {
            assert_eq!(plain_at(serde, path), want, "for {serde:?} at {path}");
        }
    }
}
