//! The commands, once their arguments are read: each reads its files, runs the engine and
//! writes its output (`table` for people, JSON for programs), and says how it went in its exit
//! code.

use std::process::ExitCode;
use std::time::Instant;

use escalation_lab::engine::event_log::Labels;
use escalation_lab::engine::precision::{Look, Sequential};
use escalation_lab::engine::simulation::{Replication, Simulation};
use escalation_lab::engine::{self, Document, Model, Problem, Report, compare, runner, sweep};

use super::event_log::EventLogFile;
use super::{Format, RunArgs, emit, table, values};

fn read(file: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read \"{file}\": {e}"))?;
    // Some editors start UTF-8 files with a byte-order mark; it is not part of the JSON.
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

fn print_problems(file: &str, problems: &[Problem]) {
    for p in problems {
        eprintln!("{file}: {p}");
    }
}

pub(super) fn validate(file: &str) -> Result<ExitCode, String> {
    let text = read(file)?;
    let checked = engine::load(&text);
    print_problems(file, &checked.problems);
    let errors = checked.errors().count();
    let warnings = checked.problems.len() - errors;
    if errors > 0 {
        eprintln!("{file}: {errors} error(s), {warnings} warning(s)");
        Ok(ExitCode::from(1))
    } else {
        emit(format!("{file}: valid ({warnings} warning(s))"))?;
        Ok(ExitCode::SUCCESS)
    }
}

/// The scenario of a file, or `None` after printing why it is not one.
fn document(file: &str) -> Result<Option<Document>, String> {
    let text = read(file)?;
    Ok(match engine::parse(&text) {
        Ok(doc) => Some(doc),
        Err(p) => {
            print_problems(file, &[p]);
            None
        }
    })
}

