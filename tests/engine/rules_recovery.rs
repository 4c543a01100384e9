//! The parser going on after errors: a corpus of rule texts broken as people mistype them (quotes,
//! keywords, units, brackets left out or misspelt; one error or several), each with the errors it
//! must report (line:column and a piece of the message). Besides those, few other messages may
//! follow from the same slips: the cascade figure (messages beyond the intended errors, per
//! intended error) is printed and kept at most 1 on average. And in texts of several rules, the
//! rules without an error are still returned.

use escalation_lab::engine::rules::{self, RuleError};

/// A broken text, the errors it must report ("line:column", a piece of the message), and the
/// names of the rules in it that have no error.
pub(crate) struct Case {
    pub(crate) text: &'static str,
    errors: &'static [(&'static str, &'static str)],
    pub(crate) clean: &'static [&'static str],
}

pub(crate) const CORPUS: &[Case] = &[
    // Quotes.
    Case {
        text: "rule \"a when category is \"legal\" then escalate",
        errors: &[("1:27", "expected \"when\"")],
        clean: &[],
    },
    Case { text: "rule a when category is \"legal\" then escalate", errors: &[("1:6", "double quotes")], clean: &[] },
    Case {
        text: "rule \"a\" when category is legal then escalate",
        errors: &[("1:27", "expected a name in double quotes, found \"legal\"")],
        clean: &[],
    },
    Case {
        text: "rule \"a\" when category is \"legal then escalate\nrule \"b\" when resolved then escalate",
        errors: &[("1:27", "closing quote")],
        clean: &["b"],
    },
    Case {
        text: "rule \"a\" when level is 'L2' then escalate",
        errors: &[("1:24", "names go in double quotes")],
        clean: &[],
    },
    Case {
        text: "rule \"a\" when resolved then route to Executive",
        errors: &[("1:38", "expected a name in double quotes")],
        clean: &[],
    },
    Case {
        text: "rule \"a\" when tags contain lawsuit then escalate\nrule \"b\" when age > 1h then notify Team",
        errors: &[("1:28", "double quotes"), ("2:36", "double quotes")],
        clean: &[],
    },
    // Keywords misspelt or left out.
    Case {
        text: "rule \"a\" whem category is \"x\" then escalate",
        errors: &[("1:10", "did you mean \"when\"")],
        clean: &[],
    },
    Case { text: "rule \"a\" when category is \"x\" than escalate", errors: &[("1:31", "\"then\"")], clean: &[] },
    Case { text: "rule \"a\" category is \"x\" then escalate", errors: &[("1:10", "expected \"when\"")], clean: &[] },
    Case { text: "rule \"a\" when category is \"x\" escalate", errors: &[("1:31", "\"then\"")], clean: &[] },
    Case {
        text: "rul \"a\" when resolved then escalate\nrule \"b\" when arrives then route to \"L1\"",
        errors: &[("1:1", "did you mean \"rule\"")],
        clean: &["b"],
    },
    Case {
        text: "rule \"a\" when catgory is \"x\" then escalate",
        errors: &[],
        // A misspelt test word reads as an attribute: the name check finds it, not the parser.
        clean: &["a"],
    },
    Case {
        text: "rule \"a\" when waitng > 5m then escalate",
        errors: &[("1:15", "did you mean \"waiting\"")],
        clean: &[],
    },
    Case {
        text: "rule \"a\" when priority is \"P1\" annd age > 1h then escalate",
        errors: &[("1:32", "did you mean \"and\"")],
        clean: &[],
    },
    Case {
        text: "rule \"a\" when resolved then escalte to \"L2\"",
        errors: &[("1:29", "did you mean \"escalate\"")],
        clean: &[],
    },
    Case {
        text: "rule \"a\" when resolved then notfy \"Lead\"\nrule \"b\" when arrives then escalate",
        errors: &[("1:29", "did you mean \"notify\"")],
        clean: &["b"],
    },
    Case {
        text: "rule \"a\" when tags contains \"x\" then escalate",
        errors: &[("1:20", "did you mean \"contain\"")],
        clean: &[],
    },
    Case { text: "rule \"a\" when resolved then close as resolve", errors: &[("1:38", "\"resolved\"")], clean: &[] },
    Case { text: "rule \"a\" when resolved then route \"L2\"", errors: &[("1:35", "expected \"to\"")], clean: &[] },
    Case {
        text: "rule \"a\" when priority at \"P2\" then escalate",
        errors: &[("1:27", "expected \"least\"")],
        clean: &[],
    },
    Case {
        text: "ruleset \"x\" frist match\nrule \"a\" when arrives then route to \"L1\"",
        errors: &[("1:13", "first match or all match")],
        clean: &["a"],
    },
    // Units and numbers.
    Case { text: "rule \"a\" when age > 24 then escalate", errors: &[("1:21", "a duration such as 30m")], clean: &[] },
    Case {
        text: "rule \"a\" when waiting > 30 mins then escalate",
        errors: &[("1:25", "a duration such as 30m")],
        clean: &[],
    },
    Case {
        text: "rule \"a\" when age > 2 days then escalate",
        errors: &[("1:21", "a duration such as 30m")],
        clean: &[],
    },
    Case {
        text: "rule \"a\" when sla.resolution.elapsed >= 80 then escalate",
        errors: &[("1:41", "a percentage such as 80%")],
        clean: &[],
    },
    Case {
        text: "rule \"a\" when escalations >= two then escalate",
        errors: &[("1:30", "expected a number")],
        clean: &[],
    },
    Case {
        text: "rule \"a\" when age > 0m then escalate\nrule \"b\" when age > 1h30bh then escalate",
        errors: &[("1:21", "a zero duration"), ("2:21", "mixes business hours")],
        clean: &[],
    },
    Case { text: "rule \"a\" when age => 1h then escalate", errors: &[("1:19", "a comparison")], clean: &[] },
    Case {
        text: "rule \"a\" when priority = \"P1\" then escalate",
        errors: &[("1:24", "compare with is for names")],
        clean: &[],
    },
    Case {
        text: "rule \"a\" when sla.resolutoin.elapsed >= 80% then escalate",
        errors: &[("1:19", "response or resolution")],
        clean: &[],
    },
    // Brackets.
    Case {
        text: "rule \"a\" when (waiting > 1m or age > 1h then escalate",
        errors: &[("1:41", "the \"(\" at line 1, column 15 is not closed")],
        clean: &[],
    },
    Case { text: "rule \"a\" when waiting > 1m) then escalate", errors: &[("1:27", "found \")\"")], clean: &[] },
    Case {
        text: "rule \"a\" when category in [\"x\", \"y\" then escalate",
        errors: &[("1:37", "\",\" or \"]\"")],
        clean: &[],
    },
    Case { text: "rule \"a\" when category in \"x\", \"y\" then escalate", errors: &[("1:27", "\"[\"")], clean: &[] },
    // Actions.
    Case {
        text: "rule \"a\" when resolved then notify \"Lead\" escalate",
        errors: &[("1:43", "expected \";\"")],
        clean: &[],
    },
    Case { text: "rule \"a\" when resolved then", errors: &[("1:28", "expected an action")], clean: &[] },
    Case {
        text: "rule \"a\" when resolved then notify \"Lead\" costing 10\nrule \"b\" when arrives then escalate",
        errors: &[("1:51", "a duration such as 30m")],
        clean: &["b"],
    },
    // Several errors in one text.
    Case {
        text: "rule \"a\" when category is legal then escalte\nrule \"b\" when age > 24 then escalate\nrule \"c\" when resolved then close as resolved",
        errors: &[("1:27", "double quotes"), ("1:38", "did you mean \"escalate\""), ("2:21", "a duration")],
        clean: &["c"],
    },
    Case {
        text: "rule \"a\" whem resolved then escalate\n\nrule \"b\" when (age > 1h then escalate\n\nrule \"c\" when arrives then route to \"L1\"\n\nrule \"d\" when waiting > 5 then notify \"Lead\"",
        errors: &[("1:10", "did you mean \"when\""), ("3:25", "not closed"), ("7:25", "a duration")],
        clean: &["c"],
    },
    Case {
        text: "ruleset \"main\" first match\nrule \"a\" when priority is P1 then escalate\nrule \"b\" when priority is \"P2\" then escalate\nrule \"c\" when priority is \"P3\" then notfy \"Lead\"",
        errors: &[("2:27", "double quotes"), ("4:37", "did you mean \"notify\"")],
        clean: &["b"],
    },
    Case {
        text: "rule \"a\" when sla.response.elapsed >= 80 then raise priority; notify Lead\nrule \"b\" when reopens > 0 then escalate",
        errors: &[("1:39", "a percentage"), ("1:70", "double quotes")],
        clean: &["b"],
    },
    Case {
        text: "rule \"a\" when age > 1h then escalate\nrule \"b\" when age > 2h then escalate\nrule \"c\" when age > 3 then escalate\nrule \"d\" when age > 4h then escalate",
        errors: &[("3:21", "a duration")],
        clean: &["a", "b", "d"],
    },
    Case {
        text: "# escalations\nrule \"vip\"\n  when tier is \"gold\" and age > 2h\n  then escalate to \"L2\n\nrule \"rest\"\n  when age > 8h\n  then escalate",
        errors: &[("4:20", "closing quote")],
        clean: &["rest"],
    },
    Case {
        text: "rule \"a\" when category is \"x\" and (priority is \"P1\" or priority is \"P2\" then escalate; pause sla\nrule \"b\" when category is \"y\" then route to \"L3\"; resum sla",
        errors: &[("1:73", "not closed"), ("2:51", "did you mean \"resume\"")],
        clean: &[],
    },
    Case {
        text: "rule \"a\" when resolved then escalate;; notify \"x\"\nrule \"b\" when arrives then escalate",
        errors: &[("1:38", "expected an action")],
        clean: &["b"],
    },
];

