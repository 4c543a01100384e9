//! Undo and redo of the edits to a scenario: a bounded list of steps, each the state before one
//! change with the change's name in words. Typing in one field is many changes and should be one
//! step, so a change can carry a coalescing key (the field's pointer): changes with the same key
//! that follow each other within a pause merge into the step the first one opened. Moving to
//! another field ends that (`seal`), as do undo and redo.
//!
//! The history holds whole states (`T`), not inverse operations: an editor's document is shared
//! by reference counting, so a step costs one pointer, and undo is exact whatever the change did.

use std::collections::VecDeque;

/// Steps kept; the oldest go first.
pub const LIMIT: usize = 100;
/// Quiet time after which typing in the same field starts a new step, ms.
pub const PAUSE_MS: f64 = 1000.0;

/// One undoable change: the state before it, and what it was.
#[derive(Clone, Debug, PartialEq)]
struct Step<T> {
    id: u64,
    label: String,
    before: T,
}

/// The undo and redo lists.
#[derive(Clone, Debug, PartialEq)]
pub struct History<T> {
    undo: VecDeque<Step<T>>,
    redo: Vec<Step<T>>,
    /// The newest step is still open to the changes with this key, until this time (the last
    /// change's, plus the pause).
    open: Option<(String, f64)>,
    next_id: u64,
    limit: usize,
}

impl<T: PartialEq> Default for History<T> {
    fn default() -> Self {
        History::new(LIMIT)
    }
}

impl<T: PartialEq> History<T> {
    /// An empty history that keeps at most `limit` steps (at least one).
    pub fn new(limit: usize) -> History<T> {
        History { undo: VecDeque::new(), redo: Vec::new(), open: None, next_id: 1, limit: limit.max(1) }
    }

    /// Records a change from `before` to `after`, named `label`, at `now_ms`. A change with the
    /// key of the open step, within the pause, joins it (and a step typed back to where it began
    /// goes away); any other starts a step. Whatever was undone can no longer be redone. Returns
    /// the id of the step that holds the change, or `None` when nothing changed.
    pub fn record(&mut self, before: T, after: &T, label: String, key: Option<&str>, now_ms: f64) -> Option<u64> {
        if before == *after {
            return None;
        }
        self.redo.clear();
        let joins = match (&self.open, key) {
            (Some((open, until)), Some(key)) => open == key && now_ms <= *until,
            _ => false,
        };
        if joins && let Some(top) = self.undo.back() {
            if top.before == *after {
                self.undo.pop_back();
                self.open = None;
                return None;
            }
            let id = top.id;
            self.open = key.map(|k| (k.to_string(), now_ms + PAUSE_MS));
            return Some(id);
        }
        let id = self.next_id;
        self.next_id += 1;
        self.undo.push_back(Step { id, label, before });
        if self.undo.len() > self.limit {
            self.undo.pop_front();
        }
        self.open = key.map(|k| (k.to_string(), now_ms + PAUSE_MS));
        Some(id)
    }

    /// Ends the open step, so that the next change starts its own; true if one was open.
    pub fn seal(&mut self) -> bool {
        self.open.take().is_some()
    }

    /// Whether a step is open to more changes.
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Undoes the newest step: returns the state before it, keeping `current` for redo.
    pub fn undo(&mut self, current: T) -> Option<T> {
        let step = self.undo.pop_back()?;
        self.open = None;
        self.redo.push(Step { id: step.id, label: step.label, before: current });
        Some(step.before)
    }

    /// Redoes the step undone last: returns the state after it, keeping `current` for undo.
    pub fn redo(&mut self, current: T) -> Option<T> {
        let step = self.redo.pop()?;
        self.open = None;
        self.undo.push_back(Step { id: step.id, label: step.label, before: current });
        if self.undo.len() > self.limit {
            self.undo.pop_front();
        }
        Some(step.before)
    }

