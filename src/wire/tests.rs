//! Each message crosses its bytes whole: real values, from runs, playbacks and a history read of
//! the shipped presets and fixtures, come back equal (and with the same JSON text) after
//! `encode` and `decode`; bytes that are not a message say which message failed.

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;

use super::*;
use crate::engine::batch::{Batch, Source, Unit};
use crate::engine::calibrate::{self, Verdict};
use crate::engine::drill::Drill;
use crate::engine::history::ReadOptions;
use crate::engine::playback::{Change, Playback};
use crate::engine::simulation::Simulation;
use crate::engine::sweep::Knob;
use crate::engine::{self, Problem};
use crate::figures::Chart;

const PRESET: &str = include_str!("../../static/scenarios/it-outage.json");
const EXPORT: &[u8] = include_bytes!("../../tests/fixtures/history/servicenow-incidents-sample.csv");

/// Encodes and decodes `message`, checks that it came back equal, and returns what came back.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(message: &T) -> T {
    let encoded = encode(message).unwrap_or_else(|e| panic!("{e}"));
    let back: T = decode(&encoded.bytes, encoded.attached).unwrap_or_else(|e| panic!("{e}"));
    // JSON writes an attached value as its index too: start each from none attached.
    let json = |m: &T| {
        ATTACHED.with_borrow_mut(Vec::clear);
        serde_json::to_string(m).unwrap()
    };
    assert_eq!(json(&back), json(message));
    assert_eq!(&back, message);
    back
}

/// The preset with its horizon cut to `horizon`, as JSON text.
fn preset(horizon: &str, more: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(PRESET).unwrap();
    doc["run"]["horizon"] = json!(horizon);
    doc["run"]["warmup"] = json!("0m");
    more(&mut doc);
    doc.to_string()
}

fn model(text: &str) -> engine::Model {
    let checked = engine::load(text);
    checked.model.unwrap_or_else(|| panic!("{:#?}", checked.problems))
}

#[test]
fn units_of_a_run_and_of_a_sweep_cross_whole() {
    // A seed that needs all 64 bits (a JavaScript number holds 53).
    let seed: u64 = 0xdead_beef_f00d_cafe;
    let text = preset("2d", |doc| doc["run"]["seed"] = json!(seed));
    let mut batch = Batch::run(&text).unwrap();
    let units: Vec<Unit> = std::iter::from_fn(|| batch.next_unit()).collect();
    assert_eq!(units[0].seed, seed);
    for unit in units {
        round_trip(&ToMember::Unit { id: 7, unit });
    }
    let unit =
        Batch::sweep(&text, Knob::ExtraStaff { level: "it_engineers".into() }, vec![0.0, 1.0]).unwrap().next_unit();
    let unit = unit.unwrap();
    assert!(matches!(unit.source, Source::At { .. }), "{:?}", unit.source);
    round_trip(&ToMember::Unit { id: 8, unit });
    round_trip(&ToMember::Cancel { id: 8 });
}

#[test]
fn a_replication_crosses_whole_with_its_journeys() {
    let m = model(&preset("3d", |_| ()));
    let replication = Simulation::run(&m, m.run.seed);
    let steps = || replication.journeys.iter().flat_map(|j| &j.steps);
    assert!(steps().any(|s| s.trigger.is_none()) && steps().any(|s| s.sla_resolution_used.is_some()));
    round_trip(&FromMember::Replicated { id: 3, round: 1, index: 4, replication: Box::new(replication) });
    round_trip(&FromMember::Ready);
    round_trip(&FromMember::Progress { id: 3, round: 1, index: 4, fraction: 0.375 });
    let message = Source::Text(PRESET[..PRESET.len() / 2].to_string()).model().unwrap_err();
    round_trip(&FromMember::Refused { id: 3, round: 0, message });
}

#[test]
fn playback_requests_and_answers_cross_whole() {
    let text = preset("2d", |doc| doc["drill"] = json!({"sample": 2}));
    let models = vec![model(&text)];
    let seed = models[0].run.seed;
    let drill = Drill::new(&models[0], seed, models[0].drill.as_ref().unwrap()).unwrap();
    let mut playback = Playback::new(&models, seed);
    playback.advance(90.0);
    playback.change(Change::Staff { level: 0, delta: 1 }).unwrap();
    playback.save();
    drill.advance(&mut playback, 600.0);
    let mut view = playback.view();
    view.drill = Some(drill.view(playback.now()));
    assert!(!view.log.is_empty() && !view.checkpoints.is_empty());
    round_trip(&Answer::Playback(2, Played::State(Box::new(view))));

    let mut problems = engine::load(&PRESET[..PRESET.len() / 2]).problems;
    assert!(problems.iter().any(|p| p.line.is_some()), "{problems:?}");
    problems.push(Problem::error("drill", "the scenario sets no drill"));
    round_trip(&Answer::Playback(2, Played::Invalid(problems)));
    round_trip(&Answer::Playback(2, Played::Gone));

    let change = Change::Burst { category: 1, per_hour: 12.5, minutes: 45.0, times_usual: 2.5 };
    for play in [
        Play::Start(text.clone()),
        Play::Drill(text.clone()),
        Play::Policy(text),
        Play::Advance(15.0),
        Play::Change(change),
        Play::Save,
        Play::Restore(1),
        Play::Answer(2),
        Play::Stop,
    ] {
        round_trip(&Request::Playback { id: 2, play });
    }
}

