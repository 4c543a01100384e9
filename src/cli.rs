//! The command line read: the usage text, each command's arguments and options, and the values
//! they take; the commands themselves are in `commands`.

mod calibrate;
mod commands;
mod event_log;
mod handbook;
mod history;
mod import;
mod render;
mod rules;
mod table;

use std::ffi::OsString;
use std::process::ExitCode;

use commands::{compare_command, link_command, run_command, staff_command, sweep_command, validate};
use escalation_lab::engine::{self, sweep};

const USAGE: &str = "\
usage: escalation-lab validate FILE
       escalation-lab run FILE [--seed N] [--reps R] [--hours H] [--format table|json|b1] [--jobs J]
                          [--event-log OUT.csv|OUT.xes] [--precision W] [--precision-time T]
                          [--max-replications M]
       escalation-lab compare FILE_A FILE_B [--seed N] [--reps R] [--hours H] [--format table|json]
       escalation-lab link FILE [--base URL]
       escalation-lab sweep FILE PARAMETER VALUES [--format table|json]
       escalation-lab staff FILE [PRIORITY SHARE [--first-response]] [--write OUT] [--format table|json]
       escalation-lab history FILE [--map FIELD=COLUMN ...] [--day-first|--month-first] [--utc-offset MINUTES]
                              [--scenario S.json] [--format table|json]
       escalation-lab calibrate FILE [--map FIELD=COLUMN ...] [--day-first|--month-first] [--report OUT]
       escalation-lab rules fmt FILE [--write | --check]
       escalation-lab render FILE --chart NAME [--out FILE.svg] [--seed N] [--reps R] [--hours H]
                             [--journey K]
       escalation-lab import FILE [--from pagerduty|opsgenie|zendesk] [--out SCENARIO.json]
       escalation-lab handbook FILE [--format md|html] [--out FILE] [--seed N] [--reps R] [--hours H]
                               [--date YYYY-MM-DD]

  validate   check a scenario file and list every problem (exit status 1 if any is an error)
  run        simulate a scenario and print the report
    --seed N       seed of the first replication (replication k uses N+k-1); default: the file's
    --reps R       number of replications; default: the file's
    --hours H      horizon in hours, overriding the file's
    --format F     table (default), json (the full report) or b1 (KPI JSON of the B1 benchmark)
    --jobs J       replications run in parallel; default: the number of CPUs
    --event-log OUT  also write every event of every issue of replication 1 (arrive, queue,
                   start, resolve, move and why, reopen, priority, close) to OUT: the app's own
                   CSV (OUT.csv) or XES for process-mining tools (OUT.xes)
    --precision W  precision mode: replications until the 95% interval of SLA attainment per
                   priority and utilization per level is within ±W (0.02: ±2 points) and that
                   of mean time to resolve per priority within its relative target; any of
                   these three options turns it on, the others keeping the file's or the
                   defaults (±0.02, ±5%, 5 to 200 replications; docs/precision.md)
    --precision-time T  relative half-width of mean time to resolve (0.05: ±5% of the mean)
    --max-replications M  stop precision mode after M replications, precise or not
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
  history    read a service desk's ticket export (ServiceNow, Jira, Zendesk, this app's event log,
             or any CSV with --map) and print what was found, the rows used and skipped and why,
             the findings, and the trends per day or ISO week: tickets opened per priority,
             escalated and sent-back shares, SLA attainment, time to resolve, backlog; the
             arrivals by hour of week, the busiest groups and the escalation paths
    --map FIELD=COLUMN  the column that holds a ticket field (ticket_id, event_time, opened,
                   resolved, closed, priority, impact, urgency, category, group, state,
                   resolved_states, reopens, made_sla), over what the header is recognised as
    --day-first, --month-first  the order of dates that read both ways
    --utc-offset MINUTES  the export's offset from UTC (60 for UTC+1): for times written
                   without one, and where days, weeks and hours of the heatmap begin
    --scenario S.json  where the export does not say which tickets met their SLA: attainment
                   from this scenario's resolution targets, each ticket's time from opened to
                   resolved counted on its SLA policy's calendar (priorities matched by name)
  calibrate  propose a scenario from a ticket export (ServiceNow, Jira, Zendesk, the app's own
             event log, or any CSV with --map FIELD=COLUMN, e.g. --map ticket_id=Ticket) and
             write it as JSON to standard output; --report OUT writes every figure's estimate
             with its 95% interval, the assumptions and the fit check; --day-first or
             --month-first says how to read dates that read both ways
  rules fmt  print a rule text in the canonical layout, its comments kept (docs/rules.md,
             Formatting); FILE is a scenario (its first character other than a space is {), whose
             rules field is formatted and the rest of the file left as it is, or a rule text;
             --write rewrites FILE instead, --check names FILE and exits 1 if it is not
             formatted; syntax errors are listed as FILE:LINE:COLUMN: message, exit status 2
  render     run a scenario and draw one chart of its report as a standalone SVG file (to
             standard output without --out), the same drawing as the app's, its legend under it
             and the charts' light style inside: for documentation built in CI, PDFs and print.
             NAME is utilization, flow, queue, resolution, heatmap or journeys; --journey K
             draws the K-th sampled issue (default: the first that breached, as the app shows);
             --seed, --reps and --hours as for run; exit status 1 if the chart has nothing to draw
  import     a vendor's policy as a scenario (docs/import.md): a PagerDuty escalation policy, an
             Opsgenie escalation or Zendesk SLA policies, as their REST API gives them (JSON);
             the scenario goes to standard output or --out, and every field it cannot express
             to standard error as a warning at its JSON path; a file that cannot be imported is
             refused with where and why, and nothing is written
    --from V       pagerduty, opsgenie or zendesk; by default recognised from the file
    --out FILE     write the scenario there instead of standard output
  handbook   run a scenario and write its escalation protocol as a handbook page (docs/handbook.md):
             per category and priority who handles it first, when and to whom it escalates,
             who is notified, the SLA targets, and the timelines to promise from the run, with
             the run's date, seed, replications and horizon; Markdown (--format md, the
             default) or a printable HTML page with nothing to fetch (--format html), to
             standard output or --out; --seed, --reps and --hours as for run
    --date D       the run's date written on the page (YYYY-MM-DD); default: today (UTC)
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
    /// Where replication 1's event log goes, if anywhere.
    event_log: Option<String>,
    /// Precision mode's targets given on the command line, over the file's.
    precision: engine::document::PrecisionDoc,
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
            let mut run = RunArgs {
                file: String::new(),
                seed: None,
                reps: None,
                hours: None,
                format: Format::Table,
                jobs: 0,
                event_log: None,
                precision: engine::document::PrecisionDoc::default(),
            };
            let mut file = None;
            while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
                match arg {
                    Long("seed") => run.seed = Some(number(&mut parser, "--seed")?),
                    Long("reps") => run.reps = Some(number(&mut parser, "--reps")?),
                    Long("hours") => run.hours = Some(number(&mut parser, "--hours")?),
                    Long("jobs") => run.jobs = number(&mut parser, "--jobs")?,
                    Long("precision") => run.precision.share_half_width = Some(number(&mut parser, "--precision")?),
                    Long("precision-time") => {
                        run.precision.time_relative_half_width = Some(number(&mut parser, "--precision-time")?);
                    }
                    Long("max-replications") => {
                        run.precision.max_replications = Some(number(&mut parser, "--max-replications")?);
                    }
                    Long("event-log") => {
                        let out = parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?;
                        // A file the run cannot write is an error before the run, not after it.
                        event_log::EventLogFile::format_of(&out)?;
                        run.event_log = Some(out);
                    }
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
                        base = Some(parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?);
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
                        write = Some(parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?);
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
        "history" => history::main(&mut parser),
        "calibrate" => calibrate::command(&mut parser),
        "rules" => rules::main(&mut parser),
        "render" => render::command(&mut parser),
        "handbook" => handbook::command(&mut parser),
        "import" => import::command(&mut parser),
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

/// Writes `text` to the file `out` when one is given (`--out`), else to standard output.
fn deliver(out: Option<&str>, text: &str) -> Result<(), String> {
    match out {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("cannot write \"{path}\": {e}")),
        None => emit(text.trim_end()),
    }
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