    /// What undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.back().map(|s| s.label.as_str())
    }

    /// What redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Whether step `id` is done and can be undone (it was neither undone nor let go).
    pub fn holds(&self, id: u64) -> bool {
        self.undo.iter().any(|s| s.id == id)
    }

    /// Steps that can be undone.
    pub fn len(&self) -> usize {
        self.undo.len()
    }

    pub fn is_empty(&self) -> bool {
        self.undo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A history of strings with each change recorded at `at` ms.
    fn typed(h: &mut History<String>, from: &str, to: &str, key: Option<&str>, at: f64) -> Option<u64> {
        h.record(from.to_string(), &to.to_string(), format!("{from} to {to}"), key, at)
    }

    #[test]
    fn undo_and_redo_walk_back_and_forth_exactly() {
        let mut h = History::default();
        typed(&mut h, "a", "b", None, 0.0);
        typed(&mut h, "b", "c", None, 0.0);
        assert_eq!(h.undo_label(), Some("b to c"));
        assert_eq!(h.undo("c".into()).as_deref(), Some("b"));
        assert_eq!(h.redo_label(), Some("b to c"));
        assert_eq!(h.undo("b".into()).as_deref(), Some("a"));
        assert_eq!(h.undo("a".into()), None, "nothing older");
        assert_eq!(h.redo("a".into()).as_deref(), Some("b"));
        assert_eq!(h.redo("b".into()).as_deref(), Some("c"));
        assert_eq!(h.redo("c".into()), None, "nothing newer");
        assert_eq!(h.undo_label(), Some("b to c"));
    }

    #[test]
    fn a_new_change_drops_what_could_be_redone() {
        let mut h = History::default();
        typed(&mut h, "a", "b", None, 0.0);
        h.undo("b".into());
        typed(&mut h, "a", "x", None, 0.0);
        assert_eq!(h.redo_label(), None);
        assert_eq!(h.undo("x".into()).as_deref(), Some("a"));
    }

    #[test]
    fn typing_in_one_field_is_one_step_until_a_pause_or_another_field() {
        let mut h = History::default();
        typed(&mut h, "", "3", Some("/f"), 0.0);
        typed(&mut h, "3", "30", Some("/f"), 100.0);
        typed(&mut h, "30", "30m", Some("/f"), 200.0);
        assert_eq!(h.len(), 1);
        assert_eq!(h.undo_label(), Some(" to 3"), "named by the change that opened it");
        // Another field, then the first again: each a step of its own.
        typed(&mut h, "30m", "30m!", Some("/g"), 300.0);
        typed(&mut h, "30m!", "30m!!", Some("/f"), 400.0);
        assert_eq!(h.len(), 3);
        // A pause ends the step.
        typed(&mut h, "30m!!", "x", Some("/f"), 400.0 + PAUSE_MS + 1.0);
        assert_eq!(h.len(), 4);
        // So does moving the focus elsewhere (sealing), even within the pause.
        assert!(h.seal());
        assert!(!h.seal(), "nothing left open");
        typed(&mut h, "x", "xy", Some("/f"), 400.0 + PAUSE_MS + 2.0);
        assert_eq!(h.len(), 5);
        // Changes without a key never merge.
        typed(&mut h, "xy", "z", None, 0.0);
        typed(&mut h, "z", "w", None, 0.0);
        assert_eq!(h.len(), 7);
        // One undo takes back all the typing of one step.
        let mut h = History::default();
        typed(&mut h, "old", "3", Some("/f"), 0.0);
        typed(&mut h, "3", "30m", Some("/f"), 50.0);
        assert_eq!(h.undo("30m".into()).as_deref(), Some("old"));
        assert!(h.is_empty());
    }

    #[test]
    fn an_undo_ends_the_open_step() {
        let mut h = History::default();
        typed(&mut h, "a", "ab", Some("/f"), 0.0);
        h.undo("ab".into());
        typed(&mut h, "a", "ax", Some("/f"), 10.0);
        h.redo("ax".into());
        assert_eq!(h.undo("ax".into()).as_deref(), Some("a"));
        assert!(h.is_empty());
    }

    #[test]
    fn typing_back_to_the_start_leaves_no_step() {
        let mut h = History::default();
        typed(&mut h, "a", "ab", Some("/f"), 0.0);
        assert_eq!(typed(&mut h, "ab", "a", Some("/f"), 10.0), None);
        assert!(h.is_empty());
        assert_eq!(typed(&mut h, "a", "a", None, 0.0), None, "no change, no step");
        assert!(h.is_empty());
    }

    #[test]
    fn the_oldest_steps_go_past_the_limit() {
        let mut h = History::new(3);
        let ids: Vec<u64> =
            (0..5).filter_map(|i| typed(&mut h, &i.to_string(), &(i + 1).to_string(), None, 0.0)).collect();
        assert_eq!(h.len(), 3);
        assert!(!h.holds(ids[1]) && h.holds(ids[2]) && h.holds(ids[4]));
        assert_eq!(h.undo("5".into()).as_deref(), Some("4"));
        assert_eq!(h.undo("4".into()).as_deref(), Some("3"));
        assert_eq!(h.undo("3".into()).as_deref(), Some("2"));
        assert_eq!(h.undo("2".into()), None);
        // Redone, a step keeps its id: an offer to undo it holds again.
        h.redo("2".into());
        assert!(h.holds(ids[2]));
    }
}
