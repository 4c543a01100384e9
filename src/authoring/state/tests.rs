//! The reducer, action by action: each case starts from the blank scenario, applies its actions
//! at the times given, and reads the state it leads to in one line ([`outline`]), with which of
//! its actions changed anything.

use std::sync::OnceLock;

use serde_json::json;

use super::*;
use crate::engine;

fn blank() -> Value {
    serde_json::from_str(include_str!("../../../static/scenarios/blank.json")).unwrap()
}

fn b1() -> Value {
    serde_json::from_str(include_str!("../../../static/scenarios/b1.json")).unwrap()
}

/// A report of the blank scenario, made once.
fn report() -> Rc<Report> {
    static REPORT: OnceLock<Report> = OnceLock::new();
    let report = REPORT.get_or_init(|| {
        let v = engine::load(&blank().to_string());
        engine::run(v.model.as_ref().unwrap(), &v.problems)
    });
    Rc::new(report.clone())
}

/// A comparison of the blank scenario with itself, over one replication.
fn comparison() -> Rc<Comparison> {
    let v = engine::load(&blank().to_string());
    let m = v.model.unwrap();
    Rc::new(engine::compare::compare(&m, &m, 1, 1))
}

fn finished(id: u32) -> Action {
    Action::Finished { id, report: report(), elapsed_ms: 120.0, replications: 3 }
}

fn staff(n: i64) -> Action {
    Action::Set("/levels/0/staff".into(), json!(n))
}

fn notice(kind: NoticeKind, title: &str) -> Action {
    Action::Notify(Some(Notice { kind, title: title.into(), lines: vec![] }))
}

fn preset_b1() -> Action {
    Action::Replace { doc: b1(), preset: Some("b1".into()), by: "the preset “B1”".into() }
}

/// A case: its name, its actions (each with the time it is taken at, ms), and the outline of
/// where they lead, after the marks of which changed the state (see [`run`]).
type Case = (&'static str, Vec<(f64, Action)>, &'static str);

/// The state in one line: what is shown only when there is something to show.
fn outline(s: &State) -> String {
    let mut parts = vec![format!("rev {}", s.revision)];
    parts.push(match s.run {
        RunState::Idle => "idle".into(),
        RunState::Running { id, live } => format!("run {id}{}", if live { " (live)" } else { "" }),
    });
    if let Some(tool) = s.tool {
        parts.push(format!("tool {tool:?}"));
    }
    if s.report.is_some() {
        let stale = if s.report_is_current() { "" } else { " (stale)" };
        parts.push(format!("report of rev {}{stale}", s.report_revision));
    }
    if let Some((ms, reps)) = s.last_run {
        parts.push(format!("last run {reps} reps in {ms} ms"));
    }
    if let Some((w, rev)) = &s.what_if {
        let what = match w {
            WhatIf::Refused(m) => format!("refused: {m}"),
            WhatIf::Sweep(_) => "sweep".into(),
            WhatIf::Staffing(..) => "staffing".into(),
        };
        parts.push(format!("what-if {what} of rev {rev}"));
    }
    if let Some((_, rev)) = &s.comparison {
        parts.push(format!("comparison of rev {rev}"));
    }
    if s.baseline.is_some() {
        parts.push("baseline".into());
    }
    parts.push(format!("{} staff {}", s.doc["name"].as_str().unwrap_or("?"), s.doc["levels"][0]["staff"]));
    if let Some(p) = &s.preset {
        parts.push(format!("preset {p}"));
    }
    parts.push(format!("{} errors", s.checked.errors().count()));
    parts.push(format!("{} steps", s.history.len()));
    if let Some(l) = s.history.undo_label() {
        parts.push(format!("undo: {l}"));
    }
    if let Some(l) = s.history.redo_label() {
        parts.push(format!("redo: {l}"));
    }
    if let Some(r) = s.replacement() {
        parts.push(format!("offers to undo {}", r.by));
    }
    if let Some(n) = &s.notice {
        parts.push(format!("{:?}: {}", n.kind, n.title));
    }
    if !s.live {
        parts.push("not live".into());
    }
    if s.interrupted {
        parts.push("interrupted".into());
    }
    parts.join(" · ")
}

