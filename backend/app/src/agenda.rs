//! The agenda: appointments of the users who may use it ("Permitir agenda", `agenda.use`), each in
//! their own agenda; administrators see and arrange everyone's. Validation of the fields' shape is
//! the caller's (the API checks the request).

use blocopro_domain::Error as DomainError;
use blocopro_domain::Timestamp;
use blocopro_domain::agenda::AgendaEvent;
use blocopro_domain::contact::optional_text;
use blocopro_store::{AgendaFilter, Page, PageRequest, StoreError};
use uuid::Uuid;

use crate::caller::Caller;
use crate::{App, AppError, AppResult};

/// What a person fills in for an appointment, to add it or to change all of it.
pub struct EventDetails {
    pub title: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub notes: Option<String>,
    pub contact_id: Option<Uuid>,
    /// Whose agenda (administrators); `None`: the caller's when adding, the same when changing.
    pub user_id: Option<Uuid>,
}

/// Which appointments to list.
pub struct EventRange {
    /// Another user's agenda (administrators); `None`: the caller's.
    pub user_id: Option<Uuid>,
    /// Appointments ending after this moment.
    pub from: Option<Timestamp>,
    /// Appointments starting before this moment.
    pub to: Option<Timestamp>,
    /// Appointments with this contact (the contact panel beside a conversation).
    pub contact_id: Option<Uuid>,
}

/// The agenda's user: the caller, who needs a user session.
fn agenda_user(caller: &Caller) -> Result<Uuid, DomainError> {
    Ok(caller.session_user()?.id)
}

/// How a caller reaches an agenda it may touch.
#[derive(Debug, PartialEq, Eq)]
enum Reach {
    /// The caller's own.
    Own,
    /// Another user's, as an administrator: only if that user is an active one of the company.
    AsAdministrator,
}

fn reach(caller: &Caller, owner: Uuid) -> Result<Reach, DomainError> {
    if owner == agenda_user(caller)? {
        return Ok(Reach::Own);
    }
    if !caller.is_admin {
        return Err(DomainError::Forbidden("Only administrators arrange other users' agendas.".into()));
    }
    Ok(Reach::AsAdministrator)
}

/// Whose agenda a request may touch: one's own; administrators anyone's of the company.
async fn check_owner(app: &App, caller: &Caller, owner: Uuid) -> AppResult<()> {
    if reach(caller, owner)? == Reach::Own {
        return Ok(());
    }
    match app.store.get_user(caller.company_id, owner).await? {
        Some(user) if user.is_active() => Ok(()),
        _ => Err(DomainError::invalid("user_id", "is not an active user of this company").into()),
    }
}

/// Whether the user `me` sees `event`: their own, or any for administrators.
fn sees(me: Uuid, is_admin: bool, event: &AgendaEvent) -> bool {
    event.user_id == me || is_admin
}

/// An appointment the caller may see; 404 otherwise.
async fn visible_event(app: &App, caller: &Caller, id: Uuid) -> AppResult<AgendaEvent> {
    let me = agenda_user(caller)?;
    let event = app.store.get_agenda_event(caller.company_id, id).await?.ok_or_else(AppError::not_found)?;
    if !sees(me, caller.is_admin, &event) {
        return Err(AppError::not_found());
    }
    Ok(event)
}

/// The owner and the contact of an appointment must be the company's (the owner was checked
/// already; the store checks both again in its transaction).
fn unknown_reference(event: &AgendaEvent) -> impl Fn(StoreError) -> AppError {
    let owner = event.user_id;
    move |error| match error {
        StoreError::UnknownReferences(ids) if ids.contains(&owner) => {
            DomainError::invalid("user_id", "is not a user of this company").into()
        }
        StoreError::UnknownReferences(_) => {
            DomainError::invalid("contact_id", "is not a contact of this company").into()
        }
        other => other.into(),
    }
}

/// A new appointment in `owner`'s agenda with the details filled in.
fn new_event(company_id: Uuid, owner: Uuid, details: EventDetails, now: Timestamp) -> AgendaEvent {
    AgendaEvent {
        id: Uuid::now_v7(),
        company_id,
        user_id: owner,
        title: details.title.trim().to_owned(),
        starts_at: details.starts_at,
        ends_at: details.ends_at,
        notes: optional_text(details.notes.as_deref()),
        contact_id: details.contact_id,
        created_at: now,
        updated_at: now,
    }
}

/// `before` with all of its details replaced; it keeps its id and creation time.
fn changed_event(before: AgendaEvent, owner: Uuid, details: EventDetails, now: Timestamp) -> AgendaEvent {
    AgendaEvent { id: before.id, created_at: before.created_at, ..new_event(before.company_id, owner, details, now) }
}

/// Appointments by start, in a range (a week, a month).
pub async fn list(app: &App, caller: &Caller, range: EventRange, page: PageRequest) -> AppResult<Page<AgendaEvent>> {
    let owner = range.user_id.unwrap_or(agenda_user(caller)?);
    check_owner(app, caller, owner).await?;
    let filter = AgendaFilter { user_id: Some(owner), from: range.from, to: range.to, contact_id: range.contact_id };
    Ok(app.store.list_agenda_events(caller.company_id, &filter, page).await?)
}

