//! The rule language's syntax: a table of valid snippets with their parsed meaning (as the
//! canonical text they print back to), a table of invalid snippets with their exact error span
//! and message, and properties: printing then parsing gives the same rules, and no text makes
//! the parser panic.

use escalation_lab::engine::rules::{self, syntax::*};
use proptest::prelude::*;

/// Valid snippets and their canonical form.
const VALID: &[(&str, &str)] = &[
    (
        "rule \"legal risk goes to the executive\"\n  when category is \"legal\" or tags contain \"lawsuit\"\n  then route to \"Executive\"",
        "rule \"legal risk goes to the executive\"\n  when category is \"legal\" or tags contain \"lawsuit\"\n  then route to \"Executive\"\n",
    ),
    (
        "rule \"complaints reach the regional manager within 24h\"\n  when category is \"complaint\" and age > 24h and not resolved\n  then escalate to \"Regional manager\"",
        "rule \"complaints reach the regional manager within 24h\"\n  when category is \"complaint\" and age > 1d and not resolved\n  then escalate to \"Regional manager\"\n",
    ),
    (
        "rule \"warn at 80% of the resolution SLA\"\n  when sla.resolution.elapsed >= 80%\n  then notify \"Team lead\"; raise priority",
        "rule \"warn at 80% of the resolution SLA\"\n  when sla.resolution.elapsed >= 80%\n  then notify \"Team lead\"; raise priority\n",
    ),
    // Precedence: and binds tighter than or; parentheses kept only where they matter.
    (
        "rule \"p\" when (priority is \"P1\" or priority is \"P2\") and (waiting > 30m) then escalate",
        "rule \"p\"\n  when (priority is \"P1\" or priority is \"P2\") and waiting > 30m\n  then escalate\n",
    ),
    (
        "rule \"q\" when not (level is \"L1\" and escalations >= 2) then close as resolved",
        "rule \"q\"\n  when not (level is \"L1\" and escalations >= 2)\n  then close as resolved\n",
    ),
    // Lists, attributes bare and quoted, business time, counts, comments.
    (
        "# gold customers first\nruleset \"vip\" first match\nrule \"gold\" when tier in [\"gold\", \"platinum\",] and attribute \"customer tier\" is \"x\" then set priority \"P1\"\nrule \"slow\" when time at level > 8bh on \"UK\" and in business hours \"UK\" then notify \"Manager\" costing 15m; pause sla",
        "ruleset \"vip\" first match\nrule \"gold\"\n  when tier in [\"gold\", \"platinum\"] and attribute \"customer tier\" is \"x\"\n  then set priority \"P1\"\n\nrule \"slow\"\n  when time at level > 8bh on \"UK\" and in business hours \"UK\"\n  then notify \"Manager\" costing 15m; pause sla\n",
    ),
    (
        "rule \"r\" when service ends unresolved and reopens < 1 and priority at least \"P2\" then escalate; resume sla",
        "rule \"r\"\n  when service ends unresolved and reopens < 1 and priority at least \"P2\"\n  then escalate; resume sla\n",
    ),
    (
        "rule \"esc\\\"aped\" when age <= 1h30m then escalate",
        "rule \"esc\\\"aped\"\n  when age <= 1h30m\n  then escalate\n",
    ),
    ("", ""),
    (
        "rule \"repeat the policy\" when level is \"Rule 3\" and waiting > 30m then loop back to \"Rule 1\" 2 times",
        "rule \"repeat the policy\"\n  when level is \"Rule 3\" and waiting > 30m\n  then loop back to \"Rule 1\" 2 times\n",
    ),
];

