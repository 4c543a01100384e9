//! The future event list: a binary heap ordered by (time, insertion sequence), so events at the
//! same instant are handled in the order they were scheduled, on every platform.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// What happens at an event. Slots index the issue pool; tags detect events made stale by a move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// The next arrival of an arrival stream.
    Arrival { stream: u32 },
    /// A service ends.
    ServiceEnd { slot: u32 },
    /// A queue-wait timer; valid while the issue is still in the queue visit `visit`.
    WaitTimer { slot: u32, visit: u32, trigger: u32 },
    /// A time-at-level timer; valid while the issue is still in the stay at a level `stint`.
    LevelTimer { slot: u32, stint: u32, trigger: u32 },
    /// An age or SLA-fraction timer started at arrival; valid while issue `uid` is open.
    IssueTimer { slot: u32, uid: u32, trigger: u32 },
    /// A resolved issue reopens after its follow-up.
    Reopen { slot: u32, uid: u32 },
    /// A staff member at `level` finishes the work a notification cost.
    TaskEnd { level: u32 },
    /// A level's staff count changes (shift boundary).
    ShiftChange { level: u32 },
}

#[derive(Clone, Copy, Debug)]
pub struct Event {
    pub time: u64,
    seq: u64,
    pub kind: EventKind,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        (self.time, self.seq) == (other.time, other.seq)
    }
}

impl Eq for Event {}

impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Event {
    /// Reversed, so that the max-heap pops the earliest (time, seq) first.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.time, other.seq).cmp(&(self.time, self.seq))
    }
}

#[derive(Default)]
pub struct EventQueue {
    heap: BinaryHeap<Event>,
    next_seq: u64,
}

impl EventQueue {
    pub fn push(&mut self, time: u64, kind: EventKind) {
        self.heap.push(Event { time, seq: self.next_seq, kind });
        self.next_seq += 1;
    }

    pub fn pop(&mut self) -> Option<Event> {
        self.heap.pop()
    }

    pub fn peek_time(&self) -> Option<u64> {
        self.heap.peek().map(|e| e.time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_time_then_insertion() {
        let mut q = EventQueue::default();
        q.push(5, EventKind::ShiftChange { level: 0 });
        q.push(3, EventKind::ShiftChange { level: 1 });
        q.push(5, EventKind::ShiftChange { level: 2 });
        q.push(3, EventKind::ShiftChange { level: 3 });
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).map(|e| (e.time, e.kind)).collect();
        let level = |l| EventKind::ShiftChange { level: l };
        assert_eq!(order, vec![(3, level(1)), (3, level(3)), (5, level(0)), (5, level(2))]);
    }
}
