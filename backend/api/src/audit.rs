//! The audit log: `GET /audit-log`.

use actix_web::{get, web};
use blocopro_domain::Timestamp;
use blocopro_domain::audit::{Actor, ActorKind, AuditEntry};
use blocopro_store::PageRequest;
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::AuditList;
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::extract::{PageLimit, QueryParams, Validate, parse_cursor};
use crate::state::ApiState;
use crate::view::view;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_audit);
}

view! {
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = AuditEntry)]
    pub struct AuditEntryView from AuditEntry {
        pub id: Uuid,
        pub actor: ActorView,
        pub action: String,
        pub target_type: String,
        pub target_id: Option<Uuid>,
        pub summary: serde_json::Value,
        pub at: Timestamp,
    }
}

view! {
    /// Who did something: a user, a platform operator, an integrator's token, or the system (CLI, seed).
    #[derive(Serialize, utoipa::ToSchema)]
    #[schema(as = Actor)]
    pub struct ActorView from Actor {
        pub kind: ActorKind,
        pub id: Option<Uuid>,
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    #[param(inline)]
    pub limit: Option<PageLimit>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl Validate for PageQuery {}

impl PageQuery {
    pub fn page(&self) -> ApiResult<PageRequest> {
        Ok(PageRequest::new(PageLimit::get(self.limit), parse_cursor(self.cursor.as_deref())?))
    }
}

/// Administrative changes, newest first.
#[utoipa::path(
    operation_id = "list_audit_entries",
    tag = "audit",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of entries", body = AuditList),
        (status = 403, description = "Missing `audit.view`", body = Problem),
    )
)]
#[get("/audit-log")]
async fn list_audit(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<PageQuery>,
) -> ApiResult<web::Json<AuditList>> {
    let page = state.store.list_audit(auth.company_id, query.0.page()?).await?;
    Ok(web::Json(AuditList::from(page)))
}
