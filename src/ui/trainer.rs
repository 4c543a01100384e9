//! Trainer mode: play one replication of the scenario back over simulated time — queues grow and
//! drain, staff turn busy and idle — with play, pause, step and speed; make a staff member leave
//! or join, or start an outage burst, at the current moment and watch the effect; edit the
//! policy (a timer, a rule, a level's staff) in the editor and apply it from the moment reached
//! (`engine::playback::policy`: an edit beyond the policy ends the playback instead); save
//! checkpoints and return to one to try something else (the run is replayed from the start with
//! the changes made before that moment, so it is exactly the run seen then). Every change is kept
//! in a log beside the view: when, what and where. A scenario with a drill is played back as one
//! on request (*Start the drill*): the run stops at each question and the debrief follows the
//! last (`trainer/drill.rs`); no change can be made to a drill's run.
//!
//! The page plays nothing back itself: the playback (`engine::playback`) lives in an engine worker
//! of the card's own, started with the first playback and ended with the playback or the card.
//! The card sends it requests and draws its answers; while playing, its timer asks for the next
//! tick only once the last request is answered, so ticks never queue up behind a slow answer.

mod drill;

use std::rc::Rc;

use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::authoring::live_matrix::{Band, words as live_words};
use crate::engine;
use crate::engine::playback::policy::policy_change;
use crate::engine::playback::{Change, View};
use crate::ui::store::Store;
use crate::ui::worker::{self, Play, Played, Request};

/// Simulated minutes per tick, by speed.
const SPEEDS: [(f64, &str); 5] = [(5.0, "5 min"), (30.0, "30 min"), (120.0, "2 h"), (480.0, "8 h"), (1440.0, "1 day")];
/// Time between ticks while playing, ms.
const TICK_MS: u32 = 150;

/// Why a playback cannot start.
const HAS_ERRORS: &str = "the scenario has errors: fix them to play it back";

