//! The handbook as one printable HTML page: its style sheet inside, no script, no link, image or
//! font to fetch, so it opens and prints the same anywhere; every text escaped.

use super::{Block, Handbook};

/// Readable on screen, and on paper: black on white, no section split across a page.
const STYLE: &str = "body { font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif; \
line-height: 1.45; color: #1d2330; background: #fff; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #1d2330; padding-bottom: .3rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #d9dee6; }
h3 { font-size: 1.05rem; margin-top: 1.2rem; }
ul { padding-left: 1.3rem; }
li { margin: .2rem 0; }
section { break-inside: avoid; page-break-inside: avoid; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; color: #000; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
}
";

pub(super) fn write(h: &Handbook) -> String {
    let mut out = String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    element(&mut out, "title", &h.title);
    out.push_str("<style>\n");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n");
    element(&mut out, "h1", &h.title);
    for s in &h.sections {
        out.push_str("<section>\n");
        element(&mut out, if s.depth == 2 { "h2" } else { "h3" }, &s.heading);
        for b in &s.blocks {
            match b {
                Block::Text(t) => element(&mut out, "p", t),
                Block::List(items) => {
                    out.push_str("<ul>\n");
                    for item in items {
                        element(&mut out, "li", item);
                    }
                    out.push_str("</ul>\n");
                }
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// `<tag>text</tag>` and a line break, the text escaped.
fn element(out: &mut String, tag: &str, text: &str) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    out.push_str(&escape(text));
    out.push_str("</");
    out.push_str(tag);
    out.push_str(">\n");
}

/// A text as HTML text or attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