/// An invalid snippet, its error's span (byte offsets), "line:column: message" and hint.
type Invalid = (&'static str, (usize, usize), &'static str, Option<&'static str>);

const INVALID: &[Invalid] = &[
    (
        "rule \"x\" when waiting > 1m then loop back to \"L1\" times",
        (50, 55),
        "1:51: expected a number, found \"times\"",
        None,
    ),
    (
        "rule \"x\" when (waiting > 1m then escalate",
        (28, 32),
        "1:29: expected \"and\", \"or\" or \"on\", found \"then\"",
        Some("the \"(\" at line 1, column 15 is not closed with \")\""),
    ),
    (
        "rule \"x when level is \"L2\" then escalate",
        (23, 26),
        "1:24: expected \"when\", found \"L2\"\"",
        Some("the text in quotes at line 1, column 6 runs on into the rule: is a closing quote missing?"),
    ),
    (
        "rule \"a\" whem category is \"x\" then escalate",
        (9, 13),
        "1:10: expected \"when\", found \"whem\"",
        Some("did you mean \"when\"?"),
    ),
    (
        "rule \"a\" when category is x then escalate",
        (26, 27),
        "1:27: expected a name in double quotes, found \"x\"",
        Some("names go in double quotes: \"x\""),
    ),
    (
        "rule \"a\" when age > 24 then escalate",
        (20, 22),
        "1:21: expected a duration such as 30m, 4h, 2d or 8bh, found \"24\"",
        None,
    ),
    (
        "rule \"a\"\n  when age > 1h30bh\n  then escalate",
        (22, 28),
        "2:14: \"1h30bh\" mixes business hours with clock time",
        Some("write business time in bh only, e.g. 8bh or 1.5bh"),
    ),
    (
        "rule \"a\" when age > 0m then escalate",
        (20, 22),
        "1:21: a zero duration never passes",
        Some("to act at once, leave the time condition out"),
    ),
    (
        "rule \"a\" when priority = \"P1\" then escalate",
        (23, 24),
        "1:24: expected \"at\", \"in\" or \"is\", found \"=\"",
        Some("compare with is for names, or >, >=, <, <= for times and counts"),
    ),
    ("rule \"a\" when resolved then", (27, 27), "1:28: expected an action, found the end of the text", None),
    (
        "rule \"a\" when resolved then escalate to",
        (39, 39),
        "1:40: expected a name in double quotes, found the end of the text",
        None,
    ),
    (
        "rule \"a\" when sla.resolution.elapsed >= 2000% then escalate",
        (40, 45),
        "1:41: 2000% is not a sensible share of an SLA target",
        Some("use 0% to 1000%"),
    ),
    ("ruleset \"x\" some match", (12, 16), "1:13: expected first match or all match, found \"some\"", None),
    (
        "rule \"a\" when resolved then escalate\nrule b",
        (42, 43),
        "2:6: expected a name in double quotes, found \"b\"",
        Some("names go in double quotes: \"b\""),
    ),
];

#[test]
fn valid_snippets_parse_to_their_meaning() {
    for (text, canonical) in VALID {
        let parsed = rules::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(parsed.to_string(), *canonical, "for {text:?}");
        // The canonical text is itself valid and means the same.
        assert_eq!(rules::parse(canonical).expect("canonical text parses"), parsed, "for {text:?}");
    }
}

#[test]
fn the_parsed_tree_is_what_the_text_says() {
    let file = rules::parse(VALID[1].0).unwrap();
    let rule = &file.sets[0].rules[0];
    assert_eq!(file.sets[0].hit, HitPolicy::All);
    let Expr::And(parts) = &rule.when.value else { panic!("an and: {:?}", rule.when) };
    assert!(matches!(&parts[0].value, Expr::Test(Test::Category(c)) if c[0].value == "complaint"));
    assert!(matches!(
        &parts[1].value,
        Expr::Test(Test::Time { measure: Measure::Age, compare: Compare::Greater, limit, calendar: None })
            if limit.value == Duration { ms: 24 * 3_600_000, business: false }
    ));
    assert!(matches!(&parts[2].value, Expr::Not(e) if e.value == Expr::Test(Test::Resolved)));
    assert!(matches!(&rule.then[0].value, Action::EscalateTo(l) if l.value == "Regional manager"));
    // Spans point into the text.
    let text = VALID[1].0;
    let s = rule.then[0].span;
    assert_eq!(&text[s.start..s.end], "escalate to \"Regional manager\"");
    let file = rules::parse(VALID[5].0).unwrap();
    assert_eq!(file.sets.len(), 1);
    assert_eq!(file.sets[0].hit, HitPolicy::First);
    assert_eq!(file.sets[0].rules[1].then[0].value.to_string(), "notify \"Manager\" costing 15m");
}

#[test]
fn invalid_snippets_give_their_span_message_and_hint() {
    for (text, span, message, hint) in INVALID {
        let e = rules::parse(text).expect_err(text);
        assert_eq!(format!("{}:{}: {}", e.line, e.column, e.message), *message, "for {text:?}");
        assert_eq!(e.span, *span, "span for {text:?}: {:?}", &text[e.span.0..e.span.1]);
        assert_eq!(e.hint.as_deref(), *hint, "hint for {text:?}");
    }
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let text = format!("rule \"a\" when {}resolved{} then escalate", "(".repeat(100_000), ")".repeat(100_000));
    let e = rules::parse(&text).expect_err("too deep");
    assert_eq!(e.message, "parentheses are nested too deeply");
    let ok = format!("rule \"a\" when {}resolved{} then escalate", "(".repeat(40), ")".repeat(40));
    assert!(rules::parse(&ok).is_ok());
    // A chain of "not"s nests as deeply as parentheses do.
    let nots = format!("rule \"a\" when {}resolved then escalate", "not ".repeat(100_000));
    let e = rules::parse(&nots).expect_err("too deep");
    assert_eq!((e.message.as_str(), e.column), ("conditions are nested too deeply", 15 + 4 * 40));
    let mixed = format!("rule \"a\" when {}resolved{} then escalate", "not (".repeat(30), ")".repeat(30));
    assert_eq!(rules::parse(&mixed).expect_err("too deep").message, "conditions are nested too deeply");
    let ok = format!("rule \"a\" when {}resolved then escalate", "not ".repeat(40));
    assert!(rules::parse(&ok).is_ok());
    // Words inside names and comments are not counted.
    let quoted = format!("# {}\nrule \"{}\" when age > 1h then escalate", "not ".repeat(50), "not ".repeat(50));
    assert!(rules::parse(&quoted).is_ok());
}

fn name() -> impl Strategy<Value = Name> {
    "[A-Za-z0-9 _\\-\"\\\\]{1,12}".prop_map(|s| Spanned::new(s, Span::default()))
}

fn names() -> impl Strategy<Value = Vec<Name>> {
    prop::collection::vec(name(), 1..4)
}

fn compare() -> impl Strategy<Value = Compare> {
    prop_oneof![Just(Compare::Greater), Just(Compare::AtLeast), Just(Compare::Less), Just(Compare::AtMost)]
}

fn duration() -> impl Strategy<Value = Spanned<Duration>> {
    prop_oneof![
        (1u64..10_000_000_000).prop_map(|ms| Duration { ms, business: false }),
        (1u64..100_000).prop_map(|quarters| Duration { ms: quarters * 900_000, business: true }),
    ]
    .prop_map(|d| Spanned::new(d, Span::default()))
}

fn test_strategy() -> impl Strategy<Value = Test> {
    let attr = "[a-z_][a-z0-9_ ]{0,10}".prop_map(|s| Spanned::new(s, Span::default()));
    prop_oneof![
        names().prop_map(Test::Category),
        names().prop_map(Test::Priority),
        name().prop_map(Test::PriorityAtLeast),
        names().prop_map(Test::Level),
        (attr, names()).prop_map(|(name, values)| Test::Attribute { name, values }),
        name().prop_map(Test::Tag),
        Just(Test::Resolved),
        Just(Test::Arrives),
        Just(Test::ServiceEndsUnresolved),
        prop::option::of(name()).prop_map(Test::InBusinessHours),
        (
            prop_oneof![Just(Measure::Age), Just(Measure::Waiting), Just(Measure::TimeAtLevel)],
            compare(),
            duration(),
            prop::option::of(name())
        )
            .prop_map(|(measure, compare, limit, calendar)| Test::Time { measure, compare, limit, calendar }),
        (prop_oneof![Just(SlaClock::Response), Just(SlaClock::Resolution)], compare(), 0u32..1000).prop_map(
            |(target, compare, p)| Test::SlaElapsed {
                target,
                compare,
                percent: Spanned::new(f64::from(p), Span::default())
            }
        ),
        (prop_oneof![Just(Counter::Escalations), Just(Counter::Reopens)], compare(), 0u32..1000).prop_map(
            |(counter, compare, v)| Test::Count { counter, compare, value: Spanned::new(v, Span::default()) }
        ),
    ]
}

fn expr() -> impl Strategy<Value = Spanned<Expr>> {
    let leaf = test_strategy().prop_map(|t| Spanned::new(Expr::Test(t), Span::default()));
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4)
                .prop_map(|v| Spanned::new(Expr::Or(flat(v, true)), Span::default())),
            prop::collection::vec(inner.clone(), 2..4)
                .prop_map(|v| Spanned::new(Expr::And(flat(v, false)), Span::default())),
            inner.prop_map(|e| Spanned::new(Expr::Not(Box::new(e)), Span::default())),
        ]
    })
}

