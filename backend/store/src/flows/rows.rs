//! The rows of flows as both backends select them, and their conversion.

use blocopro_domain::flow::{Flow, FlowOption};
use uuid::Uuid;

#[derive(sqlx::FromRow)]
pub struct FlowRow {
    pub channel_id: Uuid,
    pub company_id: Uuid,
    pub enabled: bool,
    pub greeting: String,
    pub retry_text: String,
}

#[derive(sqlx::FromRow)]
pub struct FlowOptionRow {
    pub number: i32,
    pub label: String,
    pub department_id: Uuid,
}

impl FlowRow {
    pub fn with_options(self, options: Vec<FlowOptionRow>) -> Flow {
        Flow {
            channel_id: self.channel_id,
            company_id: self.company_id,
            enabled: self.enabled,
            greeting: self.greeting,
            retry_text: self.retry_text,
            options: options
                .into_iter()
                .map(|option| FlowOption {
                    number: u8::try_from(option.number).unwrap_or_default(),
                    label: option.label,
                    department_id: option.department_id,
                })
                .collect(),
        }
    }
}
