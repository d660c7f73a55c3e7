//! Contacts and the client wallet: each contact is in the wallet of one attendant; users with
//! "Ver carteira completa" (`wallet.view_all`) see every contact, the others their own wallet.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use blocopro_app::contacts::{self, ContactChanges, ContactQuery, NewContact};
use blocopro_domain::contact::{Contact, check_contact_fields};
use blocopro_domain::{FieldErrors, Timestamp};
use blocopro_store::PageRequest;
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::audit::PageQuery;
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, PageLimit, PathId, QueryParams, Validate, parse_cursor};
use crate::state::ApiState;
use crate::view::view;
use crate::{ContactList, MessageList};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_contacts)
        .service(create_contact)
        .service(get_contact)
        .service(update_contact)
        .service(delete_contact)
        .service(contact_history);
}

view! {
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = Contact)]
    pub struct ContactView from Contact {
        pub id: Uuid,
        /// E.164; one contact per number in a company.
        pub phone: String,
        pub name: Option<String>,
        pub email: Option<String>,
        pub tags: Vec<String>,
        pub notes: Option<String>,
        /// The attendant whose wallet holds the contact; `null`: nobody's yet.
        pub owner_id: Option<Uuid>,
        pub created_at: Timestamp,
        pub updated_at: Timestamp,
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ContactsQuery {
    /// Part of the name, e-mail or number (any case, with or without accents).
    pub q: Option<String>,
    /// Only this attendant's wallet.
    pub owner_id: Option<Uuid>,
    #[param(inline)]
    pub limit: Option<PageLimit>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl Validate for ContactsQuery {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.q.as_deref().is_some_and(|q| q.chars().count() > 100) {
            errors.add("q", "must have at most 100 characters");
        }
        errors.into_fields()
    }
}

/// The contacts of the caller's wallet (all of them with `wallet.view_all`), by name.
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = [])),
    params(ContactsQuery),
    responses(
        (status = 200, description = "A page of contacts", body = ContactList),
        (status = 422, description = "Invalid filters", body = Problem),
    )
)]
#[get("/contacts")]
async fn list_contacts(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<ContactsQuery>,
) -> ApiResult<web::Json<ContactList>> {
    let QueryParams(query) = query;
    let wanted = ContactQuery { search: query.q, owner_id: query.owner_id };
    let Some(filter) = contacts::list_filter(&auth, wanted)? else {
        return Ok(web::Json(ContactList { items: Vec::new(), next_cursor: None }));
    };
    let page = PageRequest::new(PageLimit::get(query.limit), parse_cursor(query.cursor.as_deref())?);
    Ok(web::Json(ContactList::from(state.store.list_contacts(auth.company_id, &filter, page).await?)))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateContactRequest {
    /// E.164.
    #[schema(example = "+5511988887777")]
    pub phone: String,
    #[schema(example = "Dora Souza")]
    pub name: Option<String>,
    pub email: Option<String>,
    #[serde(default)]
    #[schema(example = json!(["VIP"]))]
    pub tags: Vec<String>,
    pub notes: Option<String>,
    /// The attendant whose wallet holds the contact; default the caller. Another user's wallet
    /// needs `wallet.view_all`.
    pub owner_id: Option<Uuid>,
}

impl Validate for CreateContactRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let (name, email, notes) = (self.name.as_deref(), self.email.as_deref(), self.notes.as_deref());
        check_contact_fields(&mut errors, Some(self.phone.trim()), name, email, Some(&self.tags), notes);
        errors.into_fields()
    }
}