pub(super) fn sweep_command(file: &str, knob: &str, list: &str, json: bool) -> Result<ExitCode, String> {
    let knob = sweep::Knob::parse(knob)?;
    let values = values(list)?;
    let Some(doc) = document(file)? else { return Ok(ExitCode::from(1)) };
    let s = match sweep::sweep(&doc, &knob, &values, |_| engine::Control::Continue) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{file}: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    emit(if json { serde_json::to_string_pretty(&s).map_err(|e| e.to_string())? } else { table::render_sweep(&s) })?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn staff_command(
    file: &str,
    goal: Option<(&str, &str)>,
    first_response: bool,
    write: Option<&str>,
    json: bool,
) -> Result<ExitCode, String> {
    let mut targets = Vec::new();
    if let Some((priority, share)) = goal {
        let value: f64 = match share.strip_suffix('%') {
            Some(p) => p.parse::<f64>().map(|v| v / 100.0),
            None => share.parse(),
        }
        .map_err(|_| format!("\"{share}\" is not a share; write 0.95 or 95%"))?;
        let goal = if first_response { sweep::Goal::FirstResponse } else { sweep::Goal::Resolution };
        targets.push(sweep::Target { priority: priority.to_string(), goal, share: value });
    }
    let Some(doc) = document(file)? else { return Ok(ExitCode::from(1)) };
    let mut search = match sweep::StaffingSearch::new(&doc, &targets) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{file}: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    if let Err(e) = search.run(&mut |_| engine::Control::Continue) {
        eprintln!("{file}: {e}");
        return Ok(ExitCode::from(1));
    }
    let found = search.found();
    if let Some(out) = write {
        let text = serde_json::to_string_pretty(&search.document()).map_err(|e| e.to_string())?;
        std::fs::write(out, text + "\n").map_err(|e| format!("{out}: {e}"))?;
    }
    emit(if json {
        serde_json::to_string_pretty(&found).map_err(|e| e.to_string())?
    } else {
        table::render_staffing(&found)
    })?;
    Ok(if found.met { ExitCode::SUCCESS } else { ExitCode::from(3) })
}

/// A share link to a valid scenario file: its compact JSON in the fragment.
pub(super) fn link_command(file: &str, base: Option<&str>) -> Result<ExitCode, String> {
    let text = read(file)?;
    let checked = engine::load(&text);
    print_problems(file, &checked.problems);
    if checked.model.is_none() {
        return Ok(ExitCode::from(1));
    }
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    // The app refuses what is beyond its limits: say so here rather than print a dead link.
    let fragment = match engine::share::encode_within_limits(&json.to_string()) {
        Ok(f) => f,
        Err(message) => {
            eprintln!("{file}: {message}");
            return Ok(ExitCode::from(1));
        }
    };
    match base {
        Some(b) => emit(format!("{}#{fragment}", b.split('#').next().unwrap_or(b)))?,
        None => emit(&fragment)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The scenario of a file with the run settings overridden, or `None` after printing why not.
fn overridden(
    file: &str,
    seed: Option<u64>,
    reps: Option<u32>,
    hours: Option<f64>,
) -> Result<Option<Document>, String> {
    let Some(mut doc) = document(file)? else { return Ok(None) };
    if let Some(seed) = seed {
        doc.run.seed = seed;
    }
    if let Some(reps) = reps {
        doc.run.replications = reps;
    }
    if let Some(hours) = hours {
        if !(hours.is_finite() && hours > 0.0) {
            return Err(format!("--hours needs a positive number of hours, not {hours}"));
        }
        doc.run.horizon = format!("{hours}h");
    }
    Ok(Some(doc))
}

/// The model of a scenario file with the run settings overridden; problems are printed.
pub(super) fn model_of(
    file: &str,
    seed: Option<u64>,
    reps: Option<u32>,
    hours: Option<f64>,
) -> Result<Option<Model>, String> {
    let Some(doc) = overridden(file, seed, reps, hours)? else { return Ok(None) };
    let checked = engine::validate(&doc);
    print_problems(file, &checked.problems);
    Ok(checked.model)
}

pub(super) fn compare_command(
    a: &str,
    b: &str,
    seed: Option<u64>,
    reps: Option<u32>,
    hours: Option<f64>,
    json: bool,
) -> Result<ExitCode, String> {
    let Some(ma) = model_of(a, seed, reps, hours)? else { return Ok(ExitCode::from(1)) };
    // B runs with A's run settings, so that both see the same issues.
    let hours = hours.or(Some(ma.run.horizon as f64 / 3_600_000.0));
    let Some(mb) = model_of(b, Some(ma.run.seed), Some(ma.run.replications), hours)? else {
        return Ok(ExitCode::from(1));
    };
    let settings = settings_changed(a, b, seed, reps, hours)?;
    let started = Instant::now();
    let c = compare::compare(&ma, &mb, ma.run.replications, ma.run.seed);
    eprintln!(
        "compared {} paired replication(s) in {:.3} s of wall time",
        c.replications,
        started.elapsed().as_secs_f64()
    );
    let out = if json {
        serde_json::to_string_pretty(&c).map_err(|e| e.to_string())?
    } else {
        table::render_comparison(&c, a, b, &settings.lines())
    };
    emit(out)?;
    Ok(ExitCode::SUCCESS)
}

/// What B's file changes from A's, as the two run: B with A's seed, replications and horizon.
fn settings_changed(
    a: &str,
    b: &str,
    seed: Option<u64>,
    reps: Option<u32>,
    hours: Option<f64>,
) -> Result<compare::SettingsDiff, String> {
    let (Some(da), Some(mut db)) = (overridden(a, seed, reps, hours)?, document(b)?) else {
        return Ok(compare::SettingsDiff::default());
    };
    db.run.seed = da.run.seed;
    db.run.replications = da.run.replications;
    db.run.horizon.clone_from(&da.run.horizon);
    let value = |d: &Document| serde_json::to_value(d).map_err(|e| e.to_string());
    Ok(compare::settings_diff(&value(&da)?, &value(&db)?))
}

pub(super) fn run_command(args: RunArgs) -> Result<ExitCode, String> {
    let Some(mut doc) = overridden(&args.file, args.seed, args.reps, args.hours)? else { return Ok(ExitCode::from(1)) };
    let given = &args.precision;
    if given != &engine::document::PrecisionDoc::default() {
        let p = doc.run.precision.get_or_insert_default();
        p.share_half_width = given.share_half_width.or(p.share_half_width);
        p.time_relative_half_width = given.time_relative_half_width.or(p.time_relative_half_width);
        p.max_replications = given.max_replications.or(p.max_replications);
    }
    let checked = engine::validate(&doc);
    let Some(model) = checked.model else {
        print_problems(&args.file, &checked.problems);
        return Ok(ExitCode::from(1));
    };
    if args.format != Format::Json {
        print_problems(&args.file, &checked.problems);
    }
    let jobs = if args.jobs > 0 { args.jobs } else { cpus() };
    let log = match &args.event_log {
        Some(path) => Some((EventLogFile::create(path)?, Labels::new(&model, &doc))),
        None => None,
    };
    let started = Instant::now();
    let (report, timings) = run_parallel(&model, &checked.problems, jobs, log)?;
    let wall = started.elapsed().as_secs_f64();
    let issues: f64 = report.per_replication.iter().filter_map(|k| k.events.arrivals).sum();
    eprintln!(
        "simulated {issues:.0} issues in {} replication(s) in {wall:.3} s of wall time ({:.0} issues/s)",
        report.replications,
        issues / wall.max(1e-9)
    );
    let out = match args.format {
        Format::Table => table::render(&report),
        Format::Json => serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?,
        Format::B1 => escalation_lab::b1::render(&model, &report, wall, &timings),
    };
    emit(out)?;
    Ok(ExitCode::SUCCESS)
}

/// How many replications run at once by default: one per CPU.
fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// The report of a model's run, its replications on every CPU, for commands that draw or write
/// from it (`render`, `handbook`).
pub(super) fn report_of(model: &Model) -> Result<Report, String> {
    run_parallel(model, &[], cpus(), None).map(|(report, _)| report)
}

/// Runs the replications on up to `jobs` threads; each replication is independent and seeded on
/// its own, so the report does not depend on the thread count. Replication 1 writes its event
/// log as it runs, when one is asked for. Returns per-replication seconds.
///
/// In precision mode the replications run `jobs` at a time, and each batch is looked at
/// replication by replication, in order: the run stops at the same replication whatever the
/// thread count, and the replications of the batch past it are dropped.
fn run_parallel(
    model: &engine::Model,
    warnings: &[Problem],
    jobs: usize,
    mut log: Option<(EventLogFile, Labels<'_>)>,
) -> Result<(Report, Vec<f64>), String> {
    let Some(targets) = model.run.precision else {
        let (reps, timings) = run_batch(model, 0..model.run.replications as usize, jobs, log)?;
        return Ok((runner::combine(model, warnings, reps), timings));
    };
    let most = targets.max_replications as usize;
    let mut sequential = Sequential::new(targets);
    let (mut reps, mut timings) = (Vec::new(), Vec::new());
    while reps.len() < most {
        let from = reps.len();
        let (batch, secs) = run_batch(model, from..(from + jobs.max(1)).min(most), jobs, log.take())?;
        for (rep, secs) in batch.into_iter().zip(secs) {
            let look = sequential.look(&rep.kpis);
            reps.push(rep);
            timings.push(secs);
            if let Look::Stop(outcome) = look {
                let mut report = runner::combine(model, warnings, reps);
                report.precision = Some(outcome);
                return Ok((report, timings));
            }
        }
    }
    unreachable!("the look at the maximum stops")
}

/// Runs replications `range` on up to `jobs` threads, returning them in order with their seconds.
fn run_batch(
    model: &engine::Model,
    range: std::ops::Range<usize>,
    jobs: usize,
    mut log: Option<(EventLogFile, Labels<'_>)>,
) -> Result<(Vec<Replication>, Vec<f64>), String> {
    let (start, reps) = (range.start, range.len());
    let jobs = jobs.clamp(1, reps.max(1));
    let mut slots: Vec<Option<(Replication, f64)>> = (0..reps).map(|_| None).collect();
    let mut failed = None;
    std::thread::scope(|scope| {
        let chunks: Vec<Vec<usize>> = (0..jobs).map(|j| (j..reps).step_by(jobs).collect()).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|indices| {
                // Replication 1 is the first of the first chunk.
                let mut log = if indices.first() == Some(&0) { log.take() } else { None };
                scope.spawn(move || {
                    indices
                        .into_iter()
                        .map(|r| {
                            let t = Instant::now();
                            let seed = model.run.seed.wrapping_add((start + r) as u64);
                            let rep = match log.take() {
                                Some((file, labels)) => file.run(model, seed, labels),
                                None => Ok(Simulation::run(model, seed)),
                            };
                            (r, rep, t.elapsed().as_secs_f64())
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (r, rep, secs) in h.join().expect("a replication thread does not panic") {
                match rep {
                    Ok(rep) => slots[r] = Some((rep, secs)),
                    Err(e) => failed = Some(e),
                }
            }
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    Ok(slots.into_iter().flatten().unzip())
}