#[component]
pub fn TrainerCard() -> Html {
    let store = use_context::<Store>().expect("store");
    // The playback worker's bridge: spawned on the first start, dropped when the playback ends
    // (the scenario changed) or the card goes, which ends the worker.
    let bridge = use_mut_ref(|| None::<gloo::worker::WorkerBridge<worker::EngineWorker>>);
    // The current playback (answers about earlier ones are dropped), and the requests sent to
    // the worker that it has not answered yet.
    let id = use_mut_ref(|| 0u32);
    let unanswered = use_mut_ref(|| 0u32);
    let busy = use_state_eq(|| false);
    // What the worker last said of the playback: the moment reached, each level with the last
    // step's moves, the log, the checkpoints.
    let view = use_state(|| None::<View>);
    let speed = use_state(|| 1usize);
    let level = use_state(|| 0usize);
    let category = use_state(|| 0usize);
    let playing = use_state(|| false);
    let problem = use_state(|| None::<String>);
    // The scenario the playback started from, then each one whose policy it changed to (the
    // view says which plays now), and why the last playback ended.
    let policies = use_mut_ref(Vec::<serde_json::Value>::new);
    let ended = use_state_eq(|| None::<String>);
    // The outage a burst makes: times the usual arrivals, for hours (as typed).
    let outage_factor = use_state(|| "3".to_string());
    let outage_hours = use_state(|| "2".to_string());
    let send = {
        let (bridge, id, unanswered, busy) = (bridge.clone(), id.clone(), unanswered.clone(), busy.clone());
        Rc::new(move |play: Play| {
            if let Some(b) = bridge.borrow().as_ref() {
                if !matches!(play, Play::Stop) {
                    *unanswered.borrow_mut() += 1;
                    busy.set(true);
                }
                b.send(Request::Playback { id: *id.borrow(), play });
            }
        })
    };
    let on_played = {
        let (current, unanswered, busy, view, problem, playing) =
            (id.clone(), unanswered.clone(), busy.clone(), view.clone(), problem.clone(), playing.clone());
        Rc::new(move |id: u32, played: Played| {
            let left = unanswered.borrow().saturating_sub(1);
            *unanswered.borrow_mut() = left;
            busy.set(left > 0);
            let current = *current.borrow();
            match played {
                Played::State(v) if id == current => {
                    // A drill's question stops the play until it is answered.
                    if v.finished || v.drill.as_ref().is_some_and(|d| !d.asking.is_empty()) {
                        playing.set(false);
                    }
                    view.set(Some(*v));
                }
                Played::Invalid(p) if id == current => {
                    view.set(None);
                    // A drill that cannot start says why; a scenario with errors says to fix them.
                    let drill: Vec<String> = p
                        .iter()
                        .filter(|p| p.path.starts_with("drill"))
                        .map(|p| format!("{}: {}", p.path, p.message))
                        .collect();
                    problem.set(Some(if drill.is_empty() {
                        HAS_ERRORS.into()
                    } else {
                        format!("The drill cannot start: {}", drill.join("; "))
                    }));
                }
                // About an earlier playback, or one that has ended.
                Played::State(_) | Played::Invalid(_) | Played::Gone => {}
            }
        })
    };
    // An edit of the policy (timers, rules, staff) can be applied at the moment reached; any
    // other change (an edit elsewhere, a preset, an import) ends the playback, so the card never
    // goes on playing a scenario that is no longer the one shown.
    {
        let (bridge, unanswered, busy, view, playing, policies, ended, store) = (
            bridge.clone(),
            unanswered.clone(),
            busy.clone(),
            view.clone(),
            playing.clone(),
            policies.clone(),
            ended.clone(),
            store.clone(),
        );
        use_effect_with(store.revision, move |_| {
            if bridge.borrow().is_none() {
                return;
            }
            // Every policy played has the same levels, categories and the rest: the first will do.
            let change = policies.borrow().first().map_or_else(|| Err(String::new()), |p| policy_change(p, &store.doc));
            if let Err(place) = change {
                drop(bridge.borrow_mut().take());
                *unanswered.borrow_mut() = 0;
                busy.set(false);
                playing.set(false);
                view.set(None);
                ended.set((!place.is_empty()).then(|| {
                    format!(
                        "The playback ended: the scenario changed beyond its timers, rules and staff (first at {place}). Start it again to play the scenario shown."
                    )
                }));
            }
        });
    }
    {
        let bridge = bridge.clone();
        use_effect_with((), move |()| move || drop(bridge.borrow_mut().take()));
    }
    // While playing, ask for one tick at a time: the next once the last request is answered.
    {
        let (send, unanswered, minutes) = (send.clone(), unanswered.clone(), SPEEDS[*speed].0);
        use_effect_with((*playing, *speed), move |&(on, _)| {
            let timer = on.then(|| {
                Interval::new(TICK_MS, move || {
                    if *unanswered.borrow() == 0 {
                        send(Play::Advance(minutes));
                    }
                })
            });
            move || drop(timer)
        });
    }
    let start_as = |drilled: bool| {
        let (store, bridge, id, unanswered, send, on_played, problem, playing) = (
            store.clone(),
            bridge.clone(),
            id.clone(),
            unanswered.clone(),
            send.clone(),
            on_played.clone(),
            problem.clone(),
            playing.clone(),
        );
        let (policies, ended) = (policies.clone(), ended.clone());
        Callback::from(move |_| {
            playing.set(false);
            ended.set(None);
            *policies.borrow_mut() = vec![(*store.doc).clone()];
            if !store.checked.runnable {
                problem.set(Some(HAS_ERRORS.into()));
                return;
            }
            if bridge.borrow().is_none() {
                let on_played = on_played.clone();
                *bridge.borrow_mut() = Some(worker::spawn_playback(move |id, played| on_played(id, played)));
                *unanswered.borrow_mut() = 0;
            }
            *id.borrow_mut() += 1;
            problem.set(None);
            let scenario = store.doc.to_string();
            send(if drilled { Play::Drill(scenario) } else { Play::Start(scenario) });
        })
    };
    let (start, start_drill) = (start_as(false), start_as(true));
    // A scenario with a drill (an exercise link's) offers it; while it runs, the run is not changed.
    let has_drill = store.doc.get("drill").is_some();
    let drilling = view.as_ref().is_some_and(|v| v.drill.is_some());
    let started = view.is_some();
    let finished = view.as_ref().is_some_and(|v| v.finished);
    let step = {
        let (send, minutes) = (send.clone(), SPEEDS[*speed].0);
        Callback::from(move |_| {
            if started && !finished {
                send(Play::Advance(minutes));
            }
        })
    };
    let toggle = {
        let playing = playing.clone();
        Callback::from(move |_| playing.set(!*playing))
    };
    let staff = |delta: i64| {
        let (send, level, problem) = (send.clone(), level.clone(), problem.clone());
        Callback::from(move |_| {
            // A refusal comes back in the view.
            problem.set(None);
            send(Play::Change(Change::Staff { level: *level, delta }));
        })
    };
    // The outage's size and length as typed, or what is wrong with them.
    let outage_spec = {
        let factor =
            crate::engine::number::parse(outage_factor.trim()).filter(|f| f.is_finite() && *f > 0.0 && *f <= 100.0);
        let hours = crate::engine::number::parse(outage_hours.trim())
            .filter(|h| h.is_finite() && *h > 0.0 && *h <= 24.0 * 28.0);
        match (factor, hours) {
            (Some(f), Some(h)) => Ok((f, h)),
            (None, _) => Err(format!(
                "Outage size: \u{201c}{}\u{201d} is not a number of times the usual arrivals above 0 and at most 100",
                *outage_factor
            )),
            (_, None) => Err(format!(
                "Outage length: \u{201c}{}\u{201d} is not a number of hours above 0 and at most 672 (four weeks)",
                *outage_hours
            )),
        }
    };
    let outage = {
        let (send, category, store, spec) = (send.clone(), category.clone(), store.clone(), outage_spec.clone());
        Callback::from(move |_| {
            let Ok((factor, hours)) = spec else { return };
            // On top of the scenario's usual arrivals: `factor` times them, all of one category.
            let rate =
                store.doc.pointer("/workload/arrivals_per_hour").and_then(serde_json::Value::as_f64).unwrap_or(10.0)
                    * factor;
            send(Play::Change(Change::Burst {
                category: *category,
                per_hour: rate,
                minutes: hours * 60.0,
                times_usual: factor,
            }));
        })
    };
    // The policy as edited, from the moment reached on.
    let apply = {
        let (send, store, policies, problem) = (send.clone(), store.clone(), policies.clone(), problem.clone());
        Callback::from(move |_| {
            problem.set(None);
            policies.borrow_mut().push((*store.doc).clone());
            send(Play::Policy(store.doc.to_string()));
        })
    };
    // What the scenario shown changes of the policy playing now, if anything.
    let edited = {
        let (policies, doc) = (policies.clone(), store.doc.clone());
        let playing_now = view.as_ref().map(|v| (v.policy, policies.borrow().len()));
        use_memo((store.revision, playing_now), move |_| {
            let (policy, _) = playing_now?;
            let what = policy_change(policies.borrow().get(policy)?, &doc).ok()?;
            (!what.is_empty()).then_some(what)
        })
    };
    let save = {
        let send = send.clone();
        Callback::from(move |_| send(Play::Save))
    };
    let restore = |i: usize| {
        let (send, playing) = (send.clone(), playing.clone());
        Callback::from(move |_| {
            playing.set(false);
            send(Play::Restore(i));
        })
    };
    let clock = day_clock;
    let shown = view.as_ref().map(|s| {
        let most = s.levels.iter().map(|l| l.waiting.max(l.staff)).max().unwrap_or(1).max(10);
        html! {
            <div class="trainer-view" id="trainer-view" data-minute={s.minute.to_string()} data-arrived={s.arrived.to_string()}>
                <p class="trainer-clock">
                    <strong id="trainer-clock">{ clock(s.minute) }</strong>
                    { format!(" · {} issues arrived, {} open{}", s.arrived, s.open, if s.finished { " · the run has ended" } else { "" }) }
                </p>
                { for s.levels.iter().map(|l| {
                    // The last step's moves (none after a restart or a return).
                    let (moved, resolved) = (l.moved, l.resolved);
                    html! {
                    <div class="trainer-level" data-level={l.name.clone()} data-staff={l.staff.to_string()}
                        data-busy={l.busy.to_string()} data-waiting={l.waiting.to_string()}
                        data-moved={moved.to_string()} data-resolved={resolved.to_string()}>
                        <span class="trainer-name">{ &l.name }</span>
                        <span class="trainer-staff" title={format!("{} of {} staff busy", l.busy, l.staff)}>
                            { for (0..l.staff.max(l.busy)).map(|i| html! { <i class={if i < l.busy { "busy" } else { "idle" }}></i> }) }
                        </span>
                        <span class="trainer-queue" title={format!("{} waiting", l.waiting)}>
                            <span class="bar" style={format!("width: {}%", (f64::from(l.waiting) / f64::from(most) * 100.0).min(100.0))}></span>
                            <span class="count">{ format!("{} waiting", l.waiting) }</span>
                        </span>
                        <span class="trainer-moves" title="In the last step: issues this level resolved, and issues that moved on from it to another level">
                            { format!("✓ {resolved}  ↗ {moved}") }
                        </span>
                    </div>
                    }
                }) }
                { live_matrix(s) }
            </div>
        }
    });
    // The levels and categories of the run being played.
    let levels: Vec<&str> = view.as_ref().map_or_else(Vec::new, |v| v.levels.iter().map(|l| l.name.as_str()).collect());
    let categories: &[String] = view.as_ref().map_or(&[], |v| &v.categories);
    let seed = view.as_ref().map(|v| v.seed);
    let level_name = levels.get(*level).copied().unwrap_or_default();
    let nobody_on_duty = view.as_ref().and_then(|v| v.levels.get(*level)).is_some_and(|l| l.staff == 0);
    let checkpoints: &[u64] = view.as_ref().map_or(&[], |v| &v.checkpoints);
    let log: &[engine::playback::LogLine] = view.as_ref().map_or(&[], |v| &v.log);
    // A start that found errors, or the reason the last staff change was refused.
    let problem = (*problem).clone().or_else(|| view.as_ref().and_then(|v| v.refused.clone()));
    let outage_text = match &outage_spec {
        Ok((f, h)) => format!(
            "{}× the usual arrivals for {}, all of the chosen category, from now",
            crate::ui::format::trim(*f, 2),
            crate::ui::format::minutes(h * 60.0)
        ),
        Err(e) => e.clone(),
    };
    let text_input = |id: &'static str, state: &UseStateHandle<String>| {
        let state = state.clone();
        let value = (*state).clone();
        let oninput = Callback::from(move |e: InputEvent| {
            state.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value());
        });
        html! { <input {id} inputmode="decimal" size="4" {value} {oninput} aria-describedby="trainer-outage-note" /> }
    };
    html! {
        <section class="trainer" id="trainer" aria-labelledby="trainer-title" aria-busy={busy.then_some("true")}>
            <h2 id="trainer-title">{ "Trainer playback" }</h2>
            <p class="hint">{ "Play one run back over time and change it as it goes: make someone leave or join a level, edit a timer, a rule or a level's staff and apply it from the moment reached, save a checkpoint, and return to it to try something else." }</p>
            <div class="trainer-controls">
                <button id="trainer-start" class="button" onclick={start}>{ if started { "Restart" } else { "Start playback" } }</button>
                if has_drill { <button id="trainer-drill-start" class="button primary" onclick={start_drill}>{ if drilling { "Restart the drill" } else { "Start the drill" } }</button> }
                <button id="trainer-play" class="button" onclick={toggle} disabled={!started || (finished && !*playing)}>{ if *playing { "Pause" } else { "Play" } }</button>
                <button id="trainer-step" class="button" onclick={step} disabled={!started || *playing || finished}>{ "Step" }</button>
                <label class="field"><span>{ "Step / tick" }</span>
                    <select id="trainer-speed" onchange={{ let s = speed.clone(); Callback::from(move |e: Event| s.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().unwrap_or(1))) }}>
                        { for SPEEDS.iter().enumerate().map(|(i, (_, label))| html! { <option value={i.to_string()} selected={i == *speed}>{ *label }</option> }) }
                    </select>
                </label>
            </div>
            if started && !drilling {
                <div class="trainer-controls">
                    <label class="field"><span>{ "Level" }</span>
                        <select id="trainer-level" onchange={{ let l = level.clone(); Callback::from(move |e: Event| l.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().unwrap_or(0))) }}>
                            { for levels.iter().enumerate().map(|(i, n)| html! { <option value={i.to_string()} selected={i == *level}>{ *n }</option> }) }
                        </select>
                    </label>
                    <button id="trainer-leave" class="button" onclick={staff(-1)} disabled={nobody_on_duty}
                        aria-describedby={nobody_on_duty.then_some("trainer-staff-note")}>{ "Someone leaves" }</button>
                    <button id="trainer-join" class="button" onclick={staff(1)}>{ "Someone joins" }</button>
                    <label class="field"><span>{ "Category" }</span>
                        <select id="trainer-category" onchange={{ let c = category.clone(); Callback::from(move |e: Event| c.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().unwrap_or(0))) }}>
                            { for categories.iter().enumerate().map(|(i, n)| html! { <option value={i.to_string()} selected={i == *category}>{ n }</option> }) }
                        </select>
                    </label>
                    <label class="field"><span>{ "Outage size (× usual)" }</span>{ text_input("trainer-outage-factor", &outage_factor) }</label>
                    <label class="field"><span>{ "Length (hours)" }</span>{ text_input("trainer-outage-hours", &outage_hours) }</label>
                    <button id="trainer-outage" class="button" onclick={outage} disabled={outage_spec.is_err()}>{ "Outage burst" }</button>
                    <button id="trainer-checkpoint" class="button" onclick={save}>{ "Save checkpoint" }</button>
                </div>
                if nobody_on_duty {
                    <p class="hint" id="trainer-staff-note">{ format!("Nobody is on duty at {level_name} now, so nobody can leave it.") }</p>
                }
                <p id="trainer-outage-note" class={classes!(if outage_spec.is_err() { "problem error" } else { "hint" })}>{ outage_text }</p>
                if !checkpoints.is_empty() {
                    <div class="trainer-controls" id="trainer-checkpoints">
                        <span>{ "Return to:" }</span>
                        { for checkpoints.iter().enumerate().map(|(i, t)| html! {
                            <button class="button small" data-checkpoint={i.to_string()} onclick={restore(i)}>{ clock(engine::time::minutes(*t)) }</button>
                        }) }
                    </div>
                }
            }
            if let (Some(what), Some(v), false) = ((*edited).as_ref(), view.as_ref(), drilling) {
                <div class="trainer-edited" id="trainer-edited" role="status">
                    <p>{ format!("The policy shown differs from the one playing: {}.", what.join("; ")) }</p>
                    if store.checked.runnable {
                        <button id="trainer-apply" class="button" onclick={apply}>{ format!("Apply at {}", clock(v.minute)) }</button>
                        <span class="hint">{ " and play on under it, or Restart to play the edited scenario from its start." }</span>
                    } else {
                        <p class="hint">{ "Fix the scenario's errors to apply it." }</p>
                    }
                </div>
            }
            if let Some(note) = (*ended).as_ref() { <p class="hint" id="trainer-ended">{ note }</p> }
            if let Some(p) = problem { <p class="problem error" role="alert">{ p }</p> }
            { drill::panel(view.as_ref().and_then(|v| v.drill.as_ref()), &(send.clone() as Rc<dyn Fn(Play)>)) }
            { shown.unwrap_or_default() }
            // A drill's run takes no changes: no list of them.
            if started && !drilling {
                <div class="trainer-log">
                    <h3 id="trainer-log-title">{ "Changes made" }</h3>
                    if log.is_empty() {
                        <p class="hint" id="trainer-log-empty">{ "None yet: what you change is listed here with its moment." }</p>
                    } else {
                        <ol id="trainer-log" aria-labelledby="trainer-log-title">
                            { for log.iter().map(|l| html! {
                                <li><span class="step-time">{ clock(engine::time::minutes(l.at)) }</span>{ " " }{ &l.line }</li>
                            }) }
                        </ol>
                    }
                </div>
            }
            if started {
                { script_list(view.as_ref()) }
            }
            if let Some(seed) = seed { <p class="hint">{ format!("Seed {seed}; the same seed plays the same issues.") }</p> }
        </section>
    }
}

