//! Reports for the people who run the team, read in the company's time zone: working time (from
//! presence periods and access hours), service (from the conversations' service events, the
//! messages and the queues), volume (conversations started per weekday and hour) and groups (the
//! imported groups' messages and most active participants), counted by the database.

use std::collections::HashMap;

use blocopro_domain::FieldErrors;
use blocopro_domain::Timestamp;
use blocopro_domain::reports::groups::{MAX_TOP, RankedSender, top_senders};
use blocopro_domain::reports::service::{ServiceFigures, ServiceGrouping, service_figures};
use blocopro_domain::reports::volume::{Heatmap, heatmap};
use blocopro_domain::reports::{
    Attendant, CalendarSpan, Granularity, MAX_REPORT_DAYS, WorkingTime, calendar, working_time,
};
use blocopro_store::QueueWaiting;
use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use uuid::Uuid;

use crate::caller::Caller;
use crate::groups::{groups_feature, linked_user_scope};
use crate::{App, AppResult};

/// The range and split a report asks for; dates in the company's zone, both included.
pub struct ReportRange {
    pub from: Date,
    pub to: Date,
    pub granularity: Granularity,
}

impl ReportRange {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        if self.to < self.from {
            return Err(FieldErrors::single("to", "must not be before from"));
        }
        if self.from.checked_add(MAX_REPORT_DAYS.days()).is_ok_and(|limit| self.to >= limit) {
            return Err(FieldErrors::single("to", format!("a report covers at most {MAX_REPORT_DAYS} days")));
        }
        Ok(())
    }
}

/// One attendant's row, named.
pub struct WorkingTimeRow {
    pub user_name: String,
    pub time: WorkingTime,
}

pub struct WorkingTimeReport {
    /// The company's time zone, which every day of the report is read in.
    pub timezone: String,
    pub rows: Vec<WorkingTimeRow>,
}

/// The company's calendar over the range, and its zone's name.
async fn company_calendar(app: &App, caller: &Caller, range: &ReportRange) -> AppResult<(String, Vec<CalendarSpan>)> {
    let (timezone, zone) = company_zone(app, caller, range).await?;
    Ok((timezone, calendar(range.from, range.to, range.granularity, &zone)))
}

/// The company's time zone, once the range is checked.
async fn company_zone(app: &App, caller: &Caller, range: &ReportRange) -> AppResult<(String, TimeZone)> {
    range.validate()?;
    let timezone = crate::companies::get(app, caller.company_id).await?.timezone;
    let zone = TimeZone::get(&timezone).unwrap_or(TimeZone::UTC);
    Ok((timezone, zone))
}

/// The instants `[start, end)` of a calendar's spans; `None` without spans.
fn calendar_bounds(spans: &[CalendarSpan]) -> Option<(Timestamp, Timestamp)> {
    Some((spans.first()?.start, spans.last()?.end))
}

/// Time online, away and offline per attendant (or the one `user_id` names) and span, with the
/// time worked outside access hours and the first and last moment at work.
pub async fn working_time_report(
    app: &App,
    caller: &Caller,
    range: &ReportRange,
    user_id: Option<Uuid>,
) -> AppResult<WorkingTimeReport> {
    let (timezone, spans) = company_calendar(app, caller, range).await?;
    let (Some(first), Some(last)) = (spans.first(), spans.last()) else {
        return Ok(WorkingTimeReport { timezone, rows: Vec::new() });
    };
    let presence = app.store.attendants_presence(caller.company_id, user_id, first.start, last.end).await?;
    if user_id.is_some() && presence.is_empty() {
        return Err(FieldErrors::single("user_id", "no such user in the company").into());
    }
    let attendants: Vec<Attendant<'_>> = presence
        .iter()
        .map(|attendant| Attendant {
            user_id: attendant.user_id,
            is_admin: attendant.is_admin,
            access_hours: attendant.access_hours.as_ref(),
            periods: &attendant.periods,
        })
        .collect();
    let names: HashMap<Uuid, &str> =
        presence.iter().map(|attendant| (attendant.user_id, attendant.name.as_str())).collect();
    let rows = working_time(&attendants, &spans, Timestamp::now())
        .into_iter()
        .map(|time| WorkingTimeRow {
            user_name: names.get(&time.user_id).copied().unwrap_or_default().to_owned(),
            time,
        })
        .collect();
    Ok(WorkingTimeReport { timezone, rows })
}

