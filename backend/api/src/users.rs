//! Attendants and administrators: "Configurações › Atendentes › Cadastrar usuário".

use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use blocopro_app::users::{self, NewUser, UserChanges};
use blocopro_domain::permissions::Permission;
use blocopro_domain::user::{Sex, User, UserStatus, Visibility};
use blocopro_domain::validation::{check_email, check_name, check_password, check_phone};
use blocopro_domain::{FieldErrors, Timestamp};
use blocopro_store::{PageRequest, UserFilter};
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::UserList;
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, PageLimit, PathId, QueryParams, Validate, parse_cursor};
use crate::state::ApiState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_users)
        .service(create_user)
        .service(get_user)
        .service(update_user)
        .service(delete_user)
        .service(set_permissions)
        .service(set_departments);
}

/// A user as the API shows it (never the password).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UserView {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub status: UserStatus,
    pub full_name: Option<String>,
    pub sex: Option<Sex>,
    /// "Ver carteira completa de clientes" (the `wallet.view_all` key).
    pub view_full_wallet: bool,
    pub is_admin: bool,
    /// "Permitir agenda" (the `agenda.use` key).
    pub agenda_access: bool,
    /// Which conversations the user sees in Chat.
    pub visibility: Visibility,
    /// Keys granted to the user, including the conversation-management actions.
    pub permissions: Vec<Permission>,
    pub department_ids: Vec<Uuid>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<User> for UserView {
    fn from(user: User) -> Self {
        Self {
            view_full_wallet: user.view_full_wallet(),
            agenda_access: user.agenda_access(),
            id: user.id,
            name: user.name,
            email: user.email,
            phone: user.phone,
            status: user.status,
            full_name: user.full_name,
            sex: user.sex,
            is_admin: user.is_admin,
            visibility: user.visibility,
            permissions: user.permissions.into_iter().collect(),
            department_ids: user.department_ids,
            created_at: user.created_at,
            updated_at: user.updated_at,
        }
    }
}

#[derive(Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListUsersQuery {
    /// Part of the name, full name or e-mail (any case, with or without accents).
    pub q: Option<String>,
    pub status: Option<UserStatus>,
    pub department_id: Option<Uuid>,
    #[param(inline)]
    pub limit: Option<PageLimit>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl Validate for ListUsersQuery {}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    #[schema(example = "Ana")]
    pub name: String,
    #[schema(example = "ana@empresa.com.br")]
    pub email: String,
    /// 8 to 128 characters. The confirmation field is the SPA's.
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
    /// E.164, e.g. +5511987654321.
    pub phone: Option<String>,
    #[serde(default = "active")]
    pub status: UserStatus,
    pub full_name: Option<String>,
    pub sex: Option<Sex>,
    /// Recommended on (the default).
    #[serde(default = "yes")]
    pub view_full_wallet: bool,
    /// Full configuration rights; not recommended for attendants.
    #[serde(default)]
    pub is_admin: bool,
    #[serde(default)]
    pub agenda_access: bool,
    #[serde(default = "own")]
    pub visibility: Visibility,
    /// The user's keys (e.g. conversation-management actions). Omitted: the "Atendente" profile
    /// (`GET /roles`), as far as the caller may grant it.
    pub permissions: Option<Vec<Permission>>,
    #[serde(default)]
    pub department_ids: Vec<Uuid>,
}

fn active() -> UserStatus {
    UserStatus::Active
}
fn yes() -> bool {
    true
}
fn own() -> Visibility {
    Visibility::Own
}

fn check_optional_fields(errors: &mut FieldErrors, phone: Option<&str>, full_name: Option<&str>) {
    if let Some(phone) = phone {
        check_phone(errors, "phone", phone);
    }
    if let Some(full_name) = full_name.filter(|name| !name.trim().is_empty()) {
        check_name(errors, "full_name", full_name);
    }
}

impl Validate for CreateUserRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        check_name(&mut errors, "name", &self.name);
        check_email(&mut errors, "email", &self.email);
        check_password(&mut errors, "password", &self.password);
        check_optional_fields(&mut errors, self.phone.as_deref(), self.full_name.as_deref());
        errors.into_result().map_err(field_errors)
    }
}

/// Every field optional; `null` clears `phone`, `full_name` and `sex`.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    pub name: Option<String>,
    pub email: Option<String>,
    #[schema(min_length = 8, max_length = 128)]
    pub password: Option<String>,
    #[serde(default, deserialize_with = "crate::nullable::deserialize")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    pub status: Option<UserStatus>,
    #[serde(default, deserialize_with = "crate::nullable::deserialize")]
    #[schema(value_type = Option<String>)]
    pub full_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::nullable::deserialize")]
    #[schema(value_type = Option<Sex>)]
    pub sex: Option<Option<Sex>>,
    pub view_full_wallet: Option<bool>,
    pub is_admin: Option<bool>,
    pub agenda_access: Option<bool>,
    pub visibility: Option<Visibility>,
}

impl Validate for UpdateUserRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Some(name) = &self.name {
            check_name(&mut errors, "name", name);
        }
        if let Some(email) = &self.email {
            check_email(&mut errors, "email", email);
        }
        if let Some(password) = &self.password {
            check_password(&mut errors, "password", password);
        }
        check_optional_fields(
            &mut errors,
            self.phone.clone().flatten().as_deref(),
            self.full_name.clone().flatten().as_deref(),
        );
        errors.into_result().map_err(field_errors)
    }
}

