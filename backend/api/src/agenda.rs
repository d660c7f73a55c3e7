//! The agenda: appointments of the users who may use it ("Permitir agenda", `agenda.use`), each in
//! their own agenda; administrators see and arrange everyone's.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use blocopro_app::agenda::{self, EventDetails, EventRange};
use blocopro_domain::agenda::{AgendaEvent, check_event};
use blocopro_domain::{FieldErrors, Timestamp};
use blocopro_store::PageRequest;
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::AgendaList;
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
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
    /// Appointments with this contact.
    pub contact_id: Option<Uuid>,
    #[param(inline)]
    pub limit: Option<PageLimit>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl Validate for AgendaQuery {}

impl AgendaQuery {
    /// Which appointments, and the page of them.
    fn split(self) -> ApiResult<(EventRange, PageRequest)> {
        let page = PageRequest::new(PageLimit::get(self.limit), parse_cursor(self.cursor.as_deref())?);
        let range = EventRange { user_id: self.user_id, from: self.from, to: self.to, contact_id: self.contact_id };
        Ok((range, page))
    }
}

/// Appointments by start, in a range (a week, a month).
#[utoipa::path(
    operation_id = "list_agenda_events",
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
    let (range, page) = query.0.split()?;
    Ok(web::Json(AgendaList::from(agenda::list(&state, &auth, range, page).await?)))
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

impl From<EventRequest> for EventDetails {
    fn from(request: EventRequest) -> Self {
        Self {
            title: request.title,
            starts_at: request.starts_at,
            ends_at: request.ends_at,
            notes: request.notes,
            contact_id: request.contact_id,
            user_id: request.user_id,
        }
    }
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
    operation_id = "create_agenda_event",
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
    let event = agenda::create(&state, &auth, body.0.into()).await?;
    Ok(HttpResponse::Created().json(AgendaEventView::from(event)))
}

/// Change an appointment (all its fields, as for creating it).
#[utoipa::path(
    operation_id = "update_agenda_event",
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
    Ok(web::Json(agenda::update(&state, &auth, id.0, body.0.into()).await?.into()))
}

/// Remove an appointment.
#[utoipa::path(
    operation_id = "delete_agenda_event",
    tag = "agenda",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Appointment id")),
    responses((status = 204, description = "Removed"), (status = 404, body = Problem))
)]
#[delete("/agenda/events/{id}")]
async fn delete_event(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<HttpResponse> {
    agenda::delete(&state, &auth, id.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
