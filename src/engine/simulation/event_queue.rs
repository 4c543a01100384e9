//! The future event list: a binary heap ordered by (time, insertion sequence), so events at the
//! same instant are handled in the order they were scheduled, on every platform.
//!
//! Queue-wait timers are many, and most go stale (the issue starts service before its timer
//! fires). Those of one lane (one timer of one cell) are set at each queue join, each the same
//! delay after its join, so they come due in the order they were set: a lane keeps them in a FIFO
//! and only its first one sits in the heap, which therefore stays small. Every event keeps the
//! (time, sequence) it was pushed with, so the order events come out in is exactly that of one
//! heap holding them all; an event that would come due before its lane's last (a calendar's
//! delay, a timer reset at a priority change) goes into the heap directly.
//!
//! Handling an event usually schedules another (the next arrival, the next service), so a pop
//! leaves the event at the top of the heap, marked taken, and the next push takes its place and
//! sinks from there: one pass down the heap instead of a removal and an insertion. The heap holds
//! the same events either way, so the order they come out in is the same.
//!
//! The next arrival of the first arrival stream (the workload's own; a stream has one arrival
//! pending at a time) waits beside the heap, and a pop takes it when it comes before the heap's
//! top. About one event in three is an arrival; this way taking one costs no pass through the
//! heap, and neither does setting the next.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

/// What happens at an event. Slots index the issue pool; tags detect events made stale by a move.
///
/// Laid out as a `u32` tag and `u32` fields (`repr(u32)`), so that an event is copied in whole
/// words: with a one-byte tag the compiler copies the fields in odd-sized pieces that overlap,
/// and reading them back stalls the processor on every event taken off the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum EventKind {
    /// The next arrival of an arrival stream.
    Arrival { stream: u32 },
    /// A service ends.
    ServiceEnd { slot: u32 },
    /// A queue-wait timer of lane `lane` (which says the trigger); valid while the issue is still
    /// in the queue visit `visit`.
    WaitTimer { slot: u32, visit: u32, lane: u32 },
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
    /// A staff change or closure of the script (`Model::script.steps`) starts or ends.
    Script { step: u32, ends: bool },
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

impl Event {
    /// An event of another kind in this one's place: its moment and its sequence number.
    pub fn again(&self, kind: EventKind) -> Event {
        Event { kind, ..*self }
    }

    /// (time, seq) as one number, so that ordering two events is one comparison.
    pub(super) fn key(&self) -> u128 {
        u128::from(self.time) << 64 | u128::from(self.seq)
    }
}

impl Ord for Event {
    /// Reversed, so that the max-heap pops the earliest (time, seq) first.
    fn cmp(&self, other: &Self) -> Ordering {
        other.key().cmp(&self.key())
    }
}

#[derive(Default)]
pub struct EventQueue {
    heap: BinaryHeap<Event>,
    next_seq: u64,
    /// Per lane, its queue-wait timers in (time, seq) order; the first of each is also in `heap`.
    lanes: Box<[VecDeque<Event>]>,
    /// The first stream's next arrival, beside the heap (see the module's comment).
    arrival: Option<Event>,
    /// The heap's top was popped but is still there, for the next push to take its place.
    top_taken: bool,
}

impl EventQueue {
    /// An empty queue with `lanes` lanes for queue-wait timers.
    pub fn with_lanes(lanes: usize) -> EventQueue {
        EventQueue { lanes: vec![VecDeque::new(); lanes].into(), ..EventQueue::default() }
    }

    #[inline(always)]
    pub fn push(&mut self, time: u64, kind: EventKind) {
        let event = self.fresh(time, kind);
        self.place(event);
    }

    /// Puts `event` where it waits: the first stream's arrival beside the heap; a queue-wait
    /// timer in its lane, and in the heap too when it heads the lane or cannot follow the lane's
    /// last; any other event in the heap.
    #[inline(always)]
    fn place(&mut self, event: Event) {
        match event.kind {
            EventKind::Arrival { stream: 0 } => {
                debug_assert!(self.arrival.is_none(), "a stream has one arrival pending at a time");
                self.arrival = Some(event);
            }
            EventKind::WaitTimer { lane, .. } => {
                let fifo = &mut self.lanes[lane as usize];
                match fifo.back() {
                    None => {
                        fifo.push_back(event);
                        self.put(event);
                    }
                    // Later in (time, seq) than the lane's last, so it comes out after it.
                    Some(last) if last.key() <= event.key() => fifo.push_back(event),
                    Some(_) => self.put(event),
                }
            }
            _ => self.put(event),
        }
    }

    /// Puts an event into the heap, in the place of a taken top if there is one.
    #[inline]
    fn put(&mut self, event: Event) {
        if self.top_taken {
            self.top_taken = false;
            if let Some(mut top) = self.heap.peek_mut() {
                // Sinks to its place when `top` is dropped.
                *top = event;
                return;
            }
        }
        self.heap.push(event);
    }

