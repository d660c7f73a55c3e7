//! Presence: online / away / offline, kept as append-only periods. A user is online while one of
//! their realtime sockets is open on a live instance (unless they chose away); a session that
//! lapsed without a logout goes offline at the next sweep.

use std::time::Duration;

use blocopro_domain::Error as DomainError;
use blocopro_domain::Timestamp;
use blocopro_domain::event::EventKind;
use blocopro_domain::presence::{PresencePeriod, PresenceStatus, PresenceTotals, totals};
use jiff::SignedDuration;
use serde::Serialize;
use uuid::Uuid;

use crate::caller::Caller;
use crate::{App, AppResult, users};

/// How long a user whose last realtime socket closed still counts as online, by default: reloading
/// a page closes its socket and opens the next one within a few seconds, which is no time offline.
pub const SOCKET_CLOSE_GRACE: Duration = Duration::from_secs(10);

/// How far back a history reaches when the caller names only its end.
const DEFAULT_HISTORY_SPAN: SignedDuration = SignedDuration::from_hours(24);

/// What `presence.changed` tells the company.
#[derive(Serialize)]
struct PresenceChanged {
    user_id: Uuid,
    status: PresenceStatus,
    at: Timestamp,
}

/// Records a user's presence and tells the company when it changed.
pub async fn change(
    app: &App,
    company_id: Uuid,
    user_id: Uuid,
    status: PresenceStatus,
    at: Timestamp,
) -> AppResult<()> {
    if app.store.set_presence(company_id, user_id, status, at).await? {
        announce(app, company_id, user_id, status, at).await;
    }
    Ok(())
}

/// The caller, a person, sets their own presence.
pub async fn set_own(app: &App, caller: &Caller, status: PresenceStatus) -> AppResult<()> {
    let user = caller.session_user()?;
    change(app, caller.company_id, user.id, status, Timestamp::now()).await
}

/// A user's presence over a range: the periods overlapping it, oldest first, and the time spent
/// in each status.
pub struct History {
    pub from: Timestamp,
    pub to: Timestamp,
    pub periods: Vec<PresencePeriod>,
    pub totals: PresenceTotals,
}

/// The range a history covers: up to `to` (default now), from `from` (default a day earlier).
fn history_range(
    from: Option<Timestamp>,
    to: Option<Timestamp>,
    now: Timestamp,
) -> Result<(Timestamp, Timestamp), DomainError> {
    let to = to.unwrap_or(now);
    let from = from.unwrap_or(to - DEFAULT_HISTORY_SPAN);
    if from >= to {
        return Err(DomainError::invalid("from", "must be before `to`"));
    }
    Ok((from, to))
}

/// A user's presence history between `from` and `to` (see `history_range` for the defaults).
pub async fn history(
    app: &App,
    caller: &Caller,
    user_id: Uuid,
    from: Option<Timestamp>,
    to: Option<Timestamp>,
) -> AppResult<History> {
    users::get(app, caller, user_id).await?;
    let now = Timestamp::now();
    let (from, to) = history_range(from, to, now)?;
    let periods = app.store.presence_periods(caller.company_id, user_id, from, to).await?;
    let totals = totals(&periods, from, to, now);
    Ok(History { from, to, periods, totals })
}

/// Tells the company a user's presence changed; conversations waiting for someone may now be theirs.
async fn announce(app: &App, company_id: Uuid, user_id: Uuid, status: PresenceStatus, at: Timestamp) {
    app.events.publish(company_id, EventKind::PresenceChanged, PresenceChanged { user_id, status, at });
    if status == PresenceStatus::Online {
        crate::conversations::queue::assign_waiting_logged(app, company_id).await;
    }
}

/// A realtime socket of the user opened here: the first one, on any instance, makes them online
/// (unless they chose away).
pub async fn socket_opened(app: &App, company_id: Uuid, user_id: Uuid) {
    let now = Timestamp::now();
    match app.store.socket_opened(app.instance_id, company_id, user_id, now).await {
        Ok(true) => announce(app, company_id, user_id, PresenceStatus::Online, now).await,
        Ok(false) => {}
        Err(error) => tracing::warn!(%error, %user_id, "an opened socket could not be counted"),
    }
}

/// A realtime socket of the user closed here. It still counts for the grace (`presence_grace`), so
/// that a reloaded page, whose next socket opens meanwhile, records no time offline; then, when
/// none is left on any live instance, they are offline from that moment. A server stopping during
/// the grace lets its sockets go when it signs off.
pub async fn socket_closed(app: &App, company_id: Uuid, user_id: Uuid) {
    if !app.presence_grace.is_zero() {
        tokio::time::sleep(app.presence_grace).await;
    }
    let now = Timestamp::now();
    let alive_since = crate::instance::alive_since(now);
    match app.store.socket_closed(app.instance_id, company_id, user_id, now, alive_since).await {
        Ok(true) => announce(app, company_id, user_id, PresenceStatus::Offline, now).await,
        Ok(false) => {}
        Err(error) => tracing::warn!(%error, %user_id, "a closed socket could not be counted"),
    }
}

/// `change`, for callers with nobody to answer: a failure is logged.
pub async fn record(app: &App, company_id: Uuid, user_id: Uuid, status: PresenceStatus) {
    if let Err(error) = change(app, company_id, user_id, status, Timestamp::now()).await {
        tracing::warn!(%error, %user_id, "presence could not be recorded");
    }
}

/// Closes presence of users whose session lapsed without a logout (token expiry, closed tab).
pub async fn sweep_stale_presence(app: &App, now: Timestamp) -> AppResult<usize> {
    let cutoff = now - SignedDuration::from_secs(crate::secrets::ACCESS_TOKEN_SECONDS + 60);
    let stale = app.store.stale_present_users(cutoff).await?;
    for (company_id, user_id) in &stale {
        change(app, *company_id, *user_id, PresenceStatus::Offline, now).await?;
    }
    Ok(stale.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_history_covers_the_day_before_its_end_by_default() {
        let now = Timestamp::from_second(1_764_000_000).unwrap();
        let (from, to) = history_range(None, None, now).unwrap();
        assert_eq!((from, to), (now - DEFAULT_HISTORY_SPAN, now));
        let end = now - SignedDuration::from_hours(5);
        assert_eq!(history_range(None, Some(end), now).unwrap(), (end - DEFAULT_HISTORY_SPAN, end));
    }

    #[test]
    fn a_history_starts_before_it_ends() {
        let now = Timestamp::from_second(1_764_000_000).unwrap();
        let later = now + SignedDuration::from_hours(1);
        assert!(history_range(Some(later), None, now).is_err());
        assert!(history_range(Some(now), Some(now), now).is_err());
    }
}
