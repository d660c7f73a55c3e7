//! A company's own settings (Configurações › Empresa) through the real application on both databases.

use crate::common;

use common::realtime::Socket;
use common::{Backend, TestApp};
use serde_json::{Value, json};

on_both_backends!(
    every_user_reads_the_company_and_administrators_change_it,
    bad_names_and_zones_are_refused_field_by_field,
    a_change_is_audited_and_announced
);

async fn every_user_reads_the_company_and_administrators_change_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    app.create_attendant(&admin, "dora@acme.test", json!({})).await;
    let dora = app.token_for("dora@acme.test").await;

    let read = app.get("/api/v1/company", &dora).await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["id"], app.company_id.to_string());
    assert_eq!(read.body["timezone"], "America/Sao_Paulo", "the default zone");

    let change = json!({ "timezone": "America/Manaus" });
    let refused = app.patch("/api/v1/company", &dora, change.clone()).await;
    assert_eq!(refused.status, 403, "settings.manage is needed");
    assert_eq!(refused.code(), "forbidden");

    let changed = app.patch("/api/v1/company", &admin, change).await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["timezone"], "America/Manaus");
    assert_eq!(changed.body["name"], read.body["name"], "an absent name is kept");
    assert_eq!(app.get("/api/v1/me", &dora).await.body["company"]["timezone"], "America/Manaus");

    let renamed = app.patch("/api/v1/company", &admin, json!({ "name": "  Acme Atacado  " })).await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(
        (renamed.body["name"].as_str(), renamed.body["timezone"].as_str()),
        (Some("Acme Atacado"), Some("America/Manaus"))
    );

    let (_, globex) = app.other_company("Globex", "admin@globex.test").await;
    assert_eq!(app.get("/api/v1/company", &globex).await.body["name"], "Globex", "each company sees itself");
    let taken = app.patch("/api/v1/company", &globex, json!({ "name": "Acme Atacado" })).await;
    assert_eq!(taken.status, 409, "{}", taken.body);
    assert_eq!(taken.code(), "conflict");
    assert!(taken.body["errors"]["name"].is_array(), "the field is named: {}", taken.body);
    assert_eq!(app.get("/api/v1/company", &globex).await.body["name"], "Globex", "nothing half-written");
}

async fn bad_names_and_zones_are_refused_field_by_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;

    let bad = app.patch("/api/v1/company", &admin, json!({ "name": " ", "timezone": "Mars/Olympus_Mons" })).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert_eq!(bad.code(), "validation_failed");
    assert!(bad.body["errors"]["name"].is_array(), "{}", bad.body);
    assert!(bad.body["errors"]["timezone"].is_array(), "{}", bad.body);
    let features = app.patch("/api/v1/company", &admin, json!({ "features": { "whatsapp_groups": true } })).await;
    assert_eq!(features.status, 422, "switches belong to the platform operator: {}", features.body);
    let active = app.patch("/api/v1/company", &admin, json!({ "active": false })).await;
    assert_eq!(active.status, 422, "{}", active.body);

    let company = app.get("/api/v1/company", &admin).await.body;
    assert_eq!((&company["timezone"], &company["active"]), (&json!("America/Sao_Paulo"), &json!(true)));
    assert_eq!(company["features"]["whatsapp_groups"], false);
    assert_eq!(app.send(reqwest::Method::GET, "/api/v1/company", None, None).await.status, 401);
}

fn actions(log: &Value) -> Vec<&str> {
    log["items"].as_array().unwrap().iter().map(|entry| entry["action"].as_str().unwrap()).collect()
}

async fn a_change_is_audited_and_announced(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let mut socket = Socket::open(&app, &admin, None).await.unwrap();

    let changed = app.patch("/api/v1/company", &admin, json!({ "timezone": "Europe/Lisbon" })).await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    let event = socket.next_of("company.updated", |_| true).await;
    assert_eq!(event["data"]["timezone"], "Europe/Lisbon");

    let log = app.get("/api/v1/audit-log?limit=50", &admin).await.body;
    assert_eq!(actions(&log).iter().filter(|action| **action == "company.updated").count(), 1, "{log}");
    let entry = log["items"].as_array().unwrap().iter().find(|e| e["action"] == "company.updated").unwrap();
    assert_eq!(entry["summary"]["before"]["timezone"], "America/Sao_Paulo");
    assert_eq!(entry["summary"]["after"]["timezone"], "Europe/Lisbon");

    let same = app.patch("/api/v1/company", &admin, json!({ "timezone": "Europe/Lisbon" })).await;
    assert_eq!(same.status, 200, "{}", same.body);
    let log = app.get("/api/v1/audit-log?limit=50", &admin).await.body;
    assert_eq!(actions(&log).iter().filter(|action| **action == "company.updated").count(), 1, "no change, no entry");
    socket.close().await;
}
