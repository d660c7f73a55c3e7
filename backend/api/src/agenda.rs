//! The agenda: appointments of the users who may use it ("Permitir agenda", `agenda.use`), each in
//! their own agenda; administrators see and arrange everyone's.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use blocopro_domain::agenda::{AgendaEvent, check_event};
use blocopro_domain::contact::optional_text;
use blocopro_domain::{FieldErrors, Timestamp};
use blocopro_store::{AgendaFilter, PageRequest, StoreError};
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::AgendaList;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Body, PageLimit, PathId, QueryParams, Validate, parse_cursor};
use crate::state::ApiState;
use crate::view::view;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_events).service(create_event).service(update_event).service(delete_event);
}

view! {
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = AgendaEvent)]
    pub struct AgendaEventView from AgendaEvent {
        pub id: Uuid,
        /// Whose agenda it is in.
        pub user_id: Uuid,
        pub title: String,
        pub starts_at: Timestamp,
        pub ends_at: Timestamp,
        pub notes: Option<String>,
        pub contact_id: Option<Uuid>,
        pub created_at: Timestamp,
        pub updated_at: Timestamp,
    }
}

/// The agenda's user: the caller, who needs `agenda.use`.
fn agenda_user(auth: &AuthUser) -> ApiResult<Uuid> {
    Ok(auth.session_user()?.id)
}

/// Whose agenda a request may touch: one's own; administrators anyone's of the company.
async fn check_owner(state: &ApiState, auth: &AuthUser, owner: Uuid) -> ApiResult<()> {
    if owner == agenda_user(auth)? {
        return Ok(());
    }
    if !auth.is_admin {
        return Err(ApiError::forbidden("Only administrators arrange other users' agendas."));
    }
    match state.store.get_user(auth.company_id, owner).await? {
        Some(user) if user.is_active() => Ok(()),
        _ => Err(ApiError::invalid_field("user_id", "is not an active user of this company")),
    }
}

/// An appointment the caller may see: their own, or any for administrators; 404 otherwise.
async fn visible_event(state: &ApiState, auth: &AuthUser, id: Uuid) -> ApiResult<AgendaEvent> {
    let me = agenda_user(auth)?;
    let event = state.store.get_agenda_event(auth.company_id, id).await?.ok_or_else(ApiError::not_found)?;
    if event.user_id != me && !auth.is_admin {
        return Err(ApiError::not_found());
    }
    Ok(event)
}

/// The owner and the contact of an appointment must be the company's (the owner was checked
/// already; the store checks both again in its transaction).
fn unknown_reference(event: &AgendaEvent) -> impl Fn(StoreError) -> ApiError {
    let owner = event.user_id;
    move |error| match error {
        StoreError::UnknownReferences(ids) if ids.contains(&owner) => {
            ApiError::invalid_field("user_id", "is not a user of this company")
        }
        StoreError::UnknownReferences(_) => ApiError::invalid_field("contact_id", "is not a contact of this company"),
        other => other.into(),
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AgendaQuery {
    /// Another user's agenda (administrators); default the caller's.
    pub user_id: Option<Uuid>,
    /// Appointments ending after this moment.
    pub from: Option<Timestamp>,
    /// Appointments starting before this moment.
    pub to: Option<Timestamp>,
    #[param(inline)]
    pub limit: Option<PageLimit>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl Validate for AgendaQuery {}

/// Appointments by start, in a range (a week, a month).
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(AgendaQuery),
    responses(
        (status = 200, description = "A page of appointments", body = AgendaList),
        (status = 403, description = "Missing `agenda.use`, or another user's agenda without being administrator", body = Problem),
    )
)]
#[get("/agenda/events")]
async fn list_events(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<AgendaQuery>,
) -> ApiResult<web::Json<AgendaList>> {
    let QueryParams(query) = query;
    let owner = query.user_id.unwrap_or(agenda_user(&auth)?);
    check_owner(&state, &auth, owner).await?;
    let filter = AgendaFilter { user_id: Some(owner), from: query.from, to: query.to };
    let page = PageRequest::new(PageLimit::get(query.limit), parse_cursor(query.cursor.as_deref())?);
    Ok(web::Json(AgendaList::from(state.store.list_agenda_events(auth.company_id, &filter, page).await?)))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventRequest {
    #[schema(example = "Retorno ao cliente")]
    pub title: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub notes: Option<String>,
    pub contact_id: Option<Uuid>,
    /// Whose agenda (administrators); default the caller's.
    pub user_id: Option<Uuid>,
}

impl Validate for EventRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        check_event(&mut errors, &self.title, self.starts_at, self.ends_at, self.notes.as_deref());
        errors.into_fields()
    }
}

/// Add an appointment.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    request_body = EventRequest,
    responses(
        (status = 201, description = "Created", body = AgendaEventView),
        (status = 403, body = Problem),
        (status = 422, description = "Invalid fields, unknown contact or user", body = Problem),
    )
)]
#[post("/agenda/events")]
async fn create_event(state: web::Data<ApiState>, auth: AuthUser, body: Body<EventRequest>) -> ApiResult<HttpResponse> {
    let Body(request) = body;
    let owner = request.user_id.unwrap_or(agenda_user(&auth)?);
    check_owner(&state, &auth, owner).await?;
    let now = Timestamp::now();
    let event = AgendaEvent {
        id: Uuid::now_v7(),
        company_id: auth.company_id,
        user_id: owner,
        title: request.title.trim().to_owned(),
        starts_at: request.starts_at,
        ends_at: request.ends_at,
        notes: optional_text(request.notes.as_deref()),
        contact_id: request.contact_id,
        created_at: now,
        updated_at: now,
    };
    state.store.create_agenda_event(&event).await.map_err(unknown_reference(&event))?;
    Ok(HttpResponse::Created().json(AgendaEventView::from(event)))
}

/// Change an appointment (all its fields, as for creating it).
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Appointment id")),
    request_body = EventRequest,
    responses(
        (status = 200, description = "Updated", body = AgendaEventView),
        (status = 404, body = Problem),
        (status = 422, description = "Invalid fields, unknown contact or user", body = Problem),
    )
)]
#[patch("/agenda/events/{id}")]
async fn update_event(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<EventRequest>,
) -> ApiResult<web::Json<AgendaEventView>> {
    let before = visible_event(&state, &auth, id.0).await?;
    let Body(request) = body;
    let owner = request.user_id.unwrap_or(before.user_id);
    check_owner(&state, &auth, owner).await?;
    let event = AgendaEvent {
        user_id: owner,
        title: request.title.trim().to_owned(),
        starts_at: request.starts_at,
        ends_at: request.ends_at,
        notes: optional_text(request.notes.as_deref()),
        contact_id: request.contact_id,
        updated_at: Timestamp::now(),
        ..before
    };
    state.store.update_agenda_event(&event).await.map_err(unknown_reference(&event))?;
    Ok(web::Json(event.into()))
}

/// Remove an appointment.
#[utoipa::path(
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Appointment id")),
    responses((status = 204, description = "Removed"), (status = 404, body = Problem))
)]
#[delete("/agenda/events/{id}")]
async fn delete_event(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<HttpResponse> {
    let event = visible_event(&state, &auth, id.0).await?;
    state.store.delete_agenda_event(auth.company_id, event.id).await?;
    Ok(HttpResponse::NoContent().finish())
}
