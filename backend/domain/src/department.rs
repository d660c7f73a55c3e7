//! Departments (Financeiro, RH, Comercial…): queues that users and channels belong to.

use jiff::Timestamp;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Department {
    pub id: Uuid,
    pub name: String,
    pub created_at: Timestamp,
}
