//! Drills: in trainer playback, the run stops at the decision points of chosen or sampled issues
//! and asks the learner what happens next (where the issue goes, which rule or timer moves it,
//! whether it breaches its resolution target, who is notified); each answer is graded against
//! the engine, and the debrief lists every question with the answer given, the right one and
//! the rule or trigger that decided it.
//!
//! The right answers come from the issues' journeys in a run of the same model from the same
//! seed as the playback: tracing an issue draws nothing, so that run is the playback's run, step
//! for step (as long as the trainer changes nothing in it). A sample is drawn from the run's
//! arrivals with a generator of its own, so the same scenario and seed drill the same issues.

use serde::{Deserialize, Serialize};

use super::Model;
use super::order;
use super::playback::Playback;
use super::problem::Problem;
use super::report::numbers;
use super::report::{Journey, Step};
use super::rng::SimRng;
use super::simulation::Simulation;
use super::time;

/// Most issues a drill asks about (chosen and sampled together).
pub const MAX_ISSUES: u32 = 20;
/// Questions asked about one issue at most: its first decisions.
const PER_ISSUE: usize = 6;
/// Events handled between looks at whether a run has ended.
const SLICE: u64 = 100_000;
/// The answer to "where next" when the issue leaves the desk resolved.
const RESOLVED: &str = "Resolved";
/// The answer to "what decides" when no rule or timer acts: the service's outcome.
const OUTCOME: &str = "No rule or timer: its service's outcome";
const BREACHES: [&str; 2] = ["Yes: it breaches its resolution target", "No: it is resolved within it"];

/// A kind of question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// Where the issue goes next: a level, or resolved.
    Next,
    /// What moves or closes it: a rule or timer by name, or its service's outcome.
    Rule,
    /// Whether it breaches its resolution target.
    Breach,
    /// Which level a notification goes to.
    Notify,
}

impl Ask {
    pub const ALL: [Ask; 4] = [Ask::Next, Ask::Rule, Ask::Breach, Ask::Notify];

    /// The kind's name in the scenario's `drill.ask`.
    pub fn key(self) -> &'static str {
        match self {
            Ask::Next => "next",
            Ask::Rule => "rule",
            Ask::Breach => "breach",
            Ask::Notify => "notify",
        }
    }
}

/// A drill's settings, checked: issues by number, how many more to sample, what to ask.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub issues: Vec<u32>,
    pub sample: u32,
    pub ask: Vec<Ask>,
}

/// One question: when it is asked (ms; the run pauses there), its words and options, the right
/// option and what decided it.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub at: u64,
    pub issue: u32,
    pub ask: Ask,
    pub text: String,
    pub options: Vec<String>,
    pub right: usize,
    pub decided_by: String,
}

/// What the trainer card draws of a drill. Flat, of one type and lists of text the view already
/// carries, since it crosses from the worker to the page with every view and each type that
/// crosses costs the download its decoder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DrillView {
    /// The question asked now followed by its options, once the run has reached its moment;
    /// empty while none is asked.
    pub asking: Vec<String>,
    /// Every question answered, four texts each ([`ANSWERED`]): the question, the answer given,
    /// the right answer, and what decided it.
    pub answered: Vec<String>,
    /// Questions in the drill.
    pub total: u32,
}

/// Texts per answered question in [`DrillView::answered`].
pub const ANSWERED: usize = 4;

/// A drill under way: its questions in the order asked and the answers given so far.
#[derive(Clone, Debug)]
pub struct Drill {
    questions: Vec<Question>,
    answers: Vec<usize>,
}