/// The matrix now: priorities as rows, levels as columns, each cell the issues waiting there,
/// coloured by how close the nearest of them is to breaching.
fn live_matrix(v: &View) -> Html {
    let np = v.priorities.len();
    if np == 0 || v.cells.len() != np * v.levels.len() {
        return html! {};
    }
    html! {
        <table class="live-matrix" id="live-matrix">
            <caption>{ "Waiting now, by priority and level (colour: how close the nearest is to breaching)" }</caption>
            <thead>
                <tr><td></td>{ for v.levels.iter().map(|l| html! { <th scope="col">{ &l.name }</th> }) }</tr>
            </thead>
            <tbody>
                { for v.priorities.iter().enumerate().map(|(p, name)| html! {
                    <tr>
                        <th scope="row">{ name }</th>
                        { for v.levels.iter().enumerate().map(|(l, level)| {
                            let (waiting, share) = v.cells[l * np + p];
                            let band = Band::of(waiting, share);
                            html! {
                                <td class={band.key()} data-waiting={waiting.to_string()} title={live_words(name, &level.name, waiting, share)}>
                                    { if waiting > 0 { waiting.to_string() } else { String::new() } }
                                </td>
                            }
                        }) }
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// The scenario's script beside the changes made: each event at its moment, those passed marked.
fn script_list(view: Option<&View>) -> Html {
    let Some(v) = view.filter(|v| !v.script.is_empty()) else { return html! {} };
    let now = v.minute;
    html! {
        <div class="trainer-log">
            <h3 id="trainer-script-title">{ "The script" }</h3>
            <ol id="trainer-script" aria-labelledby="trainer-script-title">
                { for v.script.iter().map(|e| {
                    let minute = engine::time::minutes(e.at);
                    let passed = minute <= now;
                    html! {
                        <li class={if passed { "passed" } else { "coming" }}>
                            <span class="step-time">{ day_clock(minute) }</span>{ " " }{ &e.line }
                            if passed { <span class="visually-hidden">{ " (passed)" }</span> }
                        </li>
                    }
                }) }
            </ol>
        </div>
    }
}

/// A moment of the run as the card's clock shows it: `day 2 10:30`.
fn day_clock(minute: f64) -> String {
    let day = (minute / 1440.0).floor();
    let m = minute - day * 1440.0;
    format!("day {} {:02}:{:02}", day as u64 + 1, (m / 60.0).floor() as u64, (m % 60.0).floor() as u64)
}