/// Applies `steps` (time in ms, action) to `start`: which changed the state (`+`) and which left
/// it as it was (`-`), then the state's outline.
fn run(start: State, steps: Vec<(f64, Action)>) -> String {
    let mut state = start;
    let mut changes = String::new();
    for (now, action) in steps {
        match state.apply(action, now) {
            Some(next) => {
                changes.push('+');
                state = next;
            }
            None => changes.push('-'),
        }
    }
    format!("{changes} {}", outline(&state))
}

#[test]
fn progress_shows_for_the_run_under_way_only() {
    let running = RunState::Running { id: 3, live: false };
    let report = |id, fraction| Progress { id, fraction };
    assert_eq!(report(3, 0.4).of(&running), 0.4);
    // A late report of a run since replaced or cancelled, or of none.
    assert_eq!(report(2, 0.9).of(&running), 0.0);
    assert_eq!(report(3, 0.4).of(&RunState::Idle), 0.0);
    assert_eq!(Progress::default().of(&running), 0.0);
}

#[test]
fn runs_start_and_finish_and_answers_to_other_runs_change_nothing() {
    let cases: Vec<Case> = vec![
        (
            "a run from start to finish",
            vec![(0.0, Action::RunStarted { id: 1, live: false }), (0.0, finished(1))],
            "++ rev 0 · idle · report of rev 0 · last run 3 reps in 120 ms · New scenario staff 2 · 0 errors · 0 steps",
        ),
        (
            "a live run in progress",
            vec![(0.0, Action::RunStarted { id: 1, live: true })],
            "+ rev 0 · run 1 (live) · New scenario staff 2 · 0 errors · 0 steps",
        ),
        (
            "answers to another run are ignored",
            vec![
                (0.0, Action::RunStarted { id: 1, live: false }),
                (0.0, finished(2)),
                (0.0, Action::Stopped { id: 2 }),
                (0.0, Action::WhatIfDone { id: 2, result: WhatIf::Refused("no".into()) }),
                (0.0, Action::Compared { id: 2, comparison: comparison() }),
            ],
            "+---- rev 0 · run 1 · New scenario staff 2 · 0 errors · 0 steps",
        ),
        (
            "a run started over another replaces it",
            vec![
                (0.0, Action::RunStarted { id: 1, live: true }),
                (0.0, Action::RunStarted { id: 2, live: false }),
                (0.0, finished(1)),
                (0.0, finished(2)),
            ],
            "++-+ rev 0 · idle · report of rev 0 · last run 3 reps in 120 ms · New scenario staff 2 · 0 errors · 0 steps",
        ),
        (
            "a run stopped leaves no report",
            vec![(0.0, Action::RunStarted { id: 1, live: false }), (0.0, Action::Stopped { id: 1 })],
            "++ rev 0 · idle · New scenario staff 2 · 0 errors · 0 steps",
        ),
        (
            "a run finished after an edit reports the revision it ran",
            vec![(0.0, Action::RunStarted { id: 1, live: false }), (0.0, staff(3)), (0.0, finished(1))],
            "+++ rev 1 · idle · report of rev 0 (stale) · last run 3 reps in 120 ms · New scenario staff 3 · \
             0 errors · 1 steps · undo: change levels › “Support” › staff",
        ),
        (
            "a finished run's answer repeated changes nothing",
            vec![(0.0, Action::RunStarted { id: 1, live: false }), (0.0, finished(1)), (0.0, finished(1))],
            "++- rev 0 · idle · report of rev 0 · last run 3 reps in 120 ms · New scenario staff 2 · 0 errors · 0 steps",
        ),
    ];
    check(cases);
}

