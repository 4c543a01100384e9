//! `escalation-lab rules fmt FILE [--write | --check]`: a rule text in the canonical layout with
//! its comments kept (`engine::rules::format`).
//!
//! FILE is a scenario when its first character other than a space is `{` (a rule text cannot
//! begin so), and then its `rules` field is formatted; otherwise it is a rule text. A scenario is
//! rewritten by replacing the `rules` string where it is written in the file, so every other byte
//! of the file stays as it was (the new string is written as `serde_json` writes strings).

use std::process::ExitCode;

use escalation_lab::engine::rules::{self, RuleError, parse::line_column};

pub(super) fn main(parser: &mut lexopt::Parser) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let usage = "rules needs what to do and a FILE: rules fmt FILE [--write | --check]";
    match parser.next().map_err(|e| e.to_string())? {
        Some(Value(v)) if v == "fmt" => {}
        Some(Value(v)) => return Err(format!("unknown rules command \"{}\"; {usage}", v.to_string_lossy())),
        Some(other) => return Err(format!("{}; {usage}", other.unexpected())),
        None => return Err(usage.into()),
    }
    let (mut file, mut write, mut check) = (None, false, false);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("write") => write = true,
            Long("check") => check = true,
            Value(v) if file.is_none() => file = Some(v.string().map_err(|e| e.to_string())?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    let file = file.ok_or("rules fmt needs a FILE: a scenario or a rule text")?;
    if write && check {
        return Err("--write and --check do not go together: --check only says whether FILE is formatted".into());
    }
    fmt(&file, write, check)
}

fn fmt(file: &str, write: bool, check: bool) -> Result<ExitCode, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read \"{file}\": {e}"))?;
    let (formatted, changed) = match formatted(&text) {
        Ok(done) => done,
        Err(places) => {
            for (line, column, message) in places {
                eprintln!("{file}:{line}:{column}: {message}");
            }
            return Ok(ExitCode::from(2));
        }
    };
    if check {
        if changed {
            println!("{file}: not formatted (escalation-lab rules fmt --write {file} formats it)");
            return Ok(ExitCode::from(1));
        }
    } else if write {
        if changed {
            std::fs::write(file, &formatted).map_err(|e| format!("cannot write \"{file}\": {e}"))?;
        }
    } else {
        print(&formatted)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A problem's line and column in the file, and what it is.
type Place = (usize, usize, String);

/// The file's text with its rules formatted, and whether that changes them; or the problems
/// found, each at its line and column in the file (a byte-order mark kept, and not counted).
fn formatted(text: &str) -> Result<(String, bool), Vec<Place>> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = &text[..text.len() - body.len()];
    if !body.trim_start().starts_with('{') {
        let out = rules::format(body)
            .map_err(|errors| errors.iter().map(|e| (e.line, e.column, said(e))).collect::<Vec<_>>())?;
        let changed = out != body;
        return Ok((format!("{bom}{out}"), changed));
    }
    let doc: serde_json::Value = serde_json::from_str(body).map_err(|e| {
        let message = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        vec![(e.line(), e.column(), message.strip_suffix(&suffix).unwrap_or(&message).to_string())]
    })?;
    let Some(rules) = doc.get("rules") else { return Ok((text.to_string(), false)) };
    let (Some(rules), Some((start, end))) = (rules.as_str(), rules_literal(body)) else {
        return Err(vec![(1, 1, "the \"rules\" field is not a text".into())]);
    };
    let out = rules::format(rules).map_err(|errors| {
        let raw = raw_offsets(&body[start..end]);
        errors
            .iter()
            .map(|e| {
                let at = start + raw.get(e.span.0).copied().unwrap_or(0);
                let (line, column) = line_column(body, at);
                (line, column, said(e))
            })
            .collect::<Vec<_>>()
    })?;
    if out == rules {
        return Ok((text.to_string(), false));
    }
    let literal = serde_json::to_string(&out).map_err(|e| vec![(1, 1, e.to_string())])?;
    Ok((format!("{bom}{}{literal}{}", &body[..start], &body[end..]), true))
}

fn said(e: &RuleError) -> String {
    e.to_string_without_place()
}

/// The byte range of the string literal (quotes included) that is the value of the last `rules`
/// member of the JSON object `json` (a valid one: the scan trusts it), if that value is a string.
fn rules_literal(json: &str) -> Option<(usize, usize)> {
    let bytes = json.as_bytes();
    let space = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    // The end of the string literal starting at `i`.
    let string_end = |mut i: usize| {
        i += 1;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'\\' => i += 2,
                b'"' => return i + 1,
                _ => i += 1,
            }
        }
        i
    };
    let mut i = space(0);
    if bytes.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    let mut found = None;
    loop {
        i = space(i);
        if bytes.get(i) != Some(&b'"') {
            return found;
        }
        let key_end = string_end(i);
        let key: Option<String> = serde_json::from_str(&json[i..key_end]).ok();
        i = space(key_end);
        i = space(i + 1); // the colon
        let value = i;
        // The value's end: a string, or anything up to the comma or brace that ends it at depth 0.
        let mut depth = 0usize;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'"' => i = string_end(i),
                b'{' | b'[' => {
                    depth += 1;
                    i += 1;
                }
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    i += 1;
                }
                b',' | b'}' if depth == 0 => break,
                _ => i += 1,
            }
        }
        if key.as_deref() == Some("rules") && bytes.get(value) == Some(&b'"') {
            found = Some((value, string_end(value)));
        }
        if bytes.get(i) != Some(&b',') {
            return found;
        }
        i += 1;
    }
}

/// For each byte of a JSON string literal's text (and its end), the offset in the literal where
/// the character it belongs to is written.
fn raw_offsets(literal: &str) -> Vec<usize> {
    let mut out = Vec::with_capacity(literal.len());
    let mut chars = literal.char_indices().skip(1).peekable();
    while let Some((at, c)) = chars.next() {
        let decoded = match c {
            '"' => break,
            '\\' => match chars.next() {
                Some((_, 'u')) => {
                    let hex: String = (0..4).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                    let unit = u32::from_str_radix(&hex, 16).unwrap_or(0);
                    if (0xD800..0xDC00).contains(&unit) {
                        // A surrogate pair: the second half follows as another `\uXXXX`.
                        for _ in 0..6 {
                            chars.next();
                        }
                        4
                    } else {
                        char::from_u32(unit).map_or(3, char::len_utf8)
                    }
                }
                _ => 1,
            },
            c => c.len_utf8(),
        };
        out.extend(std::iter::repeat_n(at, decoded));
    }
    let end = literal.len().saturating_sub(1);
    out.push(end);
    out
}

/// Writes the text as it is to standard output (a reader gone away ends the program quietly).
fn print(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(format!("cannot write the output: {e}")),
    }
}
