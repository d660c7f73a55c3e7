//! The agenda through the real application on both databases.

use crate::common;

use common::{Backend, TestApp};
use serde_json::{Value, json};

on_both_backends!(attendants_keep_their_agenda_and_administrators_see_all);

fn titles(list: &Value) -> Vec<&str> {
    list["items"].as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap()).collect()
}

async fn attendants_keep_their_agenda_and_administrators_see_all(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let dora_id = app.create_attendant(&admin, "dora@acme.test", json!({ "agenda_access": true })).await;
    let dora = app.token_for("dora@acme.test").await;
    app.create_attendant(&admin, "leo@acme.test", json!({ "agenda_access": false })).await;
    let leo = app.token_for("leo@acme.test").await;
    let contact =
        app.post("/api/v1/contacts", Some(&admin), json!({ "phone": "+5511988887777", "name": "Zélia" })).await;

    let event = |title: &str, start: &str, end: &str| json!({ "title": title, "starts_at": start, "ends_at": end });
    let created = app
        .post(
            "/api/v1/agenda/events",
            Some(&dora),
            json!({ "title": "Retorno à Zélia", "starts_at": "2026-12-01T13:00:00Z", "ends_at": "2026-12-01T13:30:00Z",
                    "contact_id": contact.body["id"], "notes": "Levar a proposta" }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["user_id"], dora_id.as_str());
    app.post(
        "/api/v1/agenda/events",
        Some(&dora),
        event("Reunião de equipe", "2026-12-08T12:00:00Z", "2026-12-08T13:00:00Z"),
    )
    .await;
    let week = app.get("/api/v1/agenda/events?from=2026-11-30T00:00:00Z&to=2026-12-07T00:00:00Z", &dora).await.body;
    assert_eq!(titles(&week), ["Retorno à Zélia"], "the week's appointments");
    assert_eq!(titles(&app.get("/api/v1/agenda/events", &dora).await.body), ["Retorno à Zélia", "Reunião de equipe"]);
    let zelias = format!("/api/v1/agenda/events?contact_id={}", contact.body["id"].as_str().unwrap());
    assert_eq!(titles(&app.get(&zelias, &dora).await.body), ["Retorno à Zélia"], "the appointments with a contact");

    assert_eq!(app.get("/api/v1/agenda/events", &leo).await.status, 403, "agenda.use is needed");
    let path = format!("/api/v1/agenda/events/{}", created.body["id"].as_str().unwrap());
    let theirs = app.get(&format!("/api/v1/agenda/events?user_id={dora_id}"), &admin).await.body;
    assert_eq!(titles(&theirs).len(), 2, "administrators see everyone's");
    let moved = app
        .patch(&path, &admin, event("Retorno à Zélia (remarcado)", "2026-12-02T13:00:00Z", "2026-12-02T13:30:00Z"))
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_eq!((moved.body["user_id"].as_str(), &moved.body["contact_id"]), (Some(dora_id.as_str()), &Value::Null));

    let backwards = app
        .post("/api/v1/agenda/events", Some(&dora), event("x", "2026-12-01T13:00:00Z", "2026-12-01T12:00:00Z"))
        .await;
    assert!(backwards.body["errors"]["ends_at"].is_array(), "{}", backwards.body);
    let stranger = app
        .post(
            "/api/v1/agenda/events",
            Some(&dora),
            json!({ "title": "x", "starts_at": "2026-12-01T13:00:00Z", "ends_at": "2026-12-01T14:00:00Z", "contact_id": uuid::Uuid::now_v7() }),
        )
        .await;
    assert!(stranger.body["errors"]["contact_id"].is_array(), "{}", stranger.body);
    let for_admin = json!({ "title": "x", "starts_at": "2026-12-01T13:00:00Z", "ends_at": "2026-12-01T14:00:00Z", "user_id": uuid::Uuid::now_v7() });
    assert_eq!(
        app.post("/api/v1/agenda/events", Some(&dora), for_admin).await.status,
        403,
        "only administrators arrange others' agendas"
    );

    let (_, globex) = app.other_company("Globex", "admin@globex.test").await;
    assert_eq!(app.delete(&path, &globex).await.status, 404);
    assert_eq!(app.delete(&path, &dora).await.status, 204);
    assert_eq!(app.delete(&path, &dora).await.status, 404);
}