/// The fields the registration form and the edit form share, moved from a request into the
/// application's input `$input`, with the fields only that input has.
macro_rules! with_form_fields {
    ($request:ident => $input:ident { $($field:ident: $value:expr),* $(,)? }) => {
        $input {
            name: $request.name,
            email: $request.email,
            password: $request.password,
            phone: $request.phone,
            status: $request.status,
            full_name: $request.full_name,
            sex: $request.sex,
            view_full_wallet: $request.view_full_wallet,
            is_admin: $request.is_admin,
            agenda_access: $request.agenda_access,
            visibility: $request.visibility,
            $($field: $value),*
        }
    };
}

impl From<CreateUserRequest> for NewUser {
    fn from(request: CreateUserRequest) -> Self {
        with_form_fields!(request => NewUser {
            permissions: request.permissions.map(|keys| keys.into_iter().collect()),
            department_ids: request.department_ids,
        })
    }
}

impl From<UpdateUserRequest> for UserChanges {
    fn from(request: UpdateUserRequest) -> Self {
        with_form_fields!(request => UserChanges {})
    }
}

fn field_errors(error: blocopro_domain::Error) -> FieldErrors {
    match error {
        blocopro_domain::Error::Validation(errors) => errors,
        other => FieldErrors::single("body", other.to_string()),
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PermissionsRequest {
    pub permissions: Vec<Permission>,
}

impl Validate for PermissionsRequest {}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartmentsRequest {
    pub department_ids: Vec<Uuid>,
}

impl Validate for DepartmentsRequest {}

/// List users with search, filters and cursor pagination.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(ListUsersQuery),
    responses(
        (status = 200, description = "A page of users", body = UserList),
        (status = 403, description = "Missing `users.view`", body = Problem),
        (status = 422, description = "Bad parameter", body = Problem),
    )
)]
#[get("/users")]
async fn list_users(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<ListUsersQuery>,
) -> ApiResult<web::Json<UserList>> {
    let QueryParams(query) = query;
    let filter = UserFilter {
        search: query.q.filter(|q| !q.trim().is_empty()),
        status: query.status,
        department_id: query.department_id,
    };
    let page = PageRequest::new(PageLimit::get(query.limit), parse_cursor(query.cursor.as_deref())?);
    let users = state.store.list_users(auth.company_id, &filter, page).await?;
    Ok(web::Json(UserList::from(users.map(UserView::from))))
}

/// Register a user ("Incluir usuário").
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = CreateUserRequest,
    responses(
        (status = 201, description = "Created", body = UserView),
        (status = 403, description = "Missing `users.manage`", body = Problem),
        (status = 409, description = "E-mail already in use", body = Problem),
        (status = 422, description = "Invalid fields", body = Problem),
    )
)]
#[post("/users")]
async fn create_user(
    state: web::Data<ApiState>,
    auth: AuthUser,
    body: Body<CreateUserRequest>,
) -> ApiResult<HttpResponse> {
    let user = users::create(&state, &auth, body.0.into()).await?;
    Ok(HttpResponse::Created().json(UserView::from(user)))
}

/// One user.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, description = "The user", body = UserView),
        (status = 404, description = "No such user in this company", body = Problem),
    )
)]
#[get("/users/{id}")]
async fn get_user(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<web::Json<UserView>> {
    Ok(web::Json(users::get(&state, &auth, id.0).await?.into()))
}

/// Change a user's data, flags, status or password.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, description = "Updated", body = UserView),
        (status = 404, description = "No such user", body = Problem),
        (status = 409, description = "E-mail in use, or the last active administrator", body = Problem),
        (status = 422, description = "Invalid fields", body = Problem),
    )
)]
#[patch("/users/{id}")]
async fn update_user(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<UpdateUserRequest>,
) -> ApiResult<web::Json<UserView>> {
    Ok(web::Json(users::update(&state, &auth, id.0, body.0.into()).await?.into()))
}

/// Remove a user (history such as presence and audit entries stays).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such user", body = Problem),
        (status = 409, description = "The last active administrator", body = Problem),
    )
)]
#[delete("/users/{id}")]
async fn delete_user(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<HttpResponse> {
    users::delete(&state, &auth, id.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Replace the user's permission keys (role presets come from `GET /roles`).
#[utoipa::path(
    operation_id = "set_user_permissions",
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    request_body = PermissionsRequest,
    responses(
        (status = 200, description = "Updated", body = UserView),
        (status = 403, description = "Granting keys you do not hold", body = Problem),
        (status = 404, description = "No such user", body = Problem),
        (status = 422, description = "Unknown permission key", body = Problem),
    )
)]
#[put("/users/{id}/permissions")]
async fn set_permissions(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<PermissionsRequest>,
) -> ApiResult<web::Json<UserView>> {
    let permissions = body.0.permissions.into_iter().collect();
    Ok(web::Json(users::set_permissions(&state, &auth, id.0, permissions).await?.into()))
}

/// Replace the user's departments.
#[utoipa::path(
    operation_id = "set_user_departments",
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    request_body = DepartmentsRequest,
    responses(
        (status = 200, description = "Updated", body = UserView),
        (status = 404, description = "No such user", body = Problem),
        (status = 422, description = "Unknown department ids", body = Problem),
    )
)]
#[put("/users/{id}/departments")]
async fn set_departments(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<DepartmentsRequest>,
) -> ApiResult<web::Json<UserView>> {
    Ok(web::Json(users::set_departments(&state, &auth, id.0, body.0.department_ids).await?.into()))
}