#[test]
fn edits_bump_the_revision_revalidate_and_are_undone_step_by_step() {
    let cases: Vec<Case> = vec![
        (
            "a value set",
            vec![(0.0, staff(3))],
            "+ rev 1 · idle · New scenario staff 3 · 0 errors · 1 steps · undo: change levels › “Support” › staff",
        ),
        (
            "a value set to what it is",
            vec![(0.0, staff(2))],
            "- rev 0 · idle · New scenario staff 2 · 0 errors · 0 steps",
        ),
        (
            "a value of the wrong shape is kept and reported",
            vec![(0.0, Action::Set("/levels/0/staff".into(), json!("many")))],
            "+ rev 1 · idle · New scenario staff \"many\" · 1 errors · 1 steps · undo: change levels › “Support” › staff",
        ),
        (
            "a set under a missing parent that cannot be made",
            vec![(0.0, Action::Set("/levels/7/staff".into(), json!(1)))],
            "- rev 0 · idle · New scenario staff 2 · 0 errors · 0 steps",
        ),
        (
            "typing in one field within a pause is one step",
            vec![(0.0, staff(3)), (500.0, staff(4)), (1400.0, staff(5))],
            "+++ rev 3 · idle · New scenario staff 5 · 0 errors · 1 steps · undo: change levels › “Support” › staff",
        ),
        (
            "typing after a pause starts a step",
            vec![(0.0, staff(3)), (1500.0, staff(4))],
            "++ rev 2 · idle · New scenario staff 4 · 0 errors · 2 steps · undo: change levels › “Support” › staff",
        ),
        (
            "typing back to where it began takes its step away",
            vec![(0.0, staff(-3)), (300.0, staff(2))],
            "++ rev 2 · idle · New scenario staff 2 · 0 errors · 0 steps",
        ),
        (
            "a sealed step takes no more typing",
            vec![
                (0.0, staff(3)),
                (100.0, Action::Seal),
                (200.0, staff(4)),
                (300.0, Action::Seal),
                (400.0, Action::Seal),
            ],
            "++++- rev 2 · idle · New scenario staff 4 · 0 errors · 2 steps · undo: change levels › “Support” › staff",
        ),
        (
            "an optional field cleared, then a missing one",
            vec![(0.0, Action::Remove("/levels/0/role".into())), (0.0, Action::Remove("/levels/0/role".into()))],
            "+- rev 1 · idle · New scenario staff 2 · 0 errors · 1 steps · undo: clear levels › “Support” › role",
        ),
        (
            "an item added, moved and removed: a step each",
            vec![
                (0.0, Action::Push("/priorities".into(), json!({"name": "urgent"}))),
                (0.0, Action::MoveDown("/priorities".into(), 0)),
                (0.0, Action::MoveDown("/priorities".into(), 1)),
                (0.0, Action::Remove("/priorities/0".into())),
            ],
            "++-+ rev 3 · idle · New scenario staff 2 · 0 errors · 3 steps · undo: remove priority “urgent”",
        ),
        (
            "an item pushed to a list that is not there yet",
            vec![(0.0, Action::Push("/workload/bursts".into(), json!({"name": "outage"})))],
            "+ rev 1 · idle · New scenario staff 2 · 1 errors · 1 steps · undo: add burst “outage” in workload",
        ),
        (
            "an item pushed to what is not a list",
            vec![(0.0, Action::Push("/name".into(), json!(1)))],
            "- rev 0 · idle · New scenario staff 2 · 0 errors · 0 steps",
        ),
        (
            "the whole document edited",
            vec![(
                0.0,
                Action::Edit({
                    let mut d = blank();
                    d["name"] = json!("Other");
                    d
                }),
            )],
            "+ rev 1 · idle · Other staff 2 · 0 errors · 1 steps · undo: change name",
        ),
        (
            "undo and redo walk the steps",
            vec![(0.0, staff(3)), (0.0, Action::Seal), (0.0, staff(4)), (0.0, Action::Undo), (0.0, Action::Undo)],
            "+++++ rev 4 · idle · New scenario staff 2 · 0 errors · 0 steps · redo: change levels › “Support” › staff",
        ),
        (
            "redo after undo",
            vec![(0.0, staff(3)), (0.0, Action::Undo), (0.0, Action::Redo), (0.0, Action::Redo)],
            "+++- rev 3 · idle · New scenario staff 3 · 0 errors · 1 steps · undo: change levels › “Support” › staff",
        ),
        ("nothing to undo", vec![(0.0, Action::Undo)], "- rev 0 · idle · New scenario staff 2 · 0 errors · 0 steps"),
        (
            "an edit after undo drops the redo",
            vec![(0.0, staff(3)), (0.0, Action::Undo), (0.0, staff(5)), (0.0, Action::Redo)],
            "+++- rev 3 · idle · New scenario staff 5 · 0 errors · 1 steps · undo: change levels › “Support” › staff",
        ),
    ];
    check(cases);
}

