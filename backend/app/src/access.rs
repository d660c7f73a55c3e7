//! Whether a user may act right now: an active account in an active company, inside the user's
//! access hours. Asked at login, on every request, by live sockets and by the queue.

use blocopro_domain::Error as DomainError;
use blocopro_domain::Timestamp;
use blocopro_domain::access_hours::{AccessDecision, AccessHours};
use blocopro_store::UserAuth;

/// Decides whether a user may act now; answers when the user's access window ends, if it does.
pub fn check_user_may_act(auth: &UserAuth, now: Timestamp) -> Result<Option<Timestamp>, DomainError> {
    if !auth.user.is_active() {
        return Err(DomainError::Unauthorized { code: "user_inactive", detail: "This user is inactive.".into() });
    }
    if !auth.company_active {
        return Err(DomainError::Unauthorized { code: "company_inactive", detail: "This company is inactive.".into() });
    }
    let hours = auth.access_hours.clone().unwrap_or_else(|| AccessHours::unrestricted(&auth.company_timezone));
    match hours.evaluate(auth.user.is_admin, now) {
        AccessDecision::Allowed { until } => Ok(until),
        AccessDecision::Denied { next_allowed_at } => {
            Err(DomainError::OutsideAccessHours { next_allowed_at, timezone: hours.timezone })
        }
    }
}
