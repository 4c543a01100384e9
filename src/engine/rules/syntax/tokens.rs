//! Rule text split into pieces for highlighting: a quick scan, not the parser, so that it works
//! on any text, however broken.

use super::{KEYWORDS, Span};

/// What a piece of rule text is, for highlighting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Keyword,
    Name,
    Number,
    Comment,
    Punctuation,
    Word,
    Space,
}

/// Splits rule text into highlightable pieces that cover it exactly, in order. A quick scan, not
/// the parser: it works on any text, however broken, which is what an editor shows while typing.
pub fn tokens(text: &str) -> Vec<(Span, TokenKind)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let start = i;
        let c = text[i..].chars().next().expect("inside the text");
        let kind = if c == '#' {
            // To the line's end, as the parser reads it: `\n`, or `\r` alone or before `\n`.
            i = text[i..].find(['\n', '\r']).map_or(text.len(), |n| i + n);
            TokenKind::Comment
        } else if c == '"' {
            i += 1;
            while i < text.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                i += if bytes[i] == b'\\' && i + 1 < text.len() && bytes[i + 1] != b'\n' { 2 } else { 1 };
            }
            if i < text.len() && bytes[i] == b'"' {
                i += 1;
            }
            TokenKind::Name
        } else if c.is_ascii_digit() {
            while i < text.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.' || bytes[i] == b'%') {
                i += 1;
            }
            TokenKind::Number
        } else if c.is_alphabetic() || c == '_' {
            while i < text.len() {
                let d = text[i..].chars().next().expect("inside the text");
                if !(d.is_alphanumeric() || d == '_') {
                    break;
                }
                i += d.len_utf8();
            }
            if KEYWORDS.contains(&&text[start..i]) { TokenKind::Keyword } else { TokenKind::Word }
        } else if c.is_whitespace() {
            while i < text.len() {
                let d = text[i..].chars().next().expect("inside the text");
                if !d.is_whitespace() {
                    break;
                }
                i += d.len_utf8();
            }
            TokenKind::Space
        } else {
            i += c.len_utf8();
            TokenKind::Punctuation
        };
        out.push((Span { start, end: i }, kind));
    }
    out
}

/// A piece of rule text as a message quotes it: comments left out and each run of spaces and
/// line breaks made one space, so that how the text was laid out never shows in what is said.
pub fn one_line(text: &str) -> String {
    let mut out = String::new();
    for (span, kind) in tokens(text) {
        match kind {
            TokenKind::Comment => {}
            TokenKind::Space => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            _ => out.push_str(&text[span.start..span.end]),
        }
    }
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_piece_of_text_is_one_line_without_its_comments() {
        for (text, quoted) in [
            ("sla.resolution.elapsed > # a note\n297%", "sla.resolution.elapsed > 297%"),
            ("  waiting\t>\r\n  1h  ", "waiting > 1h"),
            ("time at level \"a  # b\" > 2bh", "time at level \"a  # b\" > 2bh"),
            ("# only a note", ""),
        ] {
            assert_eq!(one_line(text), quoted, "{text:?}");
        }
    }

    #[test]
    fn tokens_cover_any_text_exactly() {
        for text in ["rule \"a\" when age > 24h # note\nthen escalate", "\"unclosed\nnext", "é 12bh% \\ \"x\\\"y\"", ""]
        {
            let toks = tokens(text);
            let mut at = 0;
            for (span, _) in &toks {
                assert_eq!(span.start, at, "{text:?}");
                assert!(span.end > span.start);
                at = span.end;
            }
            assert_eq!(at, text.len());
        }
        let kinds: Vec<TokenKind> = tokens("rule \"a\" when age > 24h # x")
            .into_iter()
            .map(|(_, k)| k)
            .filter(|k| *k != TokenKind::Space)
            .collect();
        use TokenKind::*;
        assert_eq!(kinds, [Keyword, Name, Keyword, Keyword, Punctuation, Number, Comment]);
    }
}
