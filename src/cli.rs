//! Command-line parsing and the commands: `validate`, `run` and `compare`.

mod table;

use std::ffi::OsString;
use std::process::ExitCode;
use std::time::Instant;

use escalation_lab::engine::simulation::{Replication, Simulation};
use escalation_lab::engine::{self, Document, Model, Problem, Report, compare, runner, sweep};

const USAGE: &str = "\
usage: escalation-lab validate FILE
       escalation-lab run FILE [--seed N] [--reps R] [--hours H] [--format table|json|b1] [--jobs J]
       escalation-lab compare FILE_A FILE_B [--seed N] [--reps R] [--hours H] [--format table|json]
       escalation-lab link FILE [--base URL]
       escalation-lab sweep FILE PARAMETER VALUES [--format table|json]
       escalation-lab staff FILE [PRIORITY SHARE [--first-response]] [--write OUT] [--format table|json]

  validate   check a scenario file and list every problem (exit status 1 if any is an error)
  run        simulate a scenario and print the report
    --seed N       seed of the first replication (replication k uses N+k-1); default: the file's
    --reps R       number of replications; default: the file's
    --hours H      horizon in hours, overriding the file's
    --format F     table (default), json (the full report) or b1 (KPI JSON of the B1 benchmark)
    --jobs J       replications run in parallel; default: the number of CPUs
  compare    run two policies on the same issues (common random numbers: replication k of both
             from the same seed) and print each KPI side by side with the difference B − A, its
             95% confidence interval, and whether it is significant; --seed, --reps and --hours
             default to FILE_A's and apply to both
  sweep      run a scenario at each value of one parameter and print SLA attainment per priority
             and utilization per level at each; PARAMETER is staff:LEVEL (staff added, negative
             removes), rate (arrivals per hour) or timer:TRIGGER:PRIORITY (minutes); VALUES is a
             list (1,2,3) or a range FROM..TO or FROM..TO:STEP (after -- if it starts with -)
  staff      find the fewest staff, per level and per shift, with which every goal of the scenario
             (each priority's share within its first-response and resolution targets; 95% where
             not given) is met and no level is overloaded; minimal in that removing any one
             person, at any level or shift, misses a goal or overloads a level. PRIORITY SHARE
             (e.g. P2 0.95 or P2 95%) first sets that priority's resolution goal (its
             first-response goal with --first-response); --write OUT saves the scenario with
             the staff found
  link       print a share link to a scenario: its fragment (s=2....), or the whole address after
             --base (the app's address, e.g. https://example.org/escalation-lab/)

Timing goes to standard error, never into the json report.";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Table,
    Json,
    B1,
}

struct RunArgs {
    file: String,
    seed: Option<u64>,
    reps: Option<u32>,
    hours: Option<f64>,
    format: Format,
    jobs: usize,
}

