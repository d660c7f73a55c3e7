//! The service report's rules, pure: which service events a routing change records, the cycle a
//! conversation's service runs in, and the figures per group and span (counts, and the median and
//! 90th percentile of the durations).

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;
use uuid::Uuid;

use crate::channel::MessageDirection;
use crate::conversation::{ConversationStatus, Routing};

crate::text_enum! {
    /// What happened to a conversation, as the service report counts it: `received`, a service cycle
    /// started (the conversation was created, or reopened after being closed); `responded`, an
    /// attendant's first message of the cycle.
    pub enum ServiceEventKind {
        Received => "received",
        Taken => "taken",
        Transferred => "transferred",
        Responded => "responded",
        Closed => "closed",
    }
}

crate::text_enum! {
    /// What a service report's rows are per.
    pub enum ServiceGrouping { Attendant => "attendant", Department => "department", Channel => "channel" }
}

/// The events a routing change records, in order: reopening starts a cycle; a transfer is only a
/// transfer (whoever it names); giving the conversation to someone else is taking; closing ends the cycle.
pub fn routing_events(before: &Routing, after: &Routing, transfer: bool) -> Vec<ServiceEventKind> {
    let was_closed = before.status == ConversationStatus::Closed;
    let is_closed = after.status == ConversationStatus::Closed;
    let mut events = Vec::new();
    if was_closed && !is_closed {
        events.push(ServiceEventKind::Received);
    }
    if transfer {
        events.push(ServiceEventKind::Transferred);
    } else if !is_closed && after.assigned_to.is_some() && after.assigned_to != before.assigned_to {
        events.push(ServiceEventKind::Taken);
    }
    if !was_closed && is_closed {
        events.push(ServiceEventKind::Closed);
    }
    events
}

/// Whole seconds from a cycle's start to `at` (never negative).
pub fn seconds_since(start: Timestamp, at: Timestamp) -> i64 {
    (at.as_second() - start.as_second()).max(0)
}

/// The `p`-th percentile (0–100) of `sorted` values, interpolated between the two nearest ranks
/// (PostgreSQL's `percentile_cont`), rounded to the second; `None` without values.
pub fn percentile(sorted: &[i64], p: f64) -> Option<i64> {
    let last = sorted.len().checked_sub(1)?;
    let rank = p.clamp(0.0, 100.0) / 100.0 * last as f64;
    let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
    let value = sorted[low] as f64 + (sorted[high] - sorted[low]) as f64 * (rank - low as f64);
    Some(value.round() as i64)
}

/// Events of one kind in one span and group, counted by the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventCount {
    /// Index of the span in the report's calendar.
    pub span: usize,
    /// The attendant, department or channel (`None`: nobody's, no department).
    pub key: Option<Uuid>,
    pub kind: ServiceEventKind,
    pub count: i64,
}

/// One duration of a `responded` (first-response time) or `closed` (resolution time) event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventDuration {
    pub span: usize,
    pub key: Option<Uuid>,
    pub kind: ServiceEventKind,
    pub seconds: i64,
}

/// Messages of one direction in one span and group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageCount {
    pub span: usize,
    pub key: Option<Uuid>,
    pub direction: MessageDirection,
    pub count: i64,
}

/// Median and 90th percentile of some durations, in seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DurationFigures {
    pub median: Option<i64>,
    pub p90: Option<i64>,
}

impl DurationFigures {
    fn of(mut seconds: Vec<i64>) -> Self {
        seconds.sort_unstable();
        Self { median: percentile(&seconds, 50.0), p90: percentile(&seconds, 90.0) }
    }
}

/// One group in one span of the service report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceFigures {
    pub span: usize,
    pub key: Option<Uuid>,
    pub received: i64,
    pub taken: i64,
    pub transferred: i64,
    pub closed: i64,
    pub first_response: DurationFigures,
    pub resolution: DurationFigures,
    pub messages_sent: i64,
    pub messages_received: i64,
}

fn row(
    rows: &mut BTreeMap<(usize, Option<Uuid>), ServiceFigures>,
    span: usize,
    key: Option<Uuid>,
) -> &mut ServiceFigures {
    rows.entry((span, key)).or_insert_with(|| ServiceFigures { span, key, ..ServiceFigures::default() })
}

