//! The file's records (RFC 4180, by the `csv` crate over the byte slice): the delimiter found
//! from the header and the first rows, rows read one at a time with the line each starts on, and
//! a quote left open at the end of the file found where it opened.
//!
//! Rows are numbered as lines of the file, the header being row 1, so that a row number is where
//! a text editor or spreadsheet shows it; a row whose quoted field spans lines has the number of
//! its first line.

use serde::{Deserialize, Serialize};

/// The character between fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delimiter {
    Comma,
    Semicolon,
    Tab,
}

impl Delimiter {
    /// The byte it is.
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }

    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Delimiter::Comma => "comma",
            Delimiter::Semicolon => "semicolon",
            Delimiter::Tab => "tab",
        }
    }

    /// The three a file is tried with, in the order that wins a tie.
    pub const ALL: [Delimiter; 3] = [Delimiter::Comma, Delimiter::Semicolon, Delimiter::Tab];
}

/// Rows looked at to find the delimiter (the header and the rows after it).
const SAMPLE_ROWS: usize = 50;

/// What a delimiter makes of the first rows: the header's field count, and whether every sampled
/// row has as many.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Fit {
    pub delimiter: Delimiter,
    pub columns: usize,
    pub consistent: bool,
}

/// How each delimiter splits the first rows.
pub(super) fn fits(text: &[u8]) -> Vec<Fit> {
    Delimiter::ALL
        .iter()
        .map(|&delimiter| {
            let mut rows = Rows::new(text, delimiter);
            let columns = rows.next().map_or(0, |(_, r)| r.len());
            let mut consistent = true;
            for _ in 1..SAMPLE_ROWS {
                match rows.next() {
                    Some((_, r)) => consistent &= r.len() == columns,
                    None => break,
                }
            }
            Fit { delimiter, columns, consistent }
        })
        .collect()
}

/// The delimiter that splits the header and the first rows into the same number of fields, more
/// than one (the most fields when several do; comma, then semicolon, then tab on a tie). When
/// none gives the same count on every row, the one giving the header the most fields, if more
/// than one: its ragged rows are then skipped one by one, saying so.
pub(super) fn detect(fits: &[Fit]) -> Option<Delimiter> {
    let best = |consistent_only: bool| {
        fits.iter()
            .filter(|f| f.columns > 1 && (f.consistent || !consistent_only))
            .fold(None::<&Fit>, |best, f| match best {
                Some(b) if b.columns >= f.columns => Some(b),
                _ => Some(f),
            })
            .map(|f| f.delimiter)
    };
    best(true).or_else(|| best(false))
}

/// The rows of a text, one at a time.
pub(super) struct Rows<'a> {
    reader: csv::Reader<&'a [u8]>,
    record: csv::ByteRecord,
    text: &'a [u8],
    /// Line breaks counted so far, up to this byte: the csv reader's own line count lags by one
    /// after a CRLF, so rows are numbered from the text.
    counted: (usize, u64),
}

impl<'a> Rows<'a> {
    pub fn new(text: &'a [u8], delimiter: Delimiter) -> Self {
        let reader =
            csv::ReaderBuilder::new().delimiter(delimiter.byte()).has_headers(false).flexible(true).from_reader(text);
        Rows { reader, record: csv::ByteRecord::new(), text, counted: (0, 0) }
    }

    /// The next row and the line it starts on (1-based), or `None` at the end. Reading a byte
    /// slice cannot fail: no I/O, bytes not checked as UTF-8, any field count allowed.
    pub fn next(&mut self) -> Option<(u64, &csv::ByteRecord)> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => {
                let mut start = self.record.position().map_or(0, |p| p.byte() as usize).min(self.text.len());
                // The reader's start may be the line end before the row, or blank lines it skips.
                while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
                    start += 1;
                }
                let (from, breaks) = self.counted;
                let more = line_breaks(&self.text[from.min(start)..start], self.text.get(start).copied());
                self.counted = (start, breaks + more);
                Some((breaks + more + 1, &self.record))
            }
            _ => None,
        }
    }

    /// The share of the text read so far, in [0, 1].
    pub fn fraction(&self) -> f64 {
        self.reader.position().byte() as f64 / self.text.len().max(1) as f64
    }
}