pub fn main(args: Vec<OsString>) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    // Help wherever it is asked for (`run --help`), before the command's own options.
    if args.iter().take_while(|a| *a != "--").any(|a| a == "--help" || a == "-h") {
        emit(USAGE)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut parser = lexopt::Parser::from_args(args);
    let command = match parser.next().map_err(|e| e.to_string())? {
        Some(Value(v)) => v.string().map_err(|e| e.to_string())?,
        Some(Long("help") | Short('h')) => {
            emit(USAGE)?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Long("version") | Short('V')) => {
            emit(format!("escalation-lab {}", env!("CARGO_PKG_VERSION")))?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(other) => return Err(format!("{}\n\n{USAGE}", other.unexpected())),
        None => return Err(format!("no command given\n\n{USAGE}")),
    };
    match command.as_str() {
        "validate" => {
            let mut file = None;
            while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
                match arg {
                    Value(v) if file.is_none() => file = Some(v.string().map_err(|e| e.to_string())?),
                    other => return Err(other.unexpected().to_string()),
                }
            }
            validate(&file.ok_or("validate needs a scenario FILE")?)
        }
        "run" => {
            let mut run =
                RunArgs { file: String::new(), seed: None, reps: None, hours: None, format: Format::Table, jobs: 0 };
            let mut file = None;
            while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
                match arg {
                    Long("seed") => run.seed = Some(number(&mut parser, "--seed")?),
                    Long("reps") => run.reps = Some(number(&mut parser, "--reps")?),
                    Long("hours") => run.hours = Some(number(&mut parser, "--hours")?),
                    Long("jobs") => run.jobs = number(&mut parser, "--jobs")?,
                    Long("format") => {
                        run.format = match parser
                            .value()
                            .map_err(|e| e.to_string())?
                            .string()
                            .map_err(|e| e.to_string())?
                            .as_str()
                        {
                            "table" => Format::Table,
                            "json" => Format::Json,
                            "b1" => Format::B1,
                            other => {
                                return Err(format!("unknown --format \"{other}\"; use table, json or b1"));
                            }
                        }
                    }
                    Value(v) if file.is_none() => file = Some(v.string().map_err(|e| e.to_string())?),
                    other => return Err(other.unexpected().to_string()),
                }
            }
            run.file = file.ok_or("run needs a scenario FILE")?;
            run_command(run)
        }
        "link" => {
            let (mut file, mut base) = (None, None);
            while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
                match arg {
                    Long("base") => {
                        base = Some(parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?)
                    }
                    Value(v) if file.is_none() => file = Some(v.string().map_err(|e| e.to_string())?),
                    other => return Err(other.unexpected().to_string()),
                }
            }
            link_command(&file.ok_or("link needs a scenario FILE")?, base.as_deref())
        }
        "sweep" | "staff" => {
            let mut positional = Vec::new();
            let (mut json, mut first_response, mut write) = (false, false, None);
            while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
                match arg {
                    Long("format") => json = json_format(&mut parser)?,
                    Long("first-response") if command == "staff" => first_response = true,
                    Long("write") if command == "staff" => {
                        write = Some(parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?)
                    }
                    Value(v) if positional.len() < 3 => positional.push(v.string().map_err(|e| e.to_string())?),
                    other => return Err(other.unexpected().to_string()),
                }
            }
            if command == "staff" {
                let (file, goal) = match positional.as_slice() {
                    [file] => (file.clone(), None),
                    [file, p, s] => (file.clone(), Some((p.as_str(), s.as_str()))),
                    _ => return Err("staff needs FILE, or FILE PRIORITY SHARE, e.g. staff b1.json P2 0.95".into()),
                };
                if first_response && goal.is_none() {
                    return Err(
                        "--first-response needs PRIORITY SHARE, e.g. staff b1.json P2 0.95 --first-response".into()
                    );
                }
                return staff_command(&file, goal, first_response, write.as_deref(), json);
            }
            let [file, a, b]: [String; 3] = positional
                .try_into()
                .map_err(|_| "sweep needs FILE PARAMETER VALUES, e.g. sweep b1.json staff:L2 0..4")?;
            sweep_command(&file, &a, &b, json)
        }
        "compare" => {
            let mut files = Vec::new();
            let (mut seed, mut reps, mut hours, mut json) = (None, None, None, false);
            while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
                match arg {
                    Long("seed") => seed = Some(number(&mut parser, "--seed")?),
                    Long("reps") => reps = Some(number(&mut parser, "--reps")?),
                    Long("hours") => hours = Some(number(&mut parser, "--hours")?),
                    Long("format") => json = json_format(&mut parser)?,
                    Value(v) if files.len() < 2 => files.push(v.string().map_err(|e| e.to_string())?),
                    other => return Err(other.unexpected().to_string()),
                }
            }
            let [a, b]: [String; 2] = files.try_into().map_err(|_| "compare needs two scenario files, A and B")?;
            compare_command(&a, &b, seed, reps, hours, json)
        }
        other => Err(format!("unknown command \"{other}\"\n\n{USAGE}")),
    }
}

/// `--format table|json`: true for json.
fn json_format(parser: &mut lexopt::Parser) -> Result<bool, String> {
    use lexopt::ValueExt;
    let f = parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?;
    match f.as_str() {
        "table" => Ok(false),
        "json" => Ok(true),
        other => Err(format!("unknown --format \"{other}\"; use table or json")),
    }
}

fn number<T: std::str::FromStr>(parser: &mut lexopt::Parser, flag: &str) -> Result<T, String> {
    use lexopt::ValueExt;
    let text = parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?;
    text.parse().map_err(|_| format!("{flag} needs a number, not \"{text}\""))
}

fn read(file: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read \"{file}\": {e}"))?;
    // Some editors start UTF-8 files with a byte-order mark; it is not part of the JSON.
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

