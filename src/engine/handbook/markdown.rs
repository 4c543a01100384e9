//! The handbook as Markdown (CommonMark): headings, paragraphs and bulleted lists, every text
//! from the scenario escaped so that a name never turns into markup, a link or raw HTML.

use super::{Block, Handbook};

pub(super) fn write(h: &Handbook) -> String {
    let mut out = format!("# {}\n", escape(&h.title));
    for s in &h.sections {
        out.push('\n');
        out.push_str(&"#".repeat(usize::from(s.depth)));
        out.push(' ');
        out.push_str(&escape(&s.heading));
        out.push('\n');
        for b in &s.blocks {
            out.push('\n');
            match b {
                Block::Text(t) => {
                    out.push_str(&escape(t));
                    out.push('\n');
                }
                Block::List(items) => {
                    for item in items {
                        out.push_str("- ");
                        out.push_str(&escape(item));
                        out.push('\n');
                    }
                }
            }
        }
    }
    out
}

/// A text with the characters that make Markdown or HTML backslash-escaped; an underscore
/// inside a word (`billing_dispute`) is left as it is, since it never makes emphasis there.
pub(super) fn escape(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let inside_word = |k: Option<&char>| k.is_some_and(|c| c.is_alphanumeric());
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '&' | '|' | '#' | '!' => true,
            '_' => !(inside_word(i.checked_sub(1).and_then(|k| chars.get(k))) && inside_word(chars.get(i + 1))),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn names_never_become_markup() {
        assert_eq!(escape("<b>&x"), "\\<b\\>\\&x");
        assert_eq!(escape("billing_dispute"), "billing_dispute");
        assert_eq!(escape("_lead_ *a* [x](y)"), "\\_lead\\_ \\*a\\* \\[x\\](y)");
    }
}