/// Add a contact to a wallet (the caller's by default).
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = [])),
    request_body = CreateContactRequest,
    responses(
        (status = 201, description = "Created", body = ContactView),
        (status = 403, description = "Missing `contacts.manage`, or another wallet without `wallet.view_all`", body = Problem),
        (status = 409, description = "The company has a contact with this number", body = Problem),
        (status = 422, description = "Invalid fields", body = Problem),
    )
)]
#[post("/contacts")]
async fn create_contact(
    state: web::Data<ApiState>,
    auth: AuthUser,
    body: Body<CreateContactRequest>,
) -> ApiResult<HttpResponse> {
    let contact = contacts::create(&state, &auth, body.0.into()).await?;
    Ok(HttpResponse::Created().json(ContactView::from(contact)))
}

/// One contact of the caller's wallet.
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Contact id")),
    responses((status = 200, description = "The contact", body = ContactView), (status = 404, body = Problem))
)]
#[get("/contacts/{id}")]
async fn get_contact(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<web::Json<ContactView>> {
    Ok(web::Json(contacts::get(&state, &auth, id.0).await?.into()))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateContactRequest {
    /// `null` clears it.
    #[serde(default, deserialize_with = "crate::nullable::deserialize")]
    #[schema(value_type = Option<String>)]
    pub name: Option<Option<String>>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "crate::nullable::deserialize")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "crate::nullable::deserialize")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
    /// Move the contact to another wallet (`wallet.view_all`), or `null` for nobody's.
    #[serde(default, deserialize_with = "crate::nullable::deserialize")]
    #[schema(value_type = Option<Uuid>)]
    pub owner_id: Option<Option<Uuid>>,
}

impl Validate for UpdateContactRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let (name, email, notes) =
            (self.name.clone().flatten(), self.email.clone().flatten(), self.notes.clone().flatten());
        check_contact_fields(
            &mut errors,
            None,
            name.as_deref(),
            email.as_deref(),
            self.tags.as_deref(),
            notes.as_deref(),
        );
        errors.into_fields()
    }
}

impl From<CreateContactRequest> for NewContact {
    fn from(request: CreateContactRequest) -> Self {
        Self {
            phone: request.phone,
            name: request.name,
            email: request.email,
            tags: request.tags,
            notes: request.notes,
            owner_id: request.owner_id,
        }
    }
}

impl From<UpdateContactRequest> for ContactChanges {
    fn from(request: UpdateContactRequest) -> Self {
        Self {
            name: request.name,
            email: request.email,
            tags: request.tags,
            notes: request.notes,
            owner_id: request.owner_id,
        }
    }
}

/// Change a contact's details or move it to another wallet; absent fields stay as they are.
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Contact id")),
    request_body = UpdateContactRequest,
    responses(
        (status = 200, description = "Updated", body = ContactView),
        (status = 403, description = "Missing `contacts.manage`, or another wallet without `wallet.view_all`", body = Problem),
        (status = 404, body = Problem),
        (status = 422, description = "Invalid fields", body = Problem),
    )
)]
#[patch("/contacts/{id}")]
async fn update_contact(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<UpdateContactRequest>,
) -> ApiResult<web::Json<ContactView>> {
    Ok(web::Json(contacts::update(&state, &auth, id.0, body.0.into()).await?.into()))
}

/// Delete a contact: its details are erased; its number stays in the groups it takes part in.
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Contact id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Missing `contacts.manage`", body = Problem),
        (status = 404, body = Problem),
    )
)]
#[delete("/contacts/{id}")]
async fn delete_contact(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<HttpResponse> {
    contacts::delete(&state, &auth, id.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Every conversation and group message of a contact of the caller's wallet, newest first.
#[utoipa::path(
    operation_id = "get_contact_history",
    tag = "contacts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Contact id"), PageQuery),
    responses((status = 200, description = "A page of messages", body = MessageList), (status = 404, body = Problem))
)]
#[get("/contacts/{id}/history")]
async fn contact_history(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    query: QueryParams<PageQuery>,
) -> ApiResult<web::Json<MessageList>> {
    let contact = contacts::get(&state, &auth, id.0).await?;
    let page = state.store.contact_history(auth.company_id, &contact.phone, query.0.page()?).await?;
    Ok(web::Json(MessageList::from(page)))
}
