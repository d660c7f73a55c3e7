//! The rows of webhooks as both backends select them, and their conversion.

use blocopro_domain::webhook::{Webhook, WebhookDelivery, WebhookDeliveryStatus, WebhookEvent};
use sqlx::types::Json;
use uuid::Uuid;

use crate::rows::parse_text;
use crate::time::DbTime;
use crate::{StoreError, StoreResult};

#[derive(sqlx::FromRow)]
pub struct WebhookRow {
    pub id: Uuid,
    pub company_id: Uuid,
    pub url: String,
    pub events: Json<Vec<String>>,
    pub created_by: Option<Uuid>,
    pub created_at: DbTime,
}

impl From<WebhookRow> for Webhook {
    /// Event types this version does not offer (any more) are left out rather than failing the read.
    fn from(row: WebhookRow) -> Self {
        Webhook {
            id: row.id,
            company_id: row.company_id,
            url: row.url,
            events: row.events.0.iter().filter_map(|event| WebhookEvent::parse(event)).collect(),
            created_by: row.created_by,
            created_at: row.created_at.0,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct WebhookDeliveryRow {
    pub id: Uuid,
    pub webhook_id: Uuid,
    pub event_type: String,
    pub event_cursor: Option<i64>,
    pub status: String,
    pub attempts: i32,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DbTime,
    pub last_attempt_at: Option<DbTime>,
    pub next_attempt_at: Option<DbTime>,
    pub delivered_at: Option<DbTime>,
}

impl TryFrom<WebhookDeliveryRow> for WebhookDelivery {
    type Error = StoreError;

    fn try_from(row: WebhookDeliveryRow) -> StoreResult<Self> {
        Ok(WebhookDelivery {
            id: row.id,
            webhook_id: row.webhook_id,
            event_type: row.event_type,
            event_cursor: row.event_cursor,
            status: parse_text(&row.status, WebhookDeliveryStatus::parse, "webhook delivery status")?,
            attempts: u32::try_from(row.attempts).unwrap_or(0),
            last_status: row.last_status.and_then(|status| u16::try_from(status).ok()),
            last_error: row.last_error,
            created_at: row.created_at.0,
            last_attempt_at: row.last_attempt_at.map(|t| t.0),
            next_attempt_at: row.next_attempt_at.map(|t| t.0),
            delivered_at: row.delivered_at.map(|t| t.0),
        })
    }
}