#[test]
fn history_requests_and_answers_cross_whole() {
    let read = engine::history::read(EXPORT, &ReadOptions::default()).unwrap();
    let options = ReadOptions {
        mapping: Some(read.detected.mapping.clone()),
        day_first: Some(true),
        utc_offset_minutes: -300,
        ..ReadOptions::default()
    };
    let back = round_trip(&Request::History {
        id: 5,
        file: EXPORT.to_vec(),
        options: Box::new(options),
        scenario: PRESET.into(),
    });
    let Request::History { file, .. } = back else { unreachable!() };
    assert_eq!(file, EXPORT, "the file crosses beside the bytes, as itself");

    let calibrate_options = calibrate::Options {
        merge: [("Frontline".to_string(), read.detected.header[..2].to_vec())].into(),
        order: Some(vec!["Frontline".into()]),
        ..calibrate::Options::default()
    };
    round_trip(&Request::Calibrate { id: 5, options: calibrate_options });
    let proposal = calibrate::propose(&read.tickets, &calibrate::Options::default()).unwrap();
    let scenario = serde_json::to_string_pretty(&proposal.document).unwrap();
    round_trip(&Request::CheckFit { id: 5, scenario: scenario.clone(), replications: 3 });

    // Markup as the worker writes it: a figure's SVG and a table's CSV, from a run of the preset.
    let m = model(&preset("3d", |_| ()));
    let report = engine::run(&m, &[]);
    let markup = Markup {
        html: Chart::Flow.draw(&report).body,
        csvs: vec![("levels".into(), engine::report::csv::table(&report, "levels").unwrap())],
    };
    let proposal_view = ProposalView {
        scenario,
        levels: calibrate::levels_of(&read.tickets, &calibrate::Options::default()),
        markup: markup.clone(),
    };
    let check = calibrate::check_fit(&proposal.document, &read.tickets, 2).unwrap();
    let check_view = CheckView {
        markup: markup.clone(),
        inside: check.rows.iter().filter(|r| matches!(r.verdict, Verdict::Inside)).count() as u32,
        compared: check.rows.iter().filter(|r| !matches!(r.verdict, Verdict::NoInterval)).count() as u32,
    };
    let mut summary = history::summary(&read);
    summary.elapsed_ms = 12.25;
    assert!(summary.tickets > 0 && !summary.mapping.is_empty() && summary.span.is_some(), "{summary:?}");
    let found = Found { summary, trends: markup, proposal: Ok(proposal_view.clone()) };
    let refused = engine::history::read(b"a;b\n1;2\n", &ReadOptions::default()).unwrap_err();
    for reading in [
        Reading::Progress(0.5),
        Reading::Read(Box::new(found)),
        Reading::Refused(refused.to_string(), vec!["a".into(), "b".into()]),
        Reading::Proposed(Ok(Box::new(proposal_view))),
        Reading::Proposed(Err("no history is read: read a ticket export first".into())),
        Reading::Checked(Ok(Box::new(check_view))),
    ] {
        round_trip(&Answer::History(5, reading));
    }
}

#[test]
fn bytes_that_are_not_the_message_say_which_message_failed() {
    let encoded = encode(&FromMember::Progress { id: 1, round: 0, index: 0, fraction: 0.5 }).unwrap();
    // Progress is the second variant, as Cancel is: its `id` reads as the cancel's, and the rest
    // is left over.
    let error = decode::<ToMember>(&encoded.bytes, Vec::new()).unwrap_err();
    let left = encoded.bytes.len() - 2;
    assert_eq!(
        error.to_string(),
        format!("a ToMember message could not be read: {left} of its {} bytes are left over", encoded.bytes.len())
    );
    let error = decode::<FromMember>(&encoded.bytes[..4], Vec::new()).unwrap_err();
    assert!(error.to_string().starts_with("a FromMember message could not be read: "), "{error}");
    let history = Request::History { id: 1, file: b"x".to_vec(), options: Box::default(), scenario: "{}".into() };
    let encoded = encode(&history).unwrap();
    assert_eq!(encoded.attached, [b"x".to_vec()]);
    let error = decode::<Request>(&encoded.bytes, Vec::new()).unwrap_err();
    assert!(error.to_string().starts_with("a Request message could not be read: "), "{error}");
    let error = decode::<Box<Option<Answer>>>(&[], Vec::new()).unwrap_err();
    assert!(error.to_string().starts_with("a Box<Option<Answer>> message could not be read: "), "{error}");
}