#[test]
fn a_replacement_can_be_undone_or_kept() {
    let opened_with_errors =
        || notice(NoticeKind::Warning, "The file “b.json” opened with 1 error: fix it to run the scenario");
    let cases: Vec<Case> = vec![
        (
            "a preset replaces the scenario and its report",
            vec![(0.0, Action::RunStarted { id: 1, live: false }), (0.0, finished(1)), (0.0, preset_b1())],
            "+++ rev 1 · idle · last run 3 reps in 120 ms · B1 — four-level escalation chain staff 10 · preset b1 · \
             0 errors · 1 steps · undo: open the preset “B1” · offers to undo the preset “B1”",
        ),
        (
            "undoing the replacement undoes every step since",
            vec![
                (0.0, staff(3)),
                (5000.0, preset_b1()),
                (6000.0, staff(4)),
                (9000.0, Action::UndoReplacement),
                (9000.0, Action::UndoReplacement),
            ],
            "++++- rev 4 · idle · New scenario staff 3 · 0 errors · 1 steps · undo: change levels › “Support” › staff · \
             redo: open the preset “B1”",
        ),
        (
            "undoing the replacement takes its notice of errors away",
            vec![(0.0, preset_b1()), (0.0, opened_with_errors()), (0.0, Action::UndoReplacement)],
            "+++ rev 2 · idle · New scenario staff 2 · 0 errors · 0 steps · redo: open the preset “B1”",
        ),
        (
            "other notices stay",
            vec![(0.0, preset_b1()), (0.0, notice(NoticeKind::Warning, "Storage")), (0.0, Action::UndoReplacement)],
            "+++ rev 2 · idle · New scenario staff 2 · 0 errors · 0 steps · redo: open the preset “B1” · Warning: Storage",
        ),
        (
            "kept, it stays in the history",
            vec![(0.0, preset_b1()), (0.0, Action::KeepReplacement), (0.0, Action::UndoReplacement)],
            "++- rev 1 · idle · B1 — four-level escalation chain staff 10 · preset b1 · 0 errors · 1 steps · \
             undo: open the preset “B1”",
        ),
        (
            "the offer goes when its step is undone",
            vec![(0.0, preset_b1()), (0.0, Action::Undo), (0.0, Action::UndoReplacement)],
            "++- rev 2 · idle · New scenario staff 2 · 0 errors · 0 steps · redo: open the preset “B1”",
        ),
        (
            "and comes back with it",
            vec![(0.0, preset_b1()), (0.0, Action::Undo), (0.0, Action::Redo)],
            "+++ rev 3 · idle · B1 — four-level escalation chain staff 10 · preset b1 · 0 errors · 1 steps · \
             undo: open the preset “B1” · offers to undo the preset “B1”",
        ),
        (
            "a replacement by the same scenario is no step",
            vec![(0.0, Action::Replace { doc: blank(), preset: None, by: "the shared link".into() })],
            "+ rev 1 · idle · New scenario staff 2 · 0 errors · 0 steps",
        ),
    ];
    check(cases);
}