/// `a or (b or c)` reads back as one `or` of three: generate the flat form the parser gives.
fn flat(parts: Vec<Spanned<Expr>>, or: bool) -> Vec<Spanned<Expr>> {
    let mut out = Vec::new();
    for p in parts {
        match p.value {
            Expr::Or(inner) if or => out.extend(inner),
            Expr::And(inner) if !or => out.extend(inner),
            other => out.push(Spanned::new(other, p.span)),
        }
    }
    out
}

fn action() -> impl Strategy<Value = Spanned<Action>> {
    prop_oneof![
        name().prop_map(Action::RouteTo),
        Just(Action::EscalateNext),
        name().prop_map(Action::EscalateTo),
        name().prop_map(Action::SetPriority),
        Just(Action::RaisePriority),
        (name(), prop::option::of(duration())).prop_map(|(role, cost)| Action::Notify { role, cost }),
        Just(Action::PauseSla),
        Just(Action::ResumeSla),
        Just(Action::HoldSla),
        Just(Action::CloseResolved),
        (name(), 0u32..=1000).prop_map(|(to, n)| Action::LoopBack { to, times: Spanned::new(n, Span::default()) }),
    ]
    .prop_map(|a| Spanned::new(a, Span::default()))
}

fn rule() -> impl Strategy<Value = Rule> {
    (name(), expr(), prop::collection::vec(action(), 1..4)).prop_map(|(name, when, then)| Rule { name, when, then })
}