pub async fn create(app: &App, caller: &Caller, details: EventDetails) -> AppResult<AgendaEvent> {
    let owner = details.user_id.unwrap_or(agenda_user(caller)?);
    check_owner(app, caller, owner).await?;
    let event = new_event(caller.company_id, owner, details, Timestamp::now());
    app.store.create_agenda_event(&event).await.map_err(unknown_reference(&event))?;
    Ok(event)
}

pub async fn update(app: &App, caller: &Caller, id: Uuid, details: EventDetails) -> AppResult<AgendaEvent> {
    let before = visible_event(app, caller, id).await?;
    let owner = details.user_id.unwrap_or(before.user_id);
    check_owner(app, caller, owner).await?;
    let event = changed_event(before, owner, details, Timestamp::now());
    app.store.update_agenda_event(&event).await.map_err(unknown_reference(&event))?;
    Ok(event)
}

pub async fn delete(app: &App, caller: &Caller, id: Uuid) -> AppResult<()> {
    let event = visible_event(app, caller, id).await?;
    app.store.delete_agenda_event(caller.company_id, event.id).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use blocopro_domain::user::{User, Visibility};
    use jiff::SignedDuration;

    use super::*;
    use crate::testing::{attendant, session_of};

    fn user_caller(is_admin: bool) -> Caller {
        session_of(User { is_admin, ..attendant(Visibility::Own) }, &[])
    }

    fn details(title: &str, notes: Option<&str>) -> EventDetails {
        let starts_at = Timestamp::from_second(1_764_000_000).unwrap();
        EventDetails {
            title: title.into(),
            starts_at,
            ends_at: starts_at + SignedDuration::from_hours(1),
            notes: notes.map(Into::into),
            contact_id: None,
            user_id: None,
        }
    }

    #[test]
    fn attendants_reach_only_their_own_agenda() {
        let attendant = user_caller(false);
        assert!(matches!(reach(&attendant, attendant.user_id().unwrap()), Ok(Reach::Own)));
        assert!(matches!(reach(&attendant, Uuid::now_v7()), Err(DomainError::Forbidden(_))));
    }

    #[test]
    fn administrators_reach_other_agendas_as_administrators() {
        let admin = user_caller(true);
        assert!(matches!(reach(&admin, admin.user_id().unwrap()), Ok(Reach::Own)));
        assert!(matches!(reach(&admin, Uuid::now_v7()), Ok(Reach::AsAdministrator)));
    }

    #[test]
    fn api_tokens_have_no_agenda() {
        let token = Caller { user: None, ..user_caller(true) };
        assert!(matches!(reach(&token, Uuid::now_v7()), Err(DomainError::Forbidden(_))));
    }

    #[test]
    fn only_owners_and_administrators_see_an_appointment() {
        let (me, someone_else) = (Uuid::now_v7(), Uuid::now_v7());
        let event = new_event(Uuid::now_v7(), me, details("Retorno", None), Timestamp::now());
        assert!(sees(me, false, &event));
        assert!(!sees(someone_else, false, &event));
        assert!(sees(someone_else, true, &event));
    }

    #[test]
    fn details_are_kept_trimmed_and_blank_notes_dropped() {
        let event =
            new_event(Uuid::now_v7(), Uuid::now_v7(), details("  Retorno ao cliente ", Some("   ")), Timestamp::now());
        assert_eq!(event.title, "Retorno ao cliente");
        assert_eq!(event.notes, None);
    }

    #[test]
    fn a_changed_appointment_keeps_its_id_and_creation() {
        let owner = Uuid::now_v7();
        let before =
            new_event(Uuid::now_v7(), owner, details("Retorno", None), Timestamp::from_second(1_700_000_000).unwrap());
        let after = changed_event(before.clone(), owner, details("Visita", Some("Levar catálogo")), Timestamp::now());
        assert_eq!((after.id, after.company_id, after.created_at), (before.id, before.company_id, before.created_at));
        assert_eq!((after.title.as_str(), after.notes.as_deref()), ("Visita", Some("Levar catálogo")));
        assert!(after.updated_at > before.updated_at);
    }

    #[test]
    fn unknown_references_name_the_owner_or_else_the_contact() {
        let event = new_event(Uuid::now_v7(), Uuid::now_v7(), details("Retorno", None), Timestamp::now());
        let field_of = |error: AppError| match error {
            AppError::Domain(DomainError::Validation(errors)) => errors.0.into_keys().collect::<Vec<_>>(),
            other => panic!("not a field error: {other}"),
        };
        let owner_unknown = unknown_reference(&event)(StoreError::UnknownReferences(vec![event.user_id]));
        let contact_unknown = unknown_reference(&event)(StoreError::UnknownReferences(vec![Uuid::now_v7()]));
        assert_eq!(field_of(owner_unknown), ["user_id"]);
        assert_eq!(field_of(contact_unknown), ["contact_id"]);
        assert!(matches!(unknown_reference(&event)(StoreError::NotFound), AppError::Store(StoreError::NotFound)));
    }
}
