//! Trainer mode: play one replication of the scenario back over simulated time — queues grow and
//! drain, staff turn busy and idle — with play, pause, step and speed; make a staff member leave
//! or join, or start an outage burst, at the current moment and watch the effect; save checkpoints and return to one to try
//! something else (the run is replayed from the start with the changes made before that moment,
//! so it is exactly the run seen then). Every change is kept in a log beside the view: when, what
//! and where.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::engine::simulation::{Simulation, Snapshot, StaffRefused};
use crate::engine::{self, Model};
use crate::ui::store::Store;
use crate::ui::worker::Running;

/// A change made during playback, at a moment (ms).
#[derive(Clone, Copy, Debug)]
enum Change {
    /// Staff added at a level (negative: someone leaves).
    Staff(u64, usize, i64),
    /// An outage: issues of a category arriving at a rate (per hour) for some minutes.
    Burst(u64, usize, f64, f64),
}

impl Change {
    fn at(&self) -> u64 {
        match *self {
            Change::Staff(t, ..) | Change::Burst(t, ..) => t,
        }
    }

    fn apply(&self, sim: &mut Simulation<'_>) -> Result<(), StaffRefused> {
        match *self {
            Change::Staff(_, level, delta) => sim.change_staff(level, delta).map(drop),
            Change::Burst(_, category, per_hour, minutes) => {
                sim.inject_burst(category, per_hour, minutes);
                Ok(())
            }
        }
    }
}

/// Simulated minutes per tick, by speed.
const SPEEDS: [(f64, &str); 5] = [(5.0, "5 min"), (30.0, "30 min"), (120.0, "2 h"), (480.0, "8 h"), (1440.0, "1 day")];
/// Ticks per second while playing.
const TICK_MS: u32 = 150;

/// A playback in progress: the running replication, the changes made so far, the checkpoints.
struct Playback {
    running: Running,
    seed: u64,
    /// The changes made, each with its line in the log.
    changes: Vec<(Change, String)>,
    checkpoints: Vec<(u64, Vec<(Change, String)>)>,
}

impl Playback {
    fn start(model: Model, seed: u64) -> Playback {
        Playback {
            running: Running::new(model, |m| Simulation::new(m, seed)),
            seed,
            changes: Vec::new(),
            checkpoints: Vec::new(),
        }
    }

    fn now(&self) -> u64 {
        self.running.borrow_dependent().now()
    }

    fn snapshot(&self) -> Snapshot {
        self.running.borrow_dependent().snapshot()
    }

    fn finished(&self) -> bool {
        self.running.borrow_dependent().is_finished()
    }

    fn advance(&mut self, minutes: f64) {
        let to = self.now().saturating_add((minutes * 60_000.0) as u64);
        self.running.with_dependent_mut(|_, sim| {
            sim.run_until(to);
        });
    }

    /// Makes a change now; `what` words it for the log from the staff on duty after it.
    fn change(
        &mut self,
        change: impl Fn(u64) -> Change,
        what: impl Fn(&Snapshot) -> String,
    ) -> Result<(), StaffRefused> {
        let change = change(self.now());
        self.running.with_dependent_mut(|_, sim| change.apply(sim))?;
        let line = what(&self.snapshot());
        self.changes.push((change, line));
        Ok(())
    }

    /// Back to checkpoint `i`: the run replayed from the start with the changes made before it.
    fn restore(self, i: usize) -> Playback {
        let (at, changes) = self.checkpoints[i].clone();
        let (seed, checkpoints) = (self.seed, self.checkpoints);
        let running = Running::new(self.running.into_owner(), |m| {
            let mut sim = Simulation::new(m, seed);
            for (change, _) in &changes {
                sim.run_until(change.at());
                // Each was accepted when it was made, on this same run.
                let _ = change.apply(&mut sim);
            }
            sim.run_until(at);
            sim
        });
        Playback { running, seed, changes, checkpoints }
    }
}

