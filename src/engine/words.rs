//! Small changes of case in the sentences the app writes.
//!
//! They apply to the app's own words (section names, target names, "the preset …"), which are
//! ASCII at the start, so they change ASCII letters only: the standard library's Unicode case
//! tables would add kilobytes to the download for letters these words never start with.

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

#[cfg(test)]
mod tests {
    use super::{capitalised, uncapitalised};

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
