//! Drills: the questions asked in playback and their right answers come from the journeys of the
//! same run, checked here on issues whose every moment is worked out by hand; the playback stops
//! at each question's moment, answers are graded, the sample is the same for the same seed, and
//! tracing the drilled issues leaves the run as it was. Bad settings are refused at their place.

use escalation_lab::engine::drill::{ANSWERED, Ask, Drill, Question};
use escalation_lab::engine::playback::Playback;
use escalation_lab::engine::simulation::Simulation;
use serde_json::{Value, json};

use super::support::{errors, level, model, preset, scheduled, set};

const MIN: u64 = 60_000;
const OUTCOME: &str = "No rule or timer: its service's outcome";
const TIMER: &str = "\u{201c}15 minutes in the queue\u{201d}";

/// A serves issue 0 from 0 to 60 min and resolves it. Issue 1 arrives at 1 min, waits, is moved
/// to B by the wait timer at 16 min, and B resolves it at 26 min. P3's resolution target is 1 day.
fn two_issues(ask: Value) -> Value {
    let mut doc = scheduled(
        vec![level("A", 1, "60m", 1.0), level("B", 1, "10m", 1.0)],
        &[("0m", "P3"), ("1m", "P3")],
        json!([{"name": "15 minutes in the queue", "when": {"queue_wait_over": {"P3": "15m"}}, "levels": ["A"], "then": "escalate_next"}]),
    );
    set(&mut doc, "/drill", json!({"issues": [1, 0], "ask": ask}));
    doc
}

fn drill_of(doc: &Value) -> Drill {
    let m = model(doc);
    let plan = m.drill.clone().expect("the scenario has a drill");
    Drill::new(&m, m.run.seed, &plan).unwrap_or_else(|p| panic!("{p:#?}"))
}

/// A question as (moment in minutes, issue, kind, right answer, what decided it).
fn brief(q: &Question) -> (u64, u32, Ask, &str, &str) {
    (q.at / MIN, q.issue, q.ask, q.options[q.right].as_str(), q.decided_by.as_str())
}

#[test]
fn questions_and_right_answers_follow_the_hand_worked_journeys() {
    let d = drill_of(&two_issues(json!([])));
    let got: Vec<_> = d.questions().iter().map(brief).collect();
    let timer = "the rule or timer \u{201c}15 minutes in the queue\u{201d} (wait timer)";
    let no = "No: it is resolved within it";
    assert_eq!(
        got,
        vec![
            (0, 0, Ask::Breach, no, "resolved after 1 h, at 4.2% of its resolution target"),
            (0, 0, Ask::Next, "Resolved", "its service at A resolved it"),
            (0, 0, Ask::Rule, OUTCOME, "its service at A resolved it"),
            (1, 1, Ask::Breach, no, "resolved after 25 min, at 1.7% of its resolution target"),
            (1, 1, Ask::Next, "B", timer),
            (1, 1, Ask::Rule, TIMER, timer),
            (16, 1, Ask::Next, "Resolved", "its service at B resolved it"),
            (16, 1, Ask::Rule, OUTCOME, "its service at B resolved it"),
        ]
    );
    let q = &d.questions()[4];
    assert_eq!(q.text, "day 1 00:01: issue #1 (complaint, P3) is at A. Where does it go next?");
    assert_eq!(q.options, ["A", "B", "Resolved"]);
    assert_eq!(d.questions()[5].options, [OUTCOME, TIMER]);
}

#[test]
fn a_notification_and_a_breach_are_asked_with_what_decided_them() {
    // A P1 issue served by A for 2 h against a 1 h resolution target: at 30 min (half the
    // target) B is notified; resolved at 120 min, it breaches at twice its target.
    let mut doc = scheduled(
        vec![level("A", 1, "2h", 1.0), level("B", 1, "10m", 1.0)],
        &[("0m", "P1")],
        json!([{"name": "half the P1 target", "when": {"sla_elapsed": {"target": "resolution", "fraction": 0.5}}, "then": {"notify": "B"}}]),
    );
    set(&mut doc, "/drill", json!({"issues": [0], "ask": ["notify", "breach", "next"]}));
    let d = drill_of(&doc);
    let got: Vec<_> = d.questions().iter().map(brief).collect();
    let rule = "the rule or timer \u{201c}half the P1 target\u{201d}";
    assert_eq!(
        got,
        vec![
            (
                0,
                0,
                Ask::Breach,
                "Yes: it breaches its resolution target",
                "resolved after 2 h, at 200% of its resolution target"
            ),
            (0, 0, Ask::Notify, "B", rule),
            (30, 0, Ask::Next, "Resolved", "its service at A resolved it"),
        ]
    );
    assert_eq!(d.questions()[1].options, ["A", "B"]);
}

