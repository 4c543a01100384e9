//! What connects the sections, checked part by part: triggers (with the rules compiled into
//! them), categories and their paths, the workload, SLA policies and the reopen loop; then the
//! flat per-(level, category, priority) cells spread from them.

use super::categories::categories;
use super::cells::cells;
use super::checker::Checker;
use super::sections::Names;
use super::triggers::triggers;
use super::workload::workload;
use crate::engine::distribution::Distribution;
use crate::engine::document::Document;
use crate::engine::model::{Category, Cell, Script, SlaPolicy, Trigger, Workload};

/// The checked parts that connect the sections, ready for the model.
pub struct Flow {
    pub categories: Vec<Category>,
    pub workload: Workload,
    pub sla: Vec<SlaPolicy>,
    pub triggers: Vec<Trigger>,
    pub reopen_after: Option<Distribution>,
    pub script: Script,
    pub cells: Vec<Cell>,
}

/// Checks what connects the sections; `base` is absent when the sections had errors.
pub fn build(doc: &Document, base: &Option<super::sections::Base>, c: &mut Checker) -> Option<Flow> {
    let names = Names::of(doc);
    let global_mix = match &doc.workload.priority_mix {
        Some(m) => match c.mix("workload.priority_mix", m, &names.priorities, "priority") {
            Some(v) => Some(v),
            None => {
                // Keep checking the other sections; the mix error is already recorded.
                checks_without_mix(doc, &names, c);
                return None;
            }
        },
        None => None,
    };
    if doc.workload.priority_mix.is_some() && doc.triage.is_some() {
        c.warning(
            "triage",
            "workload.priority_mix is given, so triage is never used: every category takes that mix unless it has its own",
        );
    }
    let triggers = triggers(doc, &names, c);
    if let Some(base) = base {
        super::sla::age_triggers(doc, &base.calendars, c);
    }
    let categories = categories(doc, &names, global_mix.as_deref(), triggers.as_deref(), c);
    let workload = workload(doc, &names, c);
    let script = super::script::script(doc, &names, base.as_ref().map(|b| b.clock), c);
    let sla = super::sla::policies(doc, &names, base.as_ref().map(|b| &b.calendars[..]), c);
    let reopen_after = match &doc.reopen {
        Some(r) => {
            if c.probability("reopen.probability", r.probability).is_some_and(|p| p >= 1.0) {
                c.error(
                    "reopen.probability",
                    "with a reopen probability of 1 every issue reopens forever; use less than 1",
                );
            }
            c.distribution("reopen.after", &r.after).map(Some)
        }
        None => Some(None),
    };
    let (triggers, categories, mut workload, sla, reopen_after) =
        (triggers?, categories?, workload?, sla?, reopen_after?);
    let (issues, script) = script?;
    if !issues.is_empty() {
        workload.scheduled.extend(issues);
        // Stable: the workload's own issues first among those at the same time.
        crate::engine::order::sort_by_key(&mut workload.scheduled, |s| s.at);
    }
    let base = base.as_ref()?;
    let cells = cells(base, &categories, &triggers, doc);
    let triggers = triggers.into_iter().map(|(t, _)| t).collect();
    Some(Flow { categories, workload, sla, triggers, reopen_after, script, cells })
}

/// The checks `build` still makes when the global priority mix is broken.
fn checks_without_mix(doc: &Document, names: &Names, c: &mut Checker) {
    let triggers = triggers(doc, names, c);
    categories(
        doc,
        names,
        Some(&vec![1.0 / names.priorities.len().max(1) as f64; names.priorities.len()]),
        triggers.as_deref(),
        c,
    );
    workload(doc, names, c);
    super::script::script(doc, names, None, c);
    super::sla::policies(doc, names, None, c);
}