impl Drill {
    /// The drill `plan` sets for the run of `model` from `seed`: its questions, from the chosen
    /// and sampled issues' journeys. A chosen issue that never arrives is an error at its place.
    pub fn new(model: &Model, seed: u64, plan: &Plan) -> Result<Drill, Vec<Problem>> {
        let arrived = if plan.sample > 0 { run(model, seed, Vec::new()).1 } else { 0 };
        let sampled = sample(seed, arrived, plan);
        let chosen: Vec<u32> = plan.issues.iter().chain(&sampled).copied().collect();
        let (journeys, arrived) = run(model, seed, chosen);
        let mut problems = Vec::new();
        let mut questions = Vec::new();
        for (i, n) in plan.issues.iter().enumerate() {
            match journeys.iter().find(|j| j.issue == *n) {
                Some(j) => questions.extend(questions_of(model, j, &plan.ask)),
                None => problems.push(Problem::error(
                    format!("drill.issues[{i}]"),
                    format!(
                        "issue {n} never arrives in this run: its issues are numbered 0 to {}",
                        arrived.saturating_sub(1)
                    ),
                )),
            }
        }
        // Sampled issues in the order drawn, those with nothing to ask left out.
        let mut taken = 0;
        for n in &sampled {
            let Some(j) = journeys.iter().find(|j| j.issue == *n) else { continue };
            let asked = questions_of(model, j, &plan.ask);
            if taken < plan.sample && !asked.is_empty() {
                taken += 1;
                questions.extend(asked);
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        if questions.is_empty() {
            return Err(vec![Problem::error(
                "drill",
                "none of the drill's issues meets a question of the kinds asked in this run",
            )]);
        }
        order::sort_by_key(&mut questions, |q| q.at);
        Ok(Drill { questions, answers: Vec::new() })
    }

    /// Every question, in the order asked.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// The moment of the next question not yet answered.
    pub fn next_at(&self) -> Option<u64> {
        self.questions.get(self.answers.len()).map(|q| q.at)
    }

    /// The question asked at `now`: the next one, once the run has reached its moment.
    pub fn asking(&self, now: u64) -> Option<&Question> {
        self.questions.get(self.answers.len()).filter(|q| q.at <= now)
    }

    /// Answers the question asked at `now` with option `option`; false, changing nothing, when
    /// none is asked or there is no such option.
    pub fn answer(&mut self, now: u64, option: usize) -> bool {
        let fits = self.asking(now).is_some_and(|q| option < q.options.len());
        if fits {
            self.answers.push(option);
        }
        fits
    }

    /// Right answers so far, and questions answered.
    pub fn score(&self) -> (usize, usize) {
        let right = self.questions.iter().zip(&self.answers).filter(|(q, a)| q.right == **a).count();
        (right, self.answers.len())
    }

    /// Moves `playback` on by `minutes`, stopping at the next question's moment; not at all
    /// while a question waits for its answer.
    pub fn advance(&self, playback: &mut Playback<'_>, minutes: f64) {
        let now = playback.now();
        match self.next_at() {
            Some(at) if at <= now => {}
            Some(at) if at < now.saturating_add(time::ms_from_minutes(minutes)) => {
                playback.advance(time::minutes(at - now));
            }
            _ => playback.advance(minutes),
        }
    }

    /// What the trainer card draws at `now`.
    pub fn view(&self, now: u64) -> DrillView {
        DrillView {
            asking: self
                .asking(now)
                .map_or_else(Vec::new, |q| std::iter::once(&q.text).chain(&q.options).cloned().collect()),
            answered: self
                .questions
                .iter()
                .zip(&self.answers)
                .flat_map(|(q, &a)| [&q.text, &q.options[a], &q.options[q.right], &q.decided_by])
                .cloned()
                .collect(),
            total: self.questions.len() as u32,
        }
    }
}

/// Runs `model` from `seed` tracing `issues` (distinct), until their journeys have all ended or
/// the run has: their journeys, and the issues arrived by then (all of the run's when one of
/// `issues` never arrives, or none is traced).
fn run(model: &Model, seed: u64, issues: Vec<u32>) -> (Vec<Journey>, u32) {
    let wanted = issues.len();
    let mut sim = Simulation::new(model, seed);
    sim.trace_issues(issues);
    let mut journeys = Vec::new();
    loop {
        let ended = sim.step(SLICE);
        journeys.extend(sim.take_traced());
        if ended || (wanted > 0 && journeys.len() >= wanted) {
            break;
        }
    }
    (journeys, sim.snapshot().arrived)
}

/// Candidates for the sample: up to four times as many issues as it takes (some may have
/// nothing to ask), drawn without repeats from the `arrived` issues, leaving the chosen ones out.
fn sample(seed: u64, arrived: u32, plan: &Plan) -> Vec<u32> {
    let free = u64::from(arrived).saturating_sub(plan.issues.iter().filter(|&&n| n < arrived).count() as u64);
    let want = (u64::from(plan.sample) * 4).min(free);
    // A stream of its own, so that the sample leaves the run's draws alone.
    let mut rng = SimRng::new(seed ^ 0xD1_11);
    let mut out = Vec::new();
    while (out.len() as u64) < want {
        let n = (rng.next_u64() % u64::from(arrived)) as u32;
        if !out.contains(&n) && !plan.issues.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// What an issue's step decides, if anything.
enum Decision<'s> {
    /// It moves to a level (the same one for more work), by a rule or timer or its outcome.
    Moves { to: &'s str, from: &'s str, reason: &'s str },
    /// It leaves the desk resolved: by its service, or closed by a rule.
    Resolved { at: &'s str },
    /// A level is notified.
    Notifies { whom: String },
}

fn decision<'s>(model: &Model, before: &'s Step, step: &'s Step) -> Option<Decision<'s>> {
    let from = before.level.as_deref().unwrap_or_default();
    match step.event.as_str() {
        "escalated" | "requeued" => Some(Decision::Moves {
            to: step.level.as_deref()?,
            from,
            // "from A to B (wait timer)": the reason in brackets.
            reason: step.detail.rsplit_once('(').map_or("", |(_, r)| r.trim_end_matches(')')),
        }),
        "resolved" | "follow_up" | "closed" => Some(Decision::Resolved { at: step.level.as_deref().unwrap_or(from) }),
        // "Tier 2 notified; it spends 5 min on it": the level named first.
        "notified" => model
            .levels
            .iter()
            .map(|l| l.name.as_str())
            .filter(|n| step.detail.strip_prefix(n).is_some_and(|rest| rest.starts_with(" notified")))
            .max_by_key(|n| n.len())
            .map(|n| Decision::Notifies { whom: n.to_string() }),
        _ => None,
    }
}

/// The questions of one issue's journey of the kinds asked, at most `PER_ISSUE`.
fn questions_of(model: &Model, j: &Journey, ask: &[Ask]) -> Vec<Question> {
    let mut out = Vec::new();
    let who = format!("issue #{} ({}, {})", j.issue, j.category, j.priority);
    let path: Vec<String> = model
        .categories
        .iter()
        .find(|c| c.name == j.category)
        .map_or_else(Vec::new, |c| c.path.iter().map(|&l| model.levels[l].name.clone()).collect());
    let ms = |s: &Step| time::ms_from_minutes(s.t_min);
    if ask.contains(&Ask::Breach)
        && let (Some(first), Some(resolved)) = (j.steps.first(), j.resolved_min)
        && let Some(used) = j.steps.iter().rev().find_map(|s| s.sla_resolution_used)
    {
        let level = first.level.as_deref().unwrap_or_default();
        out.push(Question {
            at: ms(first),
            issue: j.issue,
            ask: Ask::Breach,
            text: format!("{}: {who} has arrived at {level}. Will it breach its resolution target?", clock(ms(first))),
            options: BREACHES.map(String::from).to_vec(),
            right: usize::from(!j.resolution_breached),
            decided_by: format!(
                "resolved after {}, at {} of its resolution target",
                numbers::minutes(resolved - j.arrival_min),
                numbers::percent(used)
            ),
        });
    }
    for (i, step) in j.steps.iter().enumerate().skip(1) {
        let before = &j.steps[i - 1];
        let Some(d) = decision(model, before, step) else { continue };
        // Asked when the step before it happened, or just before it when both are at one moment.
        let at =
            j.steps[..i].iter().rev().map(ms).find(|&t| t < ms(step)).unwrap_or_else(|| ms(step).saturating_sub(1));
        let here = before.level.as_deref().unwrap_or_default();
        let head = format!("{}: {who} is at {here}.", clock(at));
        let by = step.trigger.as_deref();
        let mut ask_one = |kind: Ask, text: String, options: Vec<String>, right: &str, decided_by: String| {
            if ask.contains(&kind) && out.len() < PER_ISSUE {
                let mut options = options;
                let right = options.iter().position(|o| o == right).unwrap_or_else(|| {
                    options.push(right.to_string());
                    options.len() - 1
                });
                out.push(Question { at, issue: j.issue, ask: kind, text, options, right, decided_by });
            }
        };
        let rule =
            |what: &str| by.map_or_else(|| what.to_string(), |t| format!("the rule or timer \u{201c}{t}\u{201d}"));
        // Where it goes next and what decides it; a notification is its own question.
        let (to, decided) = match d {
            Decision::Moves { to, from, reason } => {
                let decided =
                    rule(&format!("its service at {from} did not resolve it, so it went where the path sends it"));
                (to, if by.is_some() && !reason.is_empty() { format!("{decided} ({reason})") } else { decided })
            }
            Decision::Resolved { at: level } => (RESOLVED, rule(&format!("its service at {level} resolved it"))),
            Decision::Notifies { whom } => {
                let options = model.levels.iter().map(|l| l.name.clone()).collect();
                let decided = rule("a notification of the scenario");
                ask_one(Ask::Notify, format!("{head} Who is notified about it next?"), options, &whom, decided);
                continue;
            }
        };
        let mut options = path.clone();
        options.push(RESOLVED.into());
        ask_one(Ask::Next, format!("{head} Where does it go next?"), options, to, decided.clone());
        ask_one(
            Ask::Rule,
            format!("{head} What decides where it goes next?"),
            rule_options(model, by),
            &quoted(by),
            decided,
        );
    }
    out
}

/// A rule or timer as an option: its name in quotes, or the service's outcome.
fn quoted(trigger: Option<&str>) -> String {
    trigger.map_or_else(|| OUTCOME.to_string(), |t| format!("\u{201c}{t}\u{201d}"))
}

/// The options of "what decides": the service's outcome, and the rules and timers that move or
/// close issues, in the scenario's order (at most four, the right one among them).
fn rule_options(model: &Model, right: Option<&str>) -> Vec<String> {
    let mut names: Vec<&str> = Vec::new();
    for t in &model.triggers {
        if !t.action.in_place() && !names.contains(&t.name.as_str()) {
            names.push(&t.name);
        }
    }
    let others = names.iter().filter(|n| Some(**n) != right).take(3).copied().collect::<Vec<_>>();
    let mut options = vec![OUTCOME.to_string()];
    options.extend(names.iter().filter(|n| Some(**n) == right || others.contains(n)).map(|n| quoted(Some(n))));
    options
}

/// A moment of the run as the trainer card's clock shows it: `day 2 10:30`.
fn clock(ms: u64) -> String {
    let minute = ms / time::MINUTE;
    format!("day {} {:02}:{:02}", minute / 1440 + 1, minute % 1440 / 60, minute % 60)
}