#[test]
fn playback_stops_at_each_question_and_answers_are_graded() {
    let doc = two_issues(json!(["next"]));
    let m = model(&doc);
    let mut d = Drill::new(&m, m.run.seed, m.drill.as_ref().unwrap()).unwrap();
    let mut p = Playback::new(std::slice::from_ref(&m), m.run.seed);
    // At the start the first question (issue 0, at 0 min) is asked at once; the run waits for it.
    assert_eq!(d.view(p.now()).asking[1..], ["A", "B", "Resolved"]);
    d.advance(&mut p, 30.0);
    assert_eq!(p.now(), 0, "no step while a question waits");
    assert!(!d.answer(p.now(), 3), "no option 3");
    assert!(d.answer(p.now(), 0), "a wrong answer: A");
    // The next question is issue 1's at 1 min: a step of 30 min stops there.
    assert!(d.view(p.now()).asking.is_empty());
    d.advance(&mut p, 30.0);
    assert_eq!(p.now(), MIN);
    assert!(d.answer(p.now(), 1), "right: B");
    d.advance(&mut p, 30.0);
    assert_eq!(p.now(), 16 * MIN);
    // Issue 1 is at B now, as the question says.
    assert_eq!(p.view().levels[1].busy, 1);
    assert!(d.answer(p.now(), 2), "right: resolved");
    assert!(!d.answer(p.now(), 2), "nothing more is asked");
    d.advance(&mut p, 30.0);
    assert_eq!(p.now(), 46 * MIN, "no question is left: steps go on as usual");
    assert_eq!(d.score(), (2, 3));
    let v = d.view(p.now());
    assert_eq!(v.total, 3);
    assert_eq!(v.answered.len(), 3 * ANSWERED);
    assert_eq!(
        v.answered[..ANSWERED],
        [
            "day 1 00:00: issue #0 (complaint, P3) is at A. Where does it go next?",
            "A",
            "Resolved",
            "its service at A resolved it"
        ]
    );
}

#[test]
fn issues_of_the_warm_up_are_drilled_too_and_a_missing_one_is_refused_at_its_place() {
    let mut doc = two_issues(json!(["next"]));
    set(&mut doc, "/run/warmup", json!("30m"));
    assert_eq!(drill_of(&doc).questions().len(), 3, "issue 0 arrives in the warm-up");
    set(&mut doc, "/drill/issues", json!([0, 7]));
    let m = model(&doc);
    let refused = Drill::new(&m, m.run.seed, m.drill.as_ref().unwrap()).unwrap_err();
    let words: Vec<String> = refused.iter().map(ToString::to_string).collect();
    assert_eq!(words.len(), 1);
    assert!(words[0].contains("drill.issues[1]"), "{words:?}");
    assert!(words[0].contains("issue 7 never arrives in this run: its issues are numbered 0 to 1"), "{words:?}");
}

#[test]
fn a_sample_is_the_same_for_the_same_seed_and_tracing_leaves_the_run_alone() {
    let mut doc = preset("b1");
    set(&mut doc, "/run/horizon", json!("3d"));
    set(&mut doc, "/drill", json!({"sample": 3}));
    let m = model(&doc);
    let plan = m.drill.clone().unwrap();
    let a = Drill::new(&m, 11, &plan).unwrap();
    let b = Drill::new(&m, 11, &plan).unwrap();
    assert_eq!(a.questions(), b.questions());
    let mut issues: Vec<u32> = a.questions().iter().map(|q| q.issue).collect();
    issues.dedup();
    issues.sort_unstable();
    issues.dedup();
    assert_eq!(issues.len(), 3, "three issues, each with a question: {issues:?}");
    assert!(a.questions().windows(2).all(|w| w[0].at <= w[1].at), "asked in time order");
    let plain = Simulation::run(&m, 11);
    // The report's sampled journeys are the same run: a traced one is step for step the same.
    let sampled = plain.journeys[0].clone();
    issues.push(sampled.issue);
    let mut traced = Simulation::new(&m, 11);
    traced.trace_issues(issues);
    while !traced.step(10_000) {}
    let same = traced.take_traced().into_iter().find(|j| j.issue == sampled.issue);
    assert_eq!(same, Some(sampled));
    let traced = traced.finish();
    assert_eq!(serde_json::to_string(&plain.kpis).unwrap(), serde_json::to_string(&traced.kpis).unwrap());
}

#[test]
fn bad_drill_settings_are_refused_at_their_place() {
    let mut doc = two_issues(json!(["nxt", "breach", "breach"]));
    set(&mut doc, "/drill/issues", json!([3, 3]));
    let e = errors(&doc);
    assert!(
        e.iter().any(|e| e.contains("drill.ask[0]")
            && e.contains("unknown kind of question \"nxt\"")
            && e.contains("next")),
        "{e:?}"
    );
    assert!(e.iter().any(|e| e.contains("drill.ask[2]") && e.contains("\"breach\" is asked twice")), "{e:?}");
    assert!(e.iter().any(|e| e.contains("drill.issues[1]") && e.contains("issue 3 is chosen twice")), "{e:?}");
    set(&mut doc, "/drill", json!({}));
    assert!(errors(&doc).iter().any(|e| e.contains("say which issues to ask about")), "{:?}", errors(&doc));
    set(&mut doc, "/drill", json!({"issues": [1], "sample": 20}));
    assert!(errors(&doc).iter().any(|e| e.contains("at most 20 issues; this one asks about 21")), "{:?}", errors(&doc));
    set(&mut doc, "/drill", json!({"issues": [1], "sample": 2, "asks": ["next"]}));
    assert!(!errors(&doc).is_empty(), "an unknown field is refused");
}
