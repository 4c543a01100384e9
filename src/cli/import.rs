//! `import FILE`: a vendor's escalation or SLA policy (PagerDuty, Opsgenie, Zendesk) as a
//! scenario, written as JSON to standard output or `--out`; what the scenario cannot express
//! goes to standard error as warnings, each at its JSON path in the vendor's file.

use std::process::ExitCode;

use escalation_lab::engine::import::{self, Vendor};

use super::deliver;

/// Reads the command's arguments and runs it.
pub(super) fn command(parser: &mut lexopt::Parser) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let (mut file, mut from, mut out) = (None, None, None);
    let text = |parser: &mut lexopt::Parser| -> Result<String, String> {
        parser.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("from") => {
                let key = text(parser)?;
                from = Some(
                    Vendor::from_key(&key)
                        .ok_or_else(|| format!("unknown --from \"{key}\"; use pagerduty, opsgenie or zendesk"))?,
                );
            }
            Long("out") => out = Some(text(parser)?),
            Value(v) if file.is_none() => file = Some(v.string().map_err(|e| e.to_string())?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    let file = file.ok_or("import needs a vendor's policy FILE (PagerDuty, Opsgenie or Zendesk JSON)")?;
    let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read \"{file}\": {e}"))?;
    // A refusal writes nothing: an earlier scenario at --out stays as it was.
    let imported = import::import(&text, from).map_err(|e| format!("{file}: {e}"))?;
    eprintln!("{file}: {} imported", imported.vendor.what());
    for w in &imported.warnings {
        eprintln!("{file}: warning: {w}");
    }
    let json = imported.scenario_json();
    deliver(out.as_deref(), &json)?;
    Ok(ExitCode::SUCCESS)
}
