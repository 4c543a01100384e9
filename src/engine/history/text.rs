//! The file's bytes as text: a UTF-8 byte-order mark read past, files that are no CSV text
//! refused, and fields that are not UTF-8 read as Windows-1252.
//!
//! Exports from older spreadsheets and Windows tools are often Windows-1252 (or Latin-1, which
//! it extends): refusing them would refuse much real data, and guessing among many encodings
//! needs a large table. So a field is read as UTF-8 when it is valid UTF-8, and otherwise byte by
//! byte as Windows-1252, whose 0x80-0x9F block is the one table below; the result says so.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// The encoding a file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// UTF-8, no byte-order mark.
    Utf8,
    /// UTF-8 after a byte-order mark (EF BB BF), as Excel writes "CSV UTF-8".
    Utf8Bom,
    /// Not valid UTF-8: the fields that are not were read as Windows-1252 (Latin-1 with
    /// typographic characters in 0x80-0x9F).
    Windows1252,
}

impl Encoding {
    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with byte-order mark",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// Why bytes are not CSV text at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum NotText {
    /// No bytes, or only white space.
    Empty,
    /// A UTF-16 byte-order mark ("Unicode text" from Excel).
    Utf16,
    /// A zip archive: a spreadsheet workbook (xlsx, ods) rather than its CSV export.
    Workbook,
    /// A NUL byte, at this offset: UTF-16 without a mark, or a binary file.
    Nul(usize),
}

/// The text part of the file (after any byte-order mark), its encoding, and the offset of its
/// first byte that is not UTF-8 (relative to the text part).
pub(super) fn start(bytes: &[u8]) -> Result<(&[u8], Encoding, Option<usize>), NotText> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(NotText::Utf16);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(NotText::Workbook);
    }
    let (body, bom) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(NotText::Empty);
    }
    if let Some(at) = body.iter().position(|&b| b == 0) {
        return Err(NotText::Nul(at));
    }
    Ok(match std::str::from_utf8(body) {
        Ok(_) if bom => (body, Encoding::Utf8Bom, None),
        Ok(_) => (body, Encoding::Utf8, None),
        Err(e) => (body, Encoding::Windows1252, Some(e.valid_up_to())),
    })
}

/// A field's text: itself when it is UTF-8, else read as Windows-1252.
pub(super) fn decode(field: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(field) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(windows_1252(field)),
    }
}

/// The first byte of a field that is not UTF-8, with the character it is read as.
pub(super) fn first_foreign_byte(field: &[u8]) -> Option<(u8, char)> {
    let at = std::str::from_utf8(field).err()?.valid_up_to();
    let byte = field[at];
    Some((byte, windows_1252_char(byte)))
}

/// Bytes read as Windows-1252.
fn windows_1252(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| windows_1252_char(b)).collect()
}

/// One Windows-1252 byte as a character. Below 0x80 it is ASCII and from 0xA0 Latin-1 (the code
/// point is the byte); 0x80-0x9F holds typographic characters, and its five unassigned bytes
/// are read as the C1 controls Latin-1 has there.
fn windows_1252_char(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', // 80-87
        '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}', // 88-8F
        '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', // 90-97
        '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}', // 98-9F
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_reads_latin_1_and_the_typographic_block() {
        assert_eq!(decode(b"caf\xE9"), "café");
        assert_eq!(decode(b"\x80 \x93ok\x94 \x96 \x9F"), "€ \u{201C}ok\u{201D} – Ÿ");
        assert_eq!(decode("déjà".as_bytes()), "déjà");
        assert_eq!(first_foreign_byte(b"ab\xE9"), Some((0xE9, 'é')));
    }

    #[test]
    fn what_is_not_text_is_refused() {
        assert_eq!(start(b"").unwrap_err(), NotText::Empty);
        assert_eq!(start(b"\xEF\xBB\xBF \r\n").unwrap_err(), NotText::Empty);
        assert_eq!(start(b"\xFF\xFEa\0").unwrap_err(), NotText::Utf16);
        assert_eq!(start(b"PK\x03\x04rest").unwrap_err(), NotText::Workbook);
        assert_eq!(start(b"a,b\n\0").unwrap_err(), NotText::Nul(4));
        assert_eq!(start(b"\xEF\xBB\xBFa,b").unwrap(), (&b"a,b"[..], Encoding::Utf8Bom, None));
        assert_eq!(start(b"a,\xE9").unwrap(), (&b"a,\xE9"[..], Encoding::Windows1252, Some(2)));
    }
}