    /// Removes a taken top for good. Inlined: it is checked twice for every event taken, and
    /// the second time there is nothing to remove.
    #[inline(always)]
    fn settle(&mut self) {
        if self.top_taken {
            self.remove_top();
        }
    }

    #[inline(never)]
    fn remove_top(&mut self) {
        self.top_taken = false;
        self.heap.pop();
    }

    /// Pushes a queue-wait timer into its lane (see the module's comment).
    pub fn push_timer(&mut self, time: u64, slot: u32, visit: u32, lane: u32) {
        self.push(time, EventKind::WaitTimer { slot, visit, lane });
    }

    pub fn pop(&mut self) -> Option<Event> {
        self.settle();
        if let Some(arrival) = self.arrival
            && self.heap.peek().is_none_or(|top| arrival.key() < top.key())
        {
            self.arrival = None;
            return Some(arrival);
        }
        let event = *self.heap.peek()?;
        self.top_taken = true;
        if let EventKind::WaitTimer { lane, .. } = event.kind {
            let fifo = &mut self.lanes[lane as usize];
            if fifo.front().is_some_and(|first| first.seq == event.seq) {
                fifo.pop_front();
                if let Some(&next) = fifo.front() {
                    self.put(next);
                }
            }
        }
        Some(event)
    }

    /// Every event still to come, in the order they would come out, and the next sequence
    /// number: for a queue to be built again with [`EventQueue::resumed`].
    pub fn drain(mut self) -> (Vec<Event>, u64) {
        let mut events = Vec::new();
        while let Some(event) = self.pop() {
            events.push(event);
        }
        (events, self.next_seq)
    }

    /// An empty queue with `lanes` lanes whose sequence numbers go on from `next_seq`.
    pub fn resumed(lanes: usize, next_seq: u64) -> EventQueue {
        EventQueue { next_seq, ..EventQueue::with_lanes(lanes) }
    }

    /// An event at `time` with the next sequence number, not yet in the queue.
    pub fn fresh(&mut self, time: u64, kind: EventKind) -> Event {
        let event = Event { time, seq: self.next_seq, kind };
        self.next_seq += 1;
        event
    }

    /// Puts back an event with the sequence number it had. Queue-wait timers must be put back
    /// in (time, seq) order, each lane's after the last of that lane.
    pub fn put_back(&mut self, event: Event) {
        self.place(event);
    }

    pub fn peek_time(&mut self) -> Option<u64> {
        self.settle();
        match (self.heap.peek(), &self.arrival) {
            (Some(top), Some(arrival)) => Some(top.time.min(arrival.time)),
            (top, arrival) => top.or(arrival.as_ref()).map(|e| e.time),
        }
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

    #[test]
    fn lanes_keep_the_order_of_one_heap() {
        // Pushes in a fixed pseudo-random pattern: timers in two lanes (some out of their lane's
        // order, which go to the heap directly) among other events. The order out must be that of
        // (time, seq) over all of them.
        let mut q = EventQueue::with_lanes(2);
        let mut expected = Vec::new();
        let mut x = 12_345_u64;
        let mut now = 0;
        // Whether the first stream has an arrival pending (it waits beside the heap).
        let mut arrival = false;
        for i in 0..2000_u32 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            now += (x >> 60) % 3;
            let seq = u64::from(i);
            match (x >> 33) % 4 {
                0 if !arrival => {
                    let t = now + (x >> 40) % 20;
                    q.push(t, EventKind::Arrival { stream: 0 });
                    expected.push((t, seq));
                    arrival = true;
                }
                0 => {
                    q.push(now + (x >> 40) % 50, EventKind::ServiceEnd { slot: i });
                    expected.push((now + (x >> 40) % 50, seq));
                }
                k => {
                    let lane = (k % 2) as u32;
                    // Mostly a fixed delay per lane; now and then a shorter one.
                    let delay = if (x >> 20).is_multiple_of(10) { 3 } else { 20 + 10 * u64::from(lane) };
                    q.push_timer(now + delay, i, 0, lane);
                    expected.push((now + delay, seq));
                }
            }
            // Pop some now and then, as a run does.
            if (x >> 50).is_multiple_of(3) {
                let e = q.pop().expect("not empty");
                arrival &= e.kind != EventKind::Arrival { stream: 0 };
                expected.sort_unstable();
                assert_eq!((e.time, e.seq), expected.remove(0));
            }
        }
        expected.sort_unstable();
        let rest: Vec<_> = std::iter::from_fn(|| q.pop()).map(|e| (e.time, e.seq)).collect();
        assert_eq!(rest, expected);
        assert!(q.lanes.iter().all(VecDeque::is_empty));
    }
}