/// Line breaks in `bytes` (LF, CRLF, or a lone CR), given the byte that follows them.
pub(super) fn line_breaks(bytes: &[u8], next: Option<u8>) -> u64 {
    let lone_cr = |i: usize| bytes.get(i + 1).copied().or(next) != Some(b'\n');
    bytes.iter().enumerate().filter(|&(i, &b)| b == b'\n' || (b == b'\r' && lone_cr(i))).count() as u64
}

/// A quoted field whose closing quote is missing: where it opened (the field's index in its row
/// and the line), and the line a later quote closed it on, if one did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct OpenQuote {
    pub field: usize,
    pub line: u64,
    pub closes: Option<u64>,
}

/// Quoted fields whose closing quote is missing. The csv reader is lenient: such a field takes
/// every line up to the next quote (or to the end of the text) without a word, and the row can
/// still have the header's field count. So the text is followed through the quoting rules of
/// RFC 4180: a quoted field that spans lines and is not followed, after its closing quote, by a
/// delimiter or a line end, or that is still open at the end, is one. (A quote inside an
/// unquoted field is text, as the reader takes it.)
pub(super) fn open_quotes(text: &[u8], delimiter: Delimiter) -> Vec<OpenQuote> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut found = Vec::new();
    let (mut state, mut field, mut line, mut opened) = (State::FieldStart, 0, 1u64, (0, 1u64));
    for (i, &b) in text.iter().enumerate() {
        let line_end = b == b'\n' || b == b'\r';
        state = match (state, b) {
            (State::FieldStart, b'"') => {
                opened = (field, line);
                State::Quoted
            }
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (_, b) if b == delimiter.byte() => {
                field += 1;
                State::FieldStart
            }
            (_, _) if line_end => {
                field = 0;
                State::FieldStart
            }
            (State::QuoteInQuoted, _) => {
                if opened.1 < line {
                    found.push(OpenQuote { field: opened.0, line: opened.1, closes: Some(line) });
                }
                State::Unquoted
            }
            _ => State::Unquoted,
        };
        if b == b'\n' || (b == b'\r' && text.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    if state == State::Quoted {
        found.push(OpenQuote { field: opened.0, line: opened.1, closes: None });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delimiter_of(text: &str) -> Option<Delimiter> {
        detect(&fits(text.as_bytes()))
    }

    #[test]
    fn the_delimiter_is_the_one_giving_a_steady_field_count() {
        assert_eq!(delimiter_of("a,b,c\n1,2,3\n"), Some(Delimiter::Comma));
        assert_eq!(delimiter_of("a;b;c\n1,5;2;3\n"), Some(Delimiter::Semicolon));
        assert_eq!(delimiter_of("a\tb\n\"x;y\"\t2\n"), Some(Delimiter::Tab));
        // Commas inside quotes do not count; the semicolons are steady.
        assert_eq!(delimiter_of("a;b\n\"1,2,3\";4\n\"5\";6\n"), Some(Delimiter::Semicolon));
        assert_eq!(delimiter_of("a|b|c\n1|2|3\n"), None);
    }

    #[test]
    fn rows_are_numbered_by_the_line_they_start_on() {
        for text in ["h\n1\n\"2\n2\"\n\n3\n", "h\r\n1\r\n\"2\r\n2\"\r\n\r\n3\r\n", "h\r1\r\"2\r2\"\r\r3\r"] {
            let mut rows = Rows::new(text.as_bytes(), Delimiter::Comma);
            let mut lines = Vec::new();
            while let Some((line, _)) = rows.next() {
                lines.push(line);
            }
            assert_eq!(lines, [1, 2, 3, 6], "{text:?}");
        }
    }

    #[test]
    fn a_quote_left_open_is_found_where_it_opened() {
        let at_end = b"a,b\n1,\"x\n2,y\n3,z\n";
        assert_eq!(open_quotes(at_end, Delimiter::Comma), [OpenQuote { field: 1, line: 2, closes: None }]);
        let closed_later = b"a,b\n\"x,1\n2,\"y\"\n";
        assert_eq!(open_quotes(closed_later, Delimiter::Comma), [OpenQuote { field: 0, line: 2, closes: Some(3) }]);
        let fine = b"a,b\r\n1,\"x\"\"\r\ny\"\r\n\"2\",\"\"\n";
        assert_eq!(open_quotes(fine, Delimiter::Comma), []);
        let lenient = b"a,b\n1,x\"y\n2,\"z\"w\n";
        assert_eq!(open_quotes(lenient, Delimiter::Comma), []);
    }
}
