//! Small changes of case: in the sentences the app writes, and to compare the user's names and
//! texts without regard to case.
//!
//! The app's own words (section names, target names, "the preset …") are ASCII at the start, so
//! their changes touch ASCII letters only. The user's names and an export's columns and states
//! may be in any language: [`lower`] lowers the letters of the alphabets such names are written
//! in (Latin with its accented letters, Greek, Cyrillic) exactly as the standard library does,
//! and leaves those of other scripts as written. The standard library's full Unicode case tables
//! would add 4 KB to the download (gzipped) for scripts whose letters mostly have no case.

/// `s` with its first letter in capitals (`next reply` → `Next reply`).
pub fn capitalised(s: &str) -> String {
    first_changed(s, str::make_ascii_uppercase)
}

/// `s` with its first letter in lower case, to continue a sentence (`Every goal` → `every goal`).
pub fn uncapitalised(s: &str) -> String {
    first_changed(s, str::make_ascii_lowercase)
}

/// `s` with `change` made to its first character when that is ASCII.
fn first_changed(s: &str, change: fn(&mut str)) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        change(first);
    }
    out
}

/// `c` in lower case, as the standard library lowers it, for the letters of ASCII, Latin-1,
/// Latin Extended-A, Greek and Cyrillic (but for `İ`, whose lower case is two characters) and
/// the paired letters of Latin Extended-B (Romanian `Ș`, `Ț`, Pinyin's `Ǎ`, ...); any other
/// character as it is.
pub fn lower(c: char) -> char {
    let u = u32::from(c);
    let lowered = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => u + 0x20,
        0x100..=0x12F
        | 0x132..=0x137
        | 0x14A..=0x177
        | 0x1DE..=0x1EF
        | 0x1F8..=0x21F
        | 0x222..=0x233
        | 0x370..=0x373
        | 0x376
        | 0x3D8..=0x3EF
        | 0x460..=0x481
        | 0x48A..=0x4BF
        | 0x4D0..=0x52F
            if u % 2 == 0 =>
        {
            u + 1
        }
        0x139..=0x148 | 0x179..=0x17E | 0x1CD..=0x1DC | 0x4C1..=0x4CE if u % 2 == 1 => u + 1,
        0x178 => 0xFF,
        0x37F => 0x3F3,
        0x386 => 0x3AC,
        0x388..=0x38A => u + 0x25,
        0x38C => 0x3CC,
        0x38E..=0x38F => u + 0x3F,
        0x3CF => 0x3D7,
        0x3F4 => 0x3B8,
        0x3F7 | 0x3FA => u + 1,
        0x3F9 => 0x3F2,
        0x3FD..=0x3FF => u - 0x82,
        0x400..=0x40F => u + 0x50,
        0x4C0 => 0x4CF,
        _ => u,
    };
    char::from_u32(lowered).unwrap_or(c)
}

/// `s` with each character [`lower`]ed.
pub fn lowered(s: &str) -> String {
    s.chars().map(lower).collect()
}

/// Whether `a` and `b` are the same text without regard to case (as [`lower`] sees case).
pub fn same_without_case(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || (!(a.is_ascii() && b.is_ascii()) && a.chars().map(lower).eq(b.chars().map(lower)))
}

#[cfg(test)]
mod tests {
    use super::{capitalised, lower, lowered, same_without_case, uncapitalised};

    #[test]
    fn lowers_latin_greek_and_cyrillic_letters_as_the_standard_library_does() {
        // The blocks lowered in full: Basic Latin, Latin-1, Latin Extended-A, Greek, Cyrillic.
        let full = |u: u32| u < 0x180 || (0x370..0x530).contains(&u);
        let (mut changed, mut left) = (0, Vec::new());
        for c in (0..0x530).filter_map(char::from_u32) {
            let mut std = c.to_lowercase();
            let expected = match (std.next(), std.next()) {
                (Some(one), None) => one,
                // `İ` lowers to `i` and a combining dot: left as it is.
                _ => c,
            };
            let u = u32::from(c);
            if full(u) || lower(c) != c {
                assert_eq!(lower(c), expected, "U+{u:04X} {c}");
            } else if expected != c {
                left.push(u);
            }
            changed += usize::from(lower(c) != c);
        }
        assert_eq!(changed, 369);
        // What is left as written: Latin Extended-B's letters outside its pairs (African and
        // phonetic letters), and their case-paired IPA letters.
        assert!(left.iter().all(|u| (0x180..0x250).contains(u)), "{left:X?}");
    }

    #[test]
    fn compares_without_regard_to_case() {
        assert!(same_without_case("Resolved", "RESOLVED"));
        assert!(same_without_case("Résolu", "RÉSOLU"));
        assert!(same_without_case("Решено", "РЕШЕНО"));
        assert!(same_without_case("Λύθηκε", "ΛΎΘΗΚΕ"));
        assert!(same_without_case("Zamknięte", "ZAMKNIĘTE"));
        assert!(!same_without_case("Resolved", "Resolve"));
        assert!(!same_without_case("Résolu", "Resolu"));
        assert_eq!(lowered("Équipe Été"), "équipe été");
        // Letters of scripts beyond these blocks are compared as written.
        assert!(!same_without_case("Ա", "ա"));
    }

    #[test]
    fn the_first_ascii_letter_changes_case_and_nothing_else() {
        assert_eq!(capitalised("next reply"), "Next reply");
        assert_eq!(capitalised("Levels"), "Levels");
        assert_eq!(capitalised(""), "");
        assert_eq!(capitalised("2 levels"), "2 levels");
        assert_eq!(capitalised("the file “x”"), "The file “x”");
        assert_eq!(capitalised("élan"), "élan");
        assert_eq!(uncapitalised("Every goal is met"), "every goal is met");
        assert_eq!(uncapitalised("SLA targets"), "sLA targets");
        assert_eq!(uncapitalised(""), "");
    }
}
