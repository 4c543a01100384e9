//! The rule parser on arbitrary bytes: it must never panic, every error must point inside the
//! text, whatever parses must print to a text that parses to the same rules, and the recovering
//! parse must agree with the all-or-nothing one.
#![no_main]

use escalation_lab::engine::rules;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (partial, errors) = rules::parse_all(text);
    for e in &errors {
        assert!(e.span.0 <= e.span.1 && e.span.1 <= text.len(), "span {:?} outside the text", e.span);
        assert!(e.line >= 1 && e.column >= 1);
    }
    // The rules that parsed despite errors print and parse again as themselves.
    let printed = partial.to_string();
    let again = rules::parse(&printed).expect("the printed form of the rules that parsed parses");
    assert_eq!(again, partial, "printing then parsing changed the rules:\n{printed}");
    match rules::parse(text) {
        Ok(file) => {
            assert!(errors.is_empty());
            assert_eq!(file, partial);
        }
        Err(e) => assert_eq!(Some(&e), errors.first()),
    }
});