#[test]
fn notices_live_mode_and_tools() {
    let cases: Vec<Case> = vec![
        (
            "a notice shown and dismissed",
            vec![(0.0, notice(NoticeKind::Error, "Export")), (0.0, Action::Notify(None))],
            "++ rev 0 · idle · New scenario staff 2 · 0 errors · 0 steps",
        ),
        (
            "a notice shown",
            vec![(0.0, notice(NoticeKind::Info, "Hello"))],
            "+ rev 0 · idle · New scenario staff 2 · 0 errors · 0 steps · Info: Hello",
        ),
        (
            "live mode off",
            vec![(0.0, Action::SetLive(false))],
            "+ rev 0 · idle · New scenario staff 2 · 0 errors · 0 steps · not live",
        ),
        (
            "a sweep refused",
            vec![
                (0.0, Action::ToolStarted { id: 1, tool: Tool::Sweep }),
                (0.0, Action::WhatIfDone { id: 1, result: WhatIf::Refused("nothing to vary".into()) }),
            ],
            "++ rev 0 · idle · what-if refused: nothing to vary of rev 0 · New scenario staff 2 · 0 errors · 0 steps",
        ),
        (
            "a tool's run under way",
            vec![(0.0, Action::ToolStarted { id: 4, tool: Tool::Staffing })],
            "+ rev 0 · run 4 · tool Staffing · New scenario staff 2 · 0 errors · 0 steps",
        ),
        (
            "a comparison, made for the revision it started from",
            vec![
                (0.0, Action::SetBaseline(Some(Rc::new(blank())))),
                (0.0, Action::ToolStarted { id: 1, tool: Tool::Compare }),
                (0.0, staff(3)),
                (0.0, Action::Compared { id: 1, comparison: comparison() }),
            ],
            "++++ rev 1 · idle · comparison of rev 0 · baseline · New scenario staff 3 · 0 errors · 1 steps · \
             undo: change levels › “Support” › staff",
        ),
        (
            "a new baseline drops the comparison",
            vec![
                (0.0, Action::ToolStarted { id: 1, tool: Tool::Compare }),
                (0.0, Action::Compared { id: 1, comparison: comparison() }),
                (0.0, Action::SetBaseline(None)),
            ],
            "+++ rev 0 · idle · New scenario staff 2 · 0 errors · 0 steps",
        ),
    ];
    check(cases);
}

fn check(cases: Vec<Case>) {
    let mut wrong = Vec::new();
    for (name, steps, expected) in cases {
        let found = run(State::new(blank(), None), steps);
        if found != expected {
            wrong.push(format!("{name}:\n  expected {expected}\n  found    {found}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A run the user starts ends the notice that one was stopped by a reload; so does dismissing it.
#[test]
fn a_run_started_or_dismissed_ends_the_interrupted_notice() {
    let mut state = State::new(blank(), None);
    state.interrupted = true;
    assert!(run(state.clone(), vec![]).ends_with("interrupted"));
    assert!(!run(state.clone(), vec![(0.0, Action::RunStarted { id: 1, live: false })]).contains("interrupted"));
    assert!(!run(state, vec![(0.0, Action::DismissInterrupted)]).contains("interrupted"));
}

/// A link opened over autosaved work is one step, which the undo bar offers to undo.
#[test]
fn a_link_opened_over_saved_work_can_be_undone() {
    let mut state = State::new(b1(), None);
    state.opened_over(Replaced { doc: Rc::new(blank()), preset: Some("blank".into()), by: "the shared link".into() });
    assert_eq!(
        run(state.clone(), vec![]),
        " rev 0 · idle · B1 — four-level escalation chain staff 10 · 0 errors · 1 steps · \
         undo: open the shared link · offers to undo the shared link"
    );
    assert_eq!(
        run(state, vec![(0.0, Action::UndoReplacement)]),
        "+ rev 1 · idle · New scenario staff 2 · preset blank · 0 errors · 0 steps · redo: open the shared link"
    );
}

/// Components compare the state on every render: a copy is the same state, every change is a
/// different one, and two states made apart are different even when they read alike.
#[test]
fn a_state_equals_its_copies_and_not_a_changed_or_separately_made_one() {
    let state = State::new(b1(), None);
    assert!(state == state.clone());
    let steps = [
        ("an edit", staff(3)),
        ("a run", Action::RunStarted { id: 1, live: false }),
        ("a notice", notice(NoticeKind::Info, "saved")),
        ("a preset", preset_b1()),
    ];
    for (what, action) in steps {
        let next = state.apply(action, 0.0).unwrap_or_else(|| panic!("{what} changes the state"));
        assert!(next != state, "{what}");
        assert!(next == next.clone(), "{what}");
    }
    assert!(State::new(b1(), None) != State::new(b1(), None));
}
