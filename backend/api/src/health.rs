//! Liveness and readiness probes.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::state::ApiState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(healthz).service(readyz);
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(operation_id = "get_health", tag = "health", responses((status = 200, body = Health)))]
#[get("/healthz")]
async fn healthz() -> web::Json<Health> {
    web::Json(Health { status: "ok" })
}

/// The process can serve: the database answers.
#[utoipa::path(operation_id = "get_readiness", tag = "health", responses((status = 200, body = Health), (status = 503, body = Health)))]
#[get("/readyz")]
async fn readyz(state: web::Data<ApiState>) -> HttpResponse {
    match state.store.ping().await {
        Ok(()) => HttpResponse::Ok().json(Health { status: "ok" }),
        Err(error) => {
            tracing::warn!(%error, "database not ready");
            HttpResponse::ServiceUnavailable().json(Health { status: "database_unavailable" })
        }
    }
}