/// One group's figures in one span, named.
pub struct ServiceRow {
    /// The span's first day, in the company's zone.
    pub first_day: Date,
    /// The attendant's, department's or channel's name; empty for none.
    pub name: String,
    pub figures: ServiceFigures,
}

/// A queue's conversations waiting now, named.
pub struct QueueRow {
    /// Empty for the conversations in no department.
    pub department_name: String,
    pub waiting: QueueWaiting,
}

pub struct ServiceReport {
    pub timezone: String,
    pub group_by: ServiceGrouping,
    pub rows: Vec<ServiceRow>,
}

/// The queues now: what waits in each, and since when.
pub struct QueuesReport {
    pub timezone: String,
    pub now: Timestamp,
    pub queues: Vec<QueueRow>,
}

/// Conversations received, taken, transferred and closed, first-response and resolution times
/// (median and 90th percentile) and messages sent and received, per attendant, department or
/// channel and span.
pub async fn service_report(
    app: &App,
    caller: &Caller,
    range: &ReportRange,
    group_by: ServiceGrouping,
) -> AppResult<ServiceReport> {
    let (timezone, spans) = company_calendar(app, caller, range).await?;
    let now = Timestamp::now();
    let spans: Vec<CalendarSpan> = spans.into_iter().filter(|span| span.start < now).collect();
    let company_id = caller.company_id;
    let store = &app.store;
    let (counts, durations, messages) = if spans.is_empty() {
        Default::default()
    } else {
        // Side by side: over a million messages each statement keeps a core busy for a while.
        tokio::try_join!(
            store.service_event_counts(company_id, &spans, group_by),
            store.service_durations(company_id, &spans, group_by),
            store.service_message_counts(company_id, &spans, group_by),
        )?
    };
    let names: HashMap<Uuid, String> = store.service_group_names(company_id, group_by).await?.into_iter().collect();
    let name_of = |key: Option<Uuid>| key.and_then(|id| names.get(&id).cloned()).unwrap_or_default();
    let rows = service_figures(&counts, &durations, &messages)
        .into_iter()
        .map(|figures| ServiceRow { first_day: spans[figures.span].first_day, name: name_of(figures.key), figures })
        .collect();
    Ok(ServiceReport { timezone, group_by, rows })
}

/// Direct conversations waiting for an attendant now, per department queue, and the longest wait.
pub async fn queues_report(app: &App, caller: &Caller) -> AppResult<QueuesReport> {
    let company_id = caller.company_id;
    let timezone = crate::companies::get(app, company_id).await?.timezone;
    let departments: HashMap<Uuid, String> =
        app.store.service_group_names(company_id, ServiceGrouping::Department).await?.into_iter().collect();
    let queues = app
        .store
        .queues_waiting(company_id)
        .await?
        .into_iter()
        .map(|waiting| QueueRow {
            department_name: waiting.department_id.and_then(|id| departments.get(&id).cloned()).unwrap_or_default(),
            waiting,
        })
        .collect();
    Ok(QueuesReport { timezone, now: Timestamp::now(), queues })
}

/// Conversations started per weekday and hour of the day in the company's zone.
pub struct VolumeReport {
    pub timezone: String,
    pub cells: Heatmap,
}

/// Conversations started (service cycles: a conversation created, or reopened after being closed)
/// from the first day's midnight to the last day's end, per local weekday and hour.
pub async fn volume_report(app: &App, caller: &Caller, from: Date, to: Date) -> AppResult<VolumeReport> {
    let range = ReportRange { from, to, granularity: Granularity::Month };
    let (timezone, zone) = company_zone(app, caller, &range).await?;
    let spans = calendar(from, to, range.granularity, &zone);
    let counts = match calendar_bounds(&spans) {
        Some((start, end)) => app.store.conversations_started(caller.company_id, start, end).await?,
        None => Vec::new(),
    };
    Ok(VolumeReport { timezone, cells: heatmap(&counts, &zone) })
}

/// An imported group with its messages over the whole range.
pub struct GroupTotal {
    pub group_id: Uuid,
    pub subject: String,
    pub messages: i64,
}

/// One group's messages in one span.
pub struct GroupRow {
    pub first_day: Date,
    pub group_id: Uuid,
    pub subject: String,
    pub messages: i64,
}

pub struct GroupsReport {
    pub timezone: String,
    /// Every group the caller may see, by subject, with its messages in the range.
    pub groups: Vec<GroupTotal>,
    /// The spans and groups with messages: spans in order, groups by subject.
    pub rows: Vec<GroupRow>,
}