/// Rule files of every shape the parser reads back (the formatter's properties use them too).
pub(super) fn file() -> impl Strategy<Value = RuleFile> {
    let set = (
        prop::option::of(name()),
        prop_oneof![Just(HitPolicy::First), Just(HitPolicy::All)],
        prop::collection::vec(rule(), 1..4),
    )
        .prop_map(|(name, hit, rules)| RuleSet {
            hit: if name.is_none() { HitPolicy::All } else { hit },
            name,
            rules,
        });
    prop::collection::vec(set, 0..4).prop_map(|mut sets| {
        // Only the first set can be unnamed: an unnamed set after another reads as more rules of it.
        for s in sets.iter_mut().skip(1) {
            s.name.get_or_insert_with(|| Spanned::new("set".into(), Span::default()));
        }
        RuleFile { sets }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn printing_then_parsing_gives_the_same_rules(f in file()) {
        let text = f.to_string();
        let back = rules::parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(back, f, "{}", text);
    }

    #[test]
    fn no_text_makes_the_parser_panic(text in "\\PC{0,200}") {
        let _ = rules::parse(&text);
        let _ = rules::parse_all(&text);
        let _ = rules::parse_condition(&text);
    }

    #[test]
    fn no_edit_of_a_valid_text_makes_the_parser_panic(
        f in file(), at in any::<prop::sample::Index>(), cut in 0usize..20, insert in "[ -~\\n]{0,8}"
    ) {
        let text = f.to_string();
        let mut i = at.index(text.len() + 1);
        while !text.is_char_boundary(i) { i -= 1; }
        let mut j = (i + cut).min(text.len());
        while !text.is_char_boundary(j) { j -= 1; }
        let edited = format!("{}{}{}", &text[..i], insert, &text[j..]);
        if let Err(e) = rules::parse(&edited) {
            prop_assert!(e.span.0 <= e.span.1 && e.span.1 <= edited.len(), "span {:?} in {} bytes", e.span, edited.len());
            prop_assert!(e.line >= 1 && e.column >= 1);
        }
        // Going on after errors: every error inside the text, and the rules that parsed print
        // and parse again as themselves.
        let (partial, errors) = rules::parse_all(&edited);
        for e in &errors {
            prop_assert!(e.span.0 <= e.span.1 && e.span.1 <= edited.len(), "span {:?} in {} bytes", e.span, edited.len());
        }
        let printed = partial.to_string();
        let again = rules::parse(&printed).map_err(|e| TestCaseError::fail(format!("{e}\n{printed}")))?;
        prop_assert_eq!(again, partial, "{}", printed);
    }
}

#[test]
fn a_misspelt_keyword_read_as_an_attribute_is_named() {
    let text = "rule \"a\" when priority is \"P1\" and waitng > 5m then escalate";
    let e = rules::parse(text).expect_err("misspelt");
    assert_eq!((e.line, e.column, e.message.as_str()), (1, 36, "unknown word \"waitng\""));
    assert_eq!(&text[e.span.0..e.span.1], "waitng");
    assert_eq!(e.hint.as_deref(), Some("did you mean \"waiting\"?"));
}
