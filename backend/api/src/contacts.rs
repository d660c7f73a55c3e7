//! Contacts and the client wallet: each contact is in the wallet of one attendant; users with
//! "Ver carteira completa" (`wallet.view_all`) see every contact, the others their own wallet.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use blocopro_domain::contact::{
    Contact, WalletScope, check_contact_fields, normalize_contact_email, normalize_tags, optional_text,
};
use blocopro_domain::permissions::Permission;
use blocopro_domain::{FieldErrors, Timestamp};
use blocopro_store::{ContactFilter, PageRequest, StoreError};
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::audit::PageQuery;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, Problem};
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

/// The caller's wallet: every contact with `wallet.view_all`, else the user's own.
fn wallet_scope(auth: &AuthUser) -> ApiResult<WalletScope> {
    if auth.permissions.contains(&Permission::WalletViewAll) {
        return Ok(WalletScope::All);
    }
    match auth.user_id() {
        Some(user_id) => Ok(WalletScope::OwnedBy(user_id)),
        None => Err(ApiError::forbidden("This token needs the permission `wallet.view_all`.")),
    }
}

/// A contact of the company in the caller's wallet; 404 otherwise.
async fn visible_contact(state: &ApiState, auth: &AuthUser, id: Uuid) -> ApiResult<Contact> {
    let contact = state.store.get_contact(auth.company_id, id).await?.ok_or_else(ApiError::not_found)?;
    if !wallet_scope(auth)?.sees(&contact) {
        return Err(ApiError::not_found());
    }
    Ok(contact)
}

/// The owner of a contact must be a user of the company.
fn unknown_owner() -> impl Fn(StoreError) -> ApiError {
    ApiError::naming_unknown("owner_id", "is not a user of this company")
}

fn check_owner_change(scope: WalletScope, owner_id: Option<Uuid>) -> ApiResult<()> {
    if scope.may_assign_to(owner_id) {
        Ok(())
    } else {
        Err(ApiError::forbidden("Only users who see the full wallet may put a contact in another wallet."))
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
    let owner_id = match wallet_scope(&auth)? {
        WalletScope::All => query.owner_id,
        WalletScope::OwnedBy(user_id) if query.owner_id.is_none_or(|owner| owner == user_id) => Some(user_id),
        WalletScope::OwnedBy(_) => return Ok(web::Json(ContactList { items: Vec::new(), next_cursor: None })),
    };
    let search = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(str::to_owned);
    let filter = ContactFilter { search, owner_id };
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
    let Body(request) = body;
    let owner_id = request.owner_id.or(auth.user_id());
    check_owner_change(wallet_scope(&auth)?, owner_id)?;
    let now = Timestamp::now();
    let contact = Contact {
        id: Uuid::now_v7(),
        company_id: auth.company_id,
        phone: request.phone.trim().to_owned(),
        name: optional_text(request.name.as_deref()),
        email: normalize_contact_email(request.email.as_deref()),
        tags: normalize_tags(&request.tags),
        notes: optional_text(request.notes.as_deref()),
        owner_id,
        created_at: now,
        updated_at: now,
    };
    let audit = auth.audit("contact.created", "contact", None, serde_json::json!({ "after": contact }));
    let stored = state.store.create_contact(&contact, &audit).await.map_err(unknown_owner())?;
    Ok(HttpResponse::Created().json(ContactView::from(stored)))
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
    Ok(web::Json(visible_contact(&state, &auth, id.0).await?.into()))
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

impl UpdateContactRequest {
    fn apply(self, mut contact: Contact, now: Timestamp) -> Contact {
        if let Some(name) = self.name {
            contact.name = optional_text(name.as_deref());
        }
        if let Some(email) = self.email {
            contact.email = normalize_contact_email(email.as_deref());
        }
        if let Some(tags) = self.tags {
            contact.tags = normalize_tags(&tags);
        }
        if let Some(notes) = self.notes {
            contact.notes = optional_text(notes.as_deref());
        }
        if let Some(owner_id) = self.owner_id {
            contact.owner_id = owner_id;
        }
        contact.updated_at = now;
        contact
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
    let before = visible_contact(&state, &auth, id.0).await?;
    let Body(request) = body;
    if let Some(owner_id) = request.owner_id {
        check_owner_change(wallet_scope(&auth)?, owner_id)?;
    }
    let contact = request.apply(before.clone(), Timestamp::now());
    let summary = serde_json::json!({ "before": before, "after": contact });
    let audit = auth.audit("contact.updated", "contact", Some(contact.id), summary);
    state.store.update_contact(&contact, &audit).await.map_err(unknown_owner())?;
    Ok(web::Json(contact.into()))
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
    let contact = visible_contact(&state, &auth, id.0).await?;
    let summary = serde_json::json!({ "phone": contact.phone, "name": contact.name });
    let audit = auth.audit("contact.deleted", "contact", Some(contact.id), summary);
    state.store.delete_contact(auth.company_id, contact.id, Timestamp::now(), &audit).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Every conversation and group message of a contact of the caller's wallet, newest first.
#[utoipa::path(
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
    let contact = visible_contact(&state, &auth, id.0).await?;
    let page = state.store.contact_history(auth.company_id, &contact.phone, query.0.page()?).await?;
    Ok(web::Json(MessageList::from(page)))
}
