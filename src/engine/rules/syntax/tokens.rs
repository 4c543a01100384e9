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

#[cfg(test)]
mod tests {
    use super::*;

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