fn place(e: &RuleError) -> String {
    format!("{}:{}", e.line, e.column)
}

#[test]
fn every_intended_error_is_reported_with_few_others() {
    let mut ratios = Vec::new();
    let mut failures = Vec::new();
    for case in CORPUS {
        let (_, errors) = rules::parse_all(case.text);
        for (at, fragment) in case.errors {
            let found = errors.iter().any(|e| place(e) == *at && e.to_string_without_place().contains(fragment));
            if !found {
                failures.push(format!("{:?}: no error at {at} with {fragment:?}; got {errors:#?}", case.text));
            }
        }
        let intended = case.errors.len();
        if intended > 0 {
            #[allow(clippy::cast_precision_loss, reason = "small counts")]
            ratios.push((errors.len() as f64 - intended as f64) / intended as f64);
        } else if !errors.is_empty() {
            failures.push(format!("{:?}: no error intended, got {errors:#?}", case.text));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    #[allow(clippy::cast_precision_loss, reason = "small counts")]
    let cascade = ratios.iter().sum::<f64>() / ratios.len() as f64;
    let intended: usize = CORPUS.iter().map(|c| c.errors.len()).sum();
    let total: usize = CORPUS.iter().map(|c| rules::parse_all(c.text).1.len()).sum();
    eprintln!(
        "rule recovery corpus: {} texts, {intended} intended errors, {total} messages; cascade {cascade:.3} (messages beyond the intended, per intended error, on average)",
        CORPUS.len()
    );
    assert!(CORPUS.len() >= 40);
    assert!(cascade <= 1.0, "cascade {cascade}");
}

#[test]
fn rules_without_errors_are_still_returned() {
    for case in CORPUS {
        let (file, _) = rules::parse_all(case.text);
        let names: Vec<&str> = file.sets.iter().flat_map(|s| &s.rules).map(|r| r.name.value.as_str()).collect();
        assert_eq!(names, case.clean, "for {:?}", case.text);
    }
}

#[test]
fn parse_gives_the_first_error_of_parse_all() {
    for case in CORPUS {
        let (file, errors) = rules::parse_all(case.text);
        match rules::parse(case.text) {
            Ok(f) => assert!(errors.is_empty() && f == file, "{:?}", case.text),
            Err(e) => assert_eq!(Some(&e), errors.first(), "{:?}", case.text),
        }
    }
}

#[test]
fn a_rule_set_header_with_an_error_keeps_its_rules_apart() {
    let (file, errors) = rules::parse_all(
        "rule \"a\" when arrives then escalate\nruleset \"vip\" some match\nrule \"b\" when arrives then escalate",
    );
    assert_eq!(errors.len(), 1);
    assert_eq!(file.sets.len(), 2);
    assert_eq!(file.sets[1].name.as_ref().map(|n| n.value.as_str()), Some("vip"));
    assert_eq!(file.sets[1].rules[0].name.value, "b");
}

#[test]
fn a_text_with_very_many_errors_stops_at_the_limit() {
    let text = "rule rule ".repeat(100_000);
    let (_, errors) = rules::parse_all(&text);
    assert_eq!(errors.len(), rules::parse::MAX_ERRORS);
}

#[test]
fn validation_lists_every_syntax_error_and_checks_the_rules_that_parsed() {
    let mut doc = super::support::preset("b1");
    doc["rules"] = "rule \"a\" when waiting > 30 then escalate\nrule \"b\" when arrives then route to \"Nowhere\"\nrule \"c\" whem arrives then escalate"
        .into();
    let validation = escalation_lab::engine::load(&doc.to_string());
    let errors: Vec<String> = validation
        .errors()
        .map(|p| format!("{}:{}:{}: {}", p.path, p.line.unwrap_or(0), p.column.unwrap_or(0), p.message))
        .collect();
    assert_eq!(
        errors,
        [
            "rules:1:25: expected a duration such as 30m, 4h, 2d or 8bh, found \"30\"",
            "rules:2:37: unknown level \"Nowhere\" (level names: L1, L2, L3, L4)",
            "rules:3:10: expected \"when\", found \"whem\" (did you mean \"when\"?)",
        ]
    );
    // A scenario with an error does not run.
    assert!(validation.model.is_none());
}

/// Words of the language and slips, for texts that get further into the grammar than random
/// characters do.
const PIECES: &[&str] = &[
    "rule",
    "ruleset",
    "\"a\"",
    "\"b",
    "when",
    "then",
    "(",
    ")",
    "not",
    "and",
    "or",
    "age",
    "waiting",
    ">",
    ">=",
    "1h",
    "24",
    "0m",
    "8bh",
    "is",
    "in",
    "[",
    "]",
    ",",
    ";",
    "escalate",
    "to",
    "notify",
    "costing",
    "loop",
    "back",
    "times",
    "category",
    "priority",
    "at",
    "least",
    "sla",
    ".",
    "resolution",
    "elapsed",
    "80%",
    "first",
    "match",
    "tier",
    "\n",
    "#",
    "whem",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 600, ..Default::default() })]

    #[test]
    fn word_soup_never_panics_and_what_parses_prints_back(
        picks in proptest::collection::vec(0..PIECES.len(), 0..40)
    ) {
        let text: Vec<&str> = picks.iter().map(|&i| PIECES[i]).collect();
        let text = text.join(" ");
        let (partial, errors) = rules::parse_all(&text);
        for e in &errors {
            proptest::prop_assert!(e.span.0 <= e.span.1 && e.span.1 <= text.len());
        }
        let printed = partial.to_string();
        proptest::prop_assert_eq!(rules::parse(&printed).ok(), Some(partial), "{}", text);
        match rules::parse(&text) {
            Ok(_) => proptest::prop_assert!(errors.is_empty()),
            Err(e) => proptest::prop_assert_eq!(Some(&e), errors.first()),
        }
    }
}

#[test]
fn a_keyword_before_is_or_in_names_an_attribute_as_it_always_did() {
    for (text, attribute) in [
        ("rule \"a\" when tags is \"x\" then escalate", "tags"),
        ("rule \"a\" when not is \"x\" then escalate", "not"),
        ("rule \"a\" when not in [\"x\"] then escalate", "not"),
        ("rule \"a\" when in is \"x\" then escalate", "in"),
    ] {
        let file = rules::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let when = &file.sets[0].rules[0].when.value;
        assert!(
            matches!(when, escalation_lab::engine::rules::syntax::Expr::Test(escalation_lab::engine::rules::syntax::Test::Attribute { name, .. }) if name.value == attribute),
            "{text}: {when:?}"
        );
    }
    // But a negation that reads is one.
    assert!(rules::parse("rule \"a\" when not in business hours then escalate").is_ok());
}