/// The report's rows: one per span and group with anything to show, in span order, then groups
/// in key order (`None` first).
pub fn service_figures(
    counts: &[EventCount],
    durations: &[EventDuration],
    messages: &[MessageCount],
) -> Vec<ServiceFigures> {
    let mut rows: BTreeMap<(usize, Option<Uuid>), ServiceFigures> = BTreeMap::new();
    for count in counts {
        let figures = row(&mut rows, count.span, count.key);
        match count.kind {
            ServiceEventKind::Received => figures.received += count.count,
            ServiceEventKind::Taken => figures.taken += count.count,
            ServiceEventKind::Transferred => figures.transferred += count.count,
            ServiceEventKind::Closed => figures.closed += count.count,
            ServiceEventKind::Responded => {}
        }
    }
    for count in messages {
        let figures = row(&mut rows, count.span, count.key);
        match count.direction {
            MessageDirection::Outbound => figures.messages_sent += count.count,
            MessageDirection::Inbound => figures.messages_received += count.count,
        }
    }
    let mut spread: HashMap<(usize, Option<Uuid>, ServiceEventKind), Vec<i64>> = HashMap::new();
    for duration in durations {
        spread.entry((duration.span, duration.key, duration.kind)).or_default().push(duration.seconds);
    }
    for ((span, key, kind), seconds) in spread {
        let figures = row(&mut rows, span, key);
        match kind {
            ServiceEventKind::Responded => figures.first_response = DurationFigures::of(seconds),
            ServiceEventKind::Closed => figures.resolution = DurationFigures::of(seconds),
            _ => {}
        }
    }
    rows.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routing(status: ConversationStatus, assigned_to: Option<Uuid>) -> Routing {
        Routing { status, department_id: None, assigned_to, awaiting_choice: false, unread_count: 0 }
    }

    #[test]
    fn percentiles_interpolate_between_ranks() {
        assert_eq!(percentile(&[], 50.0), None);
        assert_eq!(percentile(&[42], 90.0), Some(42));
        assert_eq!(percentile(&[10, 20, 30, 40], 50.0), Some(25), "between the two middle values");
        assert_eq!(percentile(&[60, 120, 180], 50.0), Some(120));
        let minutes: Vec<i64> = (1..=10).map(|minute| minute * 60).collect();
        assert_eq!(percentile(&minutes, 90.0), Some(546), "9 min + 0.1 × 1 min");
        assert_eq!(percentile(&minutes, 100.0), Some(600));
    }

    #[test]
    fn routing_changes_record_taking_transfers_closing_and_reopening() {
        use ConversationStatus::{Open, Pending};
        use ServiceEventKind::*;
        const CLOSED: ConversationStatus = ConversationStatus::Closed;
        let (ana, bia) = (Some(Uuid::from_u128(1)), Some(Uuid::from_u128(2)));
        assert_eq!(routing_events(&routing(Pending, None), &routing(Open, ana), false), [Taken]);
        assert_eq!(routing_events(&routing(Open, ana), &routing(Open, bia), true), [Transferred], "not also taken");
        assert_eq!(routing_events(&routing(Open, ana), &routing(Open, bia), false), [Taken], "assigned to Bia");
        assert_eq!(routing_events(&routing(Open, ana), &routing(CLOSED, ana), false), [Closed]);
        assert_eq!(routing_events(&routing(CLOSED, ana), &routing(Open, ana), false), [Received], "a new cycle");
        assert_eq!(routing_events(&routing(CLOSED, None), &routing(Open, bia), false), [Received, Taken]);
        assert!(routing_events(&routing(Open, ana), &routing(Open, ana), false).is_empty(), "marked read");
        assert!(routing_events(&routing(CLOSED, ana), &routing(CLOSED, ana), false).is_empty());
    }

    #[test]
    fn figures_add_up_per_span_and_group() {
        use ServiceEventKind::*;
        let ana = Some(Uuid::from_u128(1));
        let count = |span, key, kind, count| EventCount { span, key, kind, count };
        let took = |span, key, kind, seconds| EventDuration { span, key, kind, seconds };
        let rows = service_figures(
            &[
                count(0, ana, Taken, 2),
                count(0, None, Received, 3),
                count(1, ana, Closed, 1),
                count(0, ana, Responded, 2),
            ],
            &[took(0, ana, Responded, 60), took(0, ana, Responded, 180), took(1, ana, Closed, 3600)],
            &[MessageCount { span: 1, key: ana, direction: MessageDirection::Outbound, count: 5 }],
        );
        assert_eq!(rows.len(), 3);
        assert_eq!((rows[0].key, rows[0].received), (None, 3));
        assert_eq!((rows[1].taken, rows[1].first_response), (2, DurationFigures { median: Some(120), p90: Some(168) }));
        assert_eq!((rows[2].span, rows[2].closed, rows[2].messages_sent), (1, 1, 5));
        assert_eq!(rows[2].resolution, DurationFigures { median: Some(3600), p90: Some(3600) });
        assert_eq!(rows[2].first_response, DurationFigures::default());
    }
}
