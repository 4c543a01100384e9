//! The rule parser on arbitrary bytes: it must never panic, every error must point inside the
//! text, and whatever parses must print to a text that parses to the same rules.
#![no_main]

use escalation_lab::engine::rules;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match rules::parse(text) {
        Ok(file) => {
            let printed = file.to_string();
            let again = rules::parse(&printed).expect("the printed form parses");
            assert_eq!(again, file, "printing then parsing changed the rules:\n{printed}");
        }
        Err(e) => {
            assert!(e.span.0 <= e.span.1 && e.span.1 <= text.len(), "span {:?} outside the text", e.span);
            assert!(e.line >= 1 && e.column >= 1);
        }
    }
});
