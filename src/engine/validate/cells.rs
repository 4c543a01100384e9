//! The cells: level parameters (with their overrides, most specific winning) and the triggers
//! in scope spread over every (level, category, priority), so that the simulation looks them up
//! by index.

use super::sections::Base;
use super::triggers::Scoped;
use crate::engine::document::Document;
use crate::engine::model::{Action, Category, Cell, Condition, Outcome, Trigger};

/// Spreads level parameters and triggers over every (level, category, priority).
pub(super) fn cells(base: &Base, categories: &[Category], triggers: &[(Trigger, Scoped)], doc: &Document) -> Vec<Cell> {
    let np = doc.priorities.len();
    let mut cells = Vec::with_capacity(base.levels.len() * categories.len() * np);
    for (l, params) in base.level_params.iter().enumerate() {
        for k in 0..categories.len() {
            for p in 0..np {
                let mut service = params.service.clone();
                let mut resolve = params.resolve_probability;
                let mut handoff = params.handoff.clone();
                // Least specific first, so that the most specific override is applied last and wins;
                // among equally specific ones, the first listed wins.
                for specificity in 0..=3 {
                    for o in params.overrides.iter().rev() {
                        let s = u8::from(o.priority.is_some()) + 2 * u8::from(o.category.is_some());
                        let matches = o.category.is_none_or(|x| x == k) && o.priority.is_none_or(|x| x == p);
                        if s == specificity && matches {
                            if let Some(d) = &o.service {
                                service = d.clone();
                            }
                            if let Some(r) = o.resolve_probability {
                                resolve = r;
                            }
                            if let Some(h) = &o.handoff {
                                handoff = Some(h.clone());
                            }
                        }
                    }
                }
                let in_scope = |t: &Trigger, s: &Scoped| {
                    t.applies_at(l)
                        && s.categories.as_ref().is_none_or(|m| m[k])
                        && s.priorities.as_ref().is_none_or(|m| m[p])
                };
                // The first unguarded not-resolved trigger in scope decides, unless a guarded one
                // before it holds when the service ends.
                let on_not_resolved = triggers
                    .iter()
                    .enumerate()
                    .find(|(_, (t, s))| t.condition == Condition::NotResolved && t.guard.is_none() && in_scope(t, s))
                    .map_or(Outcome { action: Action::EscalateNext, trigger: None }, |(i, (t, _))| Outcome {
                        action: t.action,
                        trigger: Some(i),
                    });
                let guarded_not_resolved = triggers
                    .iter()
                    .enumerate()
                    .take(on_not_resolved.trigger.unwrap_or(triggers.len()))
                    .filter(|(_, (t, s))| t.condition == Condition::NotResolved && t.guard.is_some() && in_scope(t, s))
                    .map(|(i, _)| i)
                    .collect();
                // The per-priority timers in scope, of the kind `per_priority` picks out.
                let timers = |per_priority: fn(&Condition) -> Option<&Vec<Option<u64>>>| -> Vec<(u64, usize)> {
                    triggers
                        .iter()
                        .enumerate()
                        .filter(|(_, (t, s))| in_scope(t, s))
                        .filter_map(|(i, (t, _))| per_priority(&t.condition).and_then(|per| per[p]).map(|ms| (ms, i)))
                        .collect()
                };
                let wait_timers = timers(|c| match c {
                    Condition::QueueWaitOver(per) => Some(per),
                    _ => None,
                });
                let level_timers = timers(|c| match c {
                    Condition::TimeAtLevelOver(per) => Some(per),
                    _ => None,
                });
                cells.push(Cell {
                    service,
                    resolve_probability: resolve,
                    handoff,
                    on_not_resolved,
                    guarded_not_resolved,
                    wait_timers,
                    level_timers,
                });
            }
        }
    }
    cells
}
