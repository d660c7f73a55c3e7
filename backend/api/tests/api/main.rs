//! The API's integration tests: one binary, one module per area. Each test drives the real
//! application over HTTP on port 0 with a fresh database, on SQLite and on PostgreSQL
//! (`on_both_backends!`). One binary links the application once, not once per area.

#[macro_use]
mod common;

mod access_matrix;
mod agenda;
mod auth_cache;
mod business_hours;
mod channels;
mod cloud_api;
mod cloud_media;
mod company;
mod connector_conformance;
mod contacts;
mod conversations;
mod foundation;
mod groups;
mod help_pages;
mod inbound_media;
mod labels;
mod media;
mod message_search;
mod metrics;
mod notes;
mod openapi_drift;
mod outbound_media;
mod queue;
mod quick_replies;
mod realtime;
mod reports;
mod rich_messages;
mod security;
mod service_report;
mod shutdown;
mod spa;
mod templates;
mod tenant_isolation;
mod transfers;
mod volume_and_groups_reports;
mod webhooks;
