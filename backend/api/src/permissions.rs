//! The catalogue of permission keys and role presets.

use actix_web::{get, web};
use blocopro_domain::permissions::{Permission, Role};
use serde::Serialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_permissions).service(list_roles);
}

/// A text in each supported language.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Localized {
    #[serde(rename = "pt-BR")]
    pub pt_br: &'static str,
    pub en: &'static str,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PermissionInfo {
    pub key: Permission,
    pub description: Localized,
    /// True for the conversation-management actions of "Parâmetros de chat".
    pub chat_action: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RoleInfo {
    #[schema(example = "attendant")]
    pub key: &'static str,
    pub name: Localized,
    pub is_admin: bool,
    pub permissions: Vec<Permission>,
}

/// Every permission key with its description.
#[utoipa::path(
    tag = "permissions",
    security(("bearer" = [])),
    responses((status = 200, description = "All keys", body = Vec<PermissionInfo>), (status = 401, body = Problem))
)]
#[get("/permissions")]
async fn list_permissions(_auth: AuthUser) -> ApiResult<web::Json<Vec<PermissionInfo>>> {
    let items = Permission::ALL
        .iter()
        .map(|&key| PermissionInfo {
            key,
            description: Localized { pt_br: key.description_pt_br(), en: key.description_en() },
            chat_action: Permission::CHAT_ACTIONS.contains(&key),
        })
        .collect();
    Ok(web::Json(items))
}

/// Role presets that fill a user's keys.
#[utoipa::path(
    operation_id = "list_permission_profiles",
    tag = "permissions",
    security(("bearer" = [])),
    responses((status = 200, description = "Presets", body = Vec<RoleInfo>), (status = 401, body = Problem))
)]
#[get("/roles")]
async fn list_roles(_auth: AuthUser) -> ApiResult<web::Json<Vec<RoleInfo>>> {
    let items = Role::ALL
        .iter()
        .map(|&role| RoleInfo {
            key: role.key(),
            name: Localized { pt_br: role.name_pt_br(), en: role.name_en() },
            is_admin: role == Role::Administrator,
            permissions: role.permissions().into_iter().collect(),
        })
        .collect();
    Ok(web::Json(items))
}