/// Writes `text` and a newline to standard output. A reader that has gone away (`| head`) wants
/// nothing more: the program ends quietly, as Unix tools do. Any other failure (a full disk) is
/// an error that says so.
fn emit(text: impl std::fmt::Display) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(format!("cannot write the output: {e}")),
    }
}

fn print_problems(file: &str, problems: &[Problem]) {
    for p in problems {
        eprintln!("{file}: {p}");
    }
}

fn validate(file: &str) -> Result<ExitCode, String> {
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

/// Values from `1,2,5`, `FROM..TO` (step 1) or `FROM..TO:STEP`.
fn values(text: &str) -> Result<Vec<f64>, String> {
    let bad = || format!("\"{text}\" is not a list of values; write 1,2,5 or 0..4 or 10..60:10");
    let num = |t: &str| t.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    if let Some((from, rest)) = text.split_once("..") {
        let (to, step) = match rest.split_once(':') {
            Some((to, step)) => (num(to).ok_or_else(bad)?, num(step).ok_or_else(bad)?),
            None => (num(rest).ok_or_else(bad)?, 1.0),
        };
        let from = num(from).ok_or_else(bad)?;
        if step <= 0.0 || to < from {
            return Err(bad());
        }
        let n = ((to - from) / step + 1e-9).floor() as usize + 1;
        if n > sweep::MAX_POINTS {
            return Err(format!("{n} values; a sweep takes at most {}", sweep::MAX_POINTS));
        }
        return Ok((0..n).map(|i| from + step * i as f64).collect());
    }
    text.split(',').map(|t| num(t).ok_or_else(bad)).collect()
}

fn sweep_command(file: &str, knob: &str, list: &str, json: bool) -> Result<ExitCode, String> {
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

fn staff_command(
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
fn link_command(file: &str, base: Option<&str>) -> Result<ExitCode, String> {
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
fn model_of(file: &str, seed: Option<u64>, reps: Option<u32>, hours: Option<f64>) -> Result<Option<Model>, String> {
    let Some(doc) = overridden(file, seed, reps, hours)? else { return Ok(None) };
    let checked = engine::validate(&doc);
    print_problems(file, &checked.problems);
    Ok(checked.model)
}

fn compare_command(
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
    db.run.horizon = da.run.horizon.clone();
    let value = |d: &Document| serde_json::to_value(d).map_err(|e| e.to_string());
    Ok(compare::settings_diff(&value(&da)?, &value(&db)?))
}

fn run_command(args: RunArgs) -> Result<ExitCode, String> {
    let Some(doc) = overridden(&args.file, args.seed, args.reps, args.hours)? else { return Ok(ExitCode::from(1)) };
    let checked = engine::validate(&doc);
    let Some(model) = checked.model else {
        print_problems(&args.file, &checked.problems);
        return Ok(ExitCode::from(1));
    };
    if args.format != Format::Json {
        print_problems(&args.file, &checked.problems);
    }
    let jobs = if args.jobs > 0 { args.jobs } else { std::thread::available_parallelism().map_or(1, |n| n.get()) };
    let started = Instant::now();
    let (report, timings) = run_parallel(&model, &checked.problems, jobs);
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

/// Runs the replications on up to `jobs` threads; each replication is independent and seeded on
/// its own, so the report does not depend on the thread count. Returns per-replication seconds.
fn run_parallel(model: &engine::Model, warnings: &[Problem], jobs: usize) -> (Report, Vec<f64>) {
    let reps = model.run.replications as usize;
    let jobs = jobs.clamp(1, reps.max(1));
    let mut slots: Vec<Option<(Replication, f64)>> = (0..reps).map(|_| None).collect();
    std::thread::scope(|scope| {
        let chunks: Vec<Vec<usize>> = (0..jobs).map(|j| (j..reps).step_by(jobs).collect()).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|indices| {
                scope.spawn(move || {
                    indices
                        .into_iter()
                        .map(|r| {
                            let t = Instant::now();
                            let rep = Simulation::run(model, model.run.seed.wrapping_add(r as u64));
                            (r, rep, t.elapsed().as_secs_f64())
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (r, rep, secs) in h.join().expect("a replication thread does not panic") {
                slots[r] = Some((rep, secs));
            }
        }
    });
    let (reps, timings): (Vec<_>, Vec<_>) = slots.into_iter().flatten().unzip();
    (runner::combine(model, warnings, reps), timings)
}