#[component]
pub fn TrainerCard() -> Html {
    let store = use_context::<Store>().expect("store");
    let playback: Rc<RefCell<Option<Playback>>> = use_mut_ref(|| None);
    let snapshot = use_state(|| None::<Snapshot>);
    // The snapshot shown before this one: the moves between the two are the last tick's.
    let previous = use_state(|| None::<Snapshot>);
    let speed = use_state(|| 1usize);
    let level = use_state(|| 0usize);
    let category = use_state(|| 0usize);
    let playing = use_state(|| false);
    let checkpoints = use_state(Vec::<u64>::new);
    let problem = use_state(|| None::<String>);
    // The outage a burst makes: times the usual arrivals, for hours (as typed).
    let outage_factor = use_state(|| "3".to_string());
    let outage_hours = use_state(|| "2".to_string());
    let log = use_state(Vec::<(u64, String)>::new);
    // `advanced`: time moved on since the snapshot shown, so the moves between the two are the
    // last step's. A change made at the same moment leaves those counts as they are.
    let show = {
        let (playback, snapshot, checkpoints, previous, log) =
            (playback.clone(), snapshot.clone(), checkpoints.clone(), previous.clone(), log.clone());
        Rc::new(move |advanced: bool| {
            let p = playback.borrow();
            if advanced {
                previous.set((*snapshot).clone());
            }
            snapshot.set(p.as_ref().map(Playback::snapshot));
            checkpoints.set(p.as_ref().map_or_else(Vec::new, |p| p.checkpoints.iter().map(|(t, _)| *t).collect()));
            log.set(p.as_ref().map_or_else(Vec::new, |p| p.changes.iter().map(|(c, l)| (c.at(), l.clone())).collect()));
        })
    };
    // A playback is of the scenario as it was when it started: an edit, a preset or an import
    // ends it, so the card never goes on playing a scenario that is no longer the one shown.
    {
        let (playback, snapshot, previous, checkpoints, playing, log) =
            (playback.clone(), snapshot.clone(), previous.clone(), checkpoints.clone(), playing.clone(), log.clone());
        use_effect_with(store.revision, move |_| {
            if playback.borrow_mut().take().is_some() {
                playing.set(false);
                snapshot.set(None);
                previous.set(None);
                checkpoints.set(Vec::new());
                log.set(Vec::new());
            }
        });
    }
    // While playing, advance one tick at a time.
    {
        let (playback, show, playing, minutes) = (playback.clone(), show.clone(), playing.clone(), SPEEDS[*speed].0);
        use_effect_with((*playing, *speed), move |&(on, _)| {
            let timer = on.then(|| {
                Interval::new(TICK_MS, move || {
                    let done = playback.borrow_mut().as_mut().is_none_or(|p| {
                        if !p.finished() {
                            p.advance(minutes);
                        }
                        p.finished()
                    });
                    show(true);
                    if done {
                        playing.set(false);
                    }
                })
            });
            move || drop(timer)
        });
    }
    let start = {
        let (store, playback, show, problem, playing) =
            (store.clone(), playback.clone(), show.clone(), problem.clone(), playing.clone());
        Callback::from(move |_| {
            let checked = engine::load(&store.doc.to_string());
            match checked.model {
                Some(model) => {
                    let seed = model.run.seed;
                    *playback.borrow_mut() = Some(Playback::start(model, seed));
                    problem.set(None);
                }
                None => problem.set(Some("the scenario has errors: fix them to play it back".into())),
            }
            playing.set(false);
            show(true);
        })
    };
    let step = {
        let (playback, show, minutes) = (playback.clone(), show.clone(), SPEEDS[*speed].0);
        Callback::from(move |_| {
            if let Some(p) = playback.borrow_mut().as_mut().filter(|p| !p.finished()) {
                p.advance(minutes);
            }
            show(true);
        })
    };
    let toggle = {
        let playing = playing.clone();
        Callback::from(move |_| playing.set(!*playing))
    };
    let staff = |delta: i64| {
        let (playback, show, level, problem) = (playback.clone(), show.clone(), level.clone(), problem.clone());
        Callback::from(move |_| {
            let level = *level;
            if let Some(p) = playback.borrow_mut().as_mut() {
                let name = p.running.borrow_owner().levels.get(level).map(|l| l.name.clone()).unwrap_or_default();
                let what = |s: &Snapshot| {
                    let now = s.levels.get(level).map_or(0, |l| l.staff);
                    let who = if delta < 0 { "Someone left" } else { "Someone joined" };
                    format!("{who} {name}: {now} on duty")
                };
                match p.change(|t| Change::Staff(t, level, delta), what) {
                    Ok(()) => problem.set(None),
                    Err(why) => problem.set(Some(format!("Nobody left {name}: {why}."))),
                }
            }
            show(false);
        })
    };
    // The outage's size and length as typed, or what is wrong with them.
    let outage_spec = {
        let factor = outage_factor.trim().parse::<f64>().ok().filter(|f| f.is_finite() && *f > 0.0 && *f <= 100.0);
        let hours = outage_hours.trim().parse::<f64>().ok().filter(|h| h.is_finite() && *h > 0.0 && *h <= 24.0 * 28.0);
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
        let (playback, show, category, store, spec) =
            (playback.clone(), show.clone(), category.clone(), store.clone(), outage_spec.clone());
        Callback::from(move |_| {
            let Ok((factor, hours)) = spec else { return };
            // On top of the scenario's usual arrivals: `factor` times them, all of one category.
            let rate =
                store.doc.pointer("/workload/arrivals_per_hour").and_then(|v| v.as_f64()).unwrap_or(10.0) * factor;
            let category = *category;
            if let Some(p) = playback.borrow_mut().as_mut() {
                let name =
                    p.running.borrow_owner().categories.get(category).map(|c| c.name.clone()).unwrap_or_default();
                let what = |_: &Snapshot| {
                    format!(
                        "Outage: {} more arrivals an hour of {name} ({}× the usual) for {}",
                        crate::ui::format::trim(rate, 1),
                        crate::ui::format::trim(factor, 2),
                        crate::ui::format::minutes(hours * 60.0)
                    )
                };
                let _ = p.change(|t| Change::Burst(t, category, rate, hours * 60.0), what);
            }
            show(false);
        })
    };
    let save = {
        let (playback, show) = (playback.clone(), show.clone());
        Callback::from(move |_| {
            if let Some(p) = playback.borrow_mut().as_mut() {
                let at = p.now();
                let changes = p.changes.clone();
                p.checkpoints.push((at, changes));
            }
            show(false);
        })
    };
    let restore = |i: usize| {
        let (playback, show, playing) = (playback.clone(), show.clone(), playing.clone());
        Callback::from(move |_| {
            let current = playback.borrow_mut().take();
            *playback.borrow_mut() = current.map(|p| p.restore(i));
            playing.set(false);
            show(true);
        })
    };
    let clock = |minute: f64| {
        let day = (minute / 1440.0).floor();
        let m = minute - day * 1440.0;
        format!("day {} {:02}:{:02}", day as u64 + 1, (m / 60.0).floor() as u64, (m % 60.0).floor() as u64)
    };
    let view = snapshot.as_ref().map(|s| {
        let most = s.levels.iter().map(|l| l.waiting.max(l.staff)).max().unwrap_or(1).max(10);
        html! {
            <div class="trainer-view" id="trainer-view" data-minute={s.minute.to_string()} data-arrived={s.arrived.to_string()}>
                <p class="trainer-clock">
                    <strong id="trainer-clock">{ clock(s.minute) }</strong>
                    { format!(" · {} issues arrived, {} open{}", s.arrived, s.open, if s.finished { " · the run has ended" } else { "" }) }
                </p>
                { for s.levels.iter().enumerate().map(|(i, l)| {
                    // Moves since the last snapshot shown (none after a restart or a return).
                    let before = previous.as_ref().filter(|p| p.minute <= s.minute).and_then(|p| p.levels.get(i));
                    let (moved, resolved) = before.map_or((0, 0), |b| {
                        (l.moved_out.saturating_sub(b.moved_out), l.resolved.saturating_sub(b.resolved))
                    });
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
            </div>
        }
    });
    // The levels and categories of the run being played (the scenario may have changed since).
    let (levels, categories): (Vec<String>, Vec<String>) =
        playback.borrow().as_ref().map_or_else(Default::default, |p| {
            let m = p.running.borrow_owner();
            (m.levels.iter().map(|l| l.name.clone()).collect(), m.categories.iter().map(|c| c.name.clone()).collect())
        });
    let started = snapshot.is_some();
    let finished = snapshot.as_ref().is_some_and(|s| s.finished);
    let seed = playback.borrow().as_ref().map(|p| p.seed);
    let level_name = levels.get(*level).cloned().unwrap_or_default();
    let nobody_on_duty = snapshot.as_ref().and_then(|s| s.levels.get(*level)).is_some_and(|l| l.staff == 0);
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
            state.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())
        });
        html! { <input {id} inputmode="decimal" size="4" {value} {oninput} aria-describedby="trainer-outage-note" /> }
    };
    html! {
        <section class="trainer" id="trainer" aria-labelledby="trainer-title">
            <h2 id="trainer-title">{ "Trainer playback" }</h2>
            <p class="hint">{ "Play one run back over time and change it as it goes: make someone leave or join a level, save a checkpoint, and return to it to try something else." }</p>
            <div class="trainer-controls">
                <button id="trainer-start" class="button" onclick={start}>{ if started { "Restart" } else { "Start playback" } }</button>
                <button id="trainer-play" class="button" onclick={toggle} disabled={!started || (finished && !*playing)}>{ if *playing { "Pause" } else { "Play" } }</button>
                <button id="trainer-step" class="button" onclick={step} disabled={!started || *playing || finished}>{ "Step" }</button>
                <label class="field"><span>{ "Step / tick" }</span>
                    <select id="trainer-speed" onchange={{ let s = speed.clone(); Callback::from(move |e: Event| s.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().unwrap_or(1))) }}>
                        { for SPEEDS.iter().enumerate().map(|(i, (_, label))| html! { <option value={i.to_string()} selected={i == *speed}>{ *label }</option> }) }
                    </select>
                </label>
            </div>
            if started {
                <div class="trainer-controls">
                    <label class="field"><span>{ "Level" }</span>
                        <select id="trainer-level" onchange={{ let l = level.clone(); Callback::from(move |e: Event| l.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().unwrap_or(0))) }}>
                            { for levels.iter().enumerate().map(|(i, n)| html! { <option value={i.to_string()} selected={i == *level}>{ n }</option> }) }
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
            if let Some(p) = &*problem { <p class="problem error" role="alert">{ p.clone() }</p> }
            { view.unwrap_or_default() }
            if started {
                <div class="trainer-log">
                    <h3 id="trainer-log-title">{ "Changes made" }</h3>
                    if log.is_empty() {
                        <p class="hint" id="trainer-log-empty">{ "None yet: what you change is listed here with its moment." }</p>
                    } else {
                        <ol id="trainer-log" aria-labelledby="trainer-log-title">
                            { for log.iter().map(|(t, line)| html! {
                                <li><span class="step-time">{ clock(engine::time::minutes(*t)) }</span>{ " " }{ line }</li>
                            }) }
                        </ol>
                    }
                </div>
            }
            if let Some(seed) = seed { <p class="hint">{ format!("Seed {seed}; the same seed plays the same issues.") }</p> }
        </section>
    }
}