/// The imported groups the caller may see (the group list's rule: group managers and importers every
/// one, other users those of their channels), and the scope that rule gives the store.
async fn visible_groups(app: &App, caller: &Caller) -> AppResult<(Option<Uuid>, Vec<(Uuid, String)>)> {
    groups_feature(app, caller).await?;
    let linked_user = linked_user_scope(caller)?;
    Ok((linked_user, app.store.report_groups(caller.company_id, linked_user).await?))
}

/// Messages per imported group and day, week or month.
pub async fn groups_report(app: &App, caller: &Caller, range: &ReportRange) -> AppResult<GroupsReport> {
    let (timezone, spans) = company_calendar(app, caller, range).await?;
    let (linked_user, groups) = visible_groups(app, caller).await?;
    let now = Timestamp::now();
    let spans: Vec<CalendarSpan> = spans.into_iter().filter(|span| span.start < now).collect();
    let mut counts = if spans.is_empty() {
        Vec::new()
    } else {
        app.store.group_message_counts(caller.company_id, &spans, linked_user).await?
    };
    let order: HashMap<Uuid, usize> = groups.iter().enumerate().map(|(index, (id, _))| (*id, index)).collect();
    counts.retain(|count| order.contains_key(&count.group_id));
    counts.sort_by_key(|count| (count.span, order[&count.group_id]));
    let mut totals: HashMap<Uuid, i64> = HashMap::new();
    let rows = counts
        .into_iter()
        .map(|count| {
            *totals.entry(count.group_id).or_default() += count.count;
            GroupRow {
                first_day: spans[count.span].first_day,
                group_id: count.group_id,
                subject: groups[order[&count.group_id]].1.clone(),
                messages: count.count,
            }
        })
        .collect();
    let groups = groups
        .into_iter()
        .map(|(group_id, subject)| GroupTotal {
            messages: totals.get(&group_id).copied().unwrap_or(0),
            group_id,
            subject,
        })
        .collect();
    Ok(GroupsReport { timezone, groups, rows })
}

/// One of a group's most active participants.
pub struct ParticipantRow {
    pub subject: String,
    pub ranked: RankedSender,
}

pub struct ParticipantsReport {
    pub timezone: String,
    /// Groups by subject, each with its participants, the most active first.
    pub rows: Vec<ParticipantRow>,
}

/// The `top` participants who wrote the most in each imported group the caller may see (or in the
/// one `group_id` names) over the range.
pub async fn group_participants_report(
    app: &App,
    caller: &Caller,
    from: Date,
    to: Date,
    group_id: Option<Uuid>,
    top: usize,
) -> AppResult<ParticipantsReport> {
    if !(1..=MAX_TOP).contains(&top) {
        return Err(FieldErrors::single("top", format!("must be between 1 and {MAX_TOP}")).into());
    }
    let range = ReportRange { from, to, granularity: Granularity::Month };
    let (timezone, spans) = company_calendar(app, caller, &range).await?;
    let (linked_user, groups) = visible_groups(app, caller).await?;
    if group_id.is_some_and(|id| !groups.iter().any(|(group, _)| *group == id)) {
        return Err(FieldErrors::single("group_id", "no such group among those you may see").into());
    }
    let counts = match calendar_bounds(&spans) {
        Some((start, end)) => {
            app.store.group_sender_counts(caller.company_id, start, end, group_id, linked_user).await?
        }
        None => Vec::new(),
    };
    let mut ranked = top_senders(counts, top);
    let order: HashMap<Uuid, usize> = groups.iter().enumerate().map(|(index, (id, _))| (*id, index)).collect();
    ranked.retain(|row| order.contains_key(&row.sender.group_id));
    ranked.sort_by_key(|row| (order[&row.sender.group_id], row.rank));
    let rows = ranked
        .into_iter()
        .map(|ranked| ParticipantRow { subject: groups[order[&ranked.sender.group_id]].1.clone(), ranked })
        .collect();
    Ok(ParticipantsReport { timezone, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(from: &str, to: &str) -> ReportRange {
        ReportRange { from: from.parse().unwrap(), to: to.parse().unwrap(), granularity: Granularity::Day }
    }

    #[test]
    fn a_range_runs_forward_over_at_most_a_year() {
        assert!(range("2026-12-01", "2026-12-01").validate().is_ok());
        assert!(range("2026-01-01", "2026-12-31").validate().is_ok(), "365 days");
        assert!(range("2026-12-02", "2026-12-01").validate().unwrap_err().0.contains_key("to"));
        assert!(range("2025-01-01", "2026-12-31").validate().is_err());
    }
}
