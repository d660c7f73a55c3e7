//! Quick replies through the real application on both databases: the company's, managed with
//! `quick_replies.manage`, and each attendant's own; listed with their variables filled for a
//! conversation; duplicates and bad input answered with problem+json codes; no reply of another
//! scope or company reachable.

use crate::common;

use std::time::Duration;

use blocopro_domain::permissions::Permission;
use common::principals::{api_token, user_holding};
use common::{Backend, TestApp};
use serde_json::{Value, json};

on_both_backends!(quick_replies_are_the_companys_or_ones_own, quick_replies_are_filled_for_a_conversation);

const CUSTOMER: &str = "+5511988887777";

fn shortcuts(list: &Value) -> Vec<(String, String)> {
    let items = list["items"].as_array().cloned().unwrap_or_default();
    items
        .iter()
        .map(|item| (item["shortcut"].as_str().unwrap().into(), item["scope"].as_str().unwrap().into()))
        .collect()
}

fn pair(shortcut: &str, scope: &str) -> (String, String) {
    (shortcut.into(), scope.into())
}

async fn quick_replies_are_the_companys_or_ones_own(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let created = app
        .post(
            "/api/v1/quick-replies",
            Some(&admin),
            json!({ "shortcut": "/Saudacao", "text": "Olá {{primeiro_nome}}!" }),
        )
        .await;
    assert_eq!(created.status.as_u16(), 201, "{}", created.body);
    assert_eq!((&created.body["shortcut"], &created.body["scope"]), (&json!("saudacao"), &json!("company")));
    assert_eq!(created.body["owner_id"], Value::Null);
    let company_reply = created.body["id"].as_str().unwrap().to_owned();

    let again = app.post("/api/v1/quick-replies", Some(&admin), json!({ "shortcut": "saudacao", "text": "Oi" })).await;
    assert_eq!((again.status.as_u16(), again.code()), (409, "conflict"), "{}", again.body);
    assert!(again.body["errors"]["shortcut"].is_array(), "{}", again.body);
    let bad = app
        .post("/api/v1/quick-replies", Some(&admin), json!({ "shortcut": "com espaço", "text": "Oi {{apelido}}" }))
        .await;
    assert_eq!((bad.status.as_u16(), bad.code()), (422, "validation_failed"), "{}", bad.body);
    assert!(bad.body["errors"]["shortcut"].is_array() && bad.body["errors"]["text"].is_array(), "{}", bad.body);
    let blank = app.post("/api/v1/quick-replies", Some(&admin), json!({ "shortcut": "vazio", "text": "  " })).await;
    assert_eq!((blank.status.as_u16(), blank.code()), (422, "validation_failed"), "{}", blank.body);

    // An attendant uses the company's replies and keeps their own, but cannot manage the company's.
    user_holding(&app, &admin, "bia@acme.test", &[Permission::MessagesSend]).await;
    let bia = app.token_for("bia@acme.test").await;
    let refused = app.post("/api/v1/quick-replies", Some(&bia), json!({ "shortcut": "pix", "text": "Chave" })).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (403, "forbidden"), "{}", refused.body);
    let refused = app.delete(&format!("/api/v1/quick-replies/{company_reply}"), &bia).await;
    assert_eq!(refused.status.as_u16(), 403);
    let own = app
        .post("/api/v1/me/quick-replies", Some(&bia), json!({ "shortcut": "saudacao", "text": "Oi! Aqui é a Bia." }))
        .await;
    assert_eq!(own.status.as_u16(), 201, "the company's shortcut is free in one's own scope: {}", own.body);
    assert_eq!(own.body["scope"], "personal");
    let own_id = own.body["id"].as_str().unwrap().to_owned();
    let twice = app.post("/api/v1/me/quick-replies", Some(&bia), json!({ "shortcut": "SAUDACAO", "text": "Oi" })).await;
    assert_eq!((twice.status.as_u16(), twice.code()), (409, "conflict"), "{}", twice.body);
    let listed = app.get("/api/v1/quick-replies", &bia).await;
    assert_eq!(shortcuts(&listed.body), vec![pair("saudacao", "company"), pair("saudacao", "personal")]);
    assert_eq!(listed.body["items"][0]["filled_text"], Value::Null, "no conversation asked about");
    assert_eq!(shortcuts(&app.get("/api/v1/quick-replies", &admin).await.body), vec![pair("saudacao", "company")]);

    let changed = app
        .patch(&format!("/api/v1/me/quick-replies/{own_id}"), &bia, json!({ "shortcut": "oi", "text": "Oi!" }))
        .await;
    assert_eq!((changed.status.as_u16(), &changed.body["shortcut"]), (200, &json!("oi")), "{}", changed.body);
    let not_hers = app
        .patch(&format!("/api/v1/me/quick-replies/{company_reply}"), &bia, json!({ "shortcut": "x", "text": "x" }))
        .await;
    assert_eq!((not_hers.status.as_u16(), not_hers.code()), (404, "not_found"), "a company reply is not one's own");
    assert_eq!(app.delete(&format!("/api/v1/me/quick-replies/{own_id}"), &admin).await.status, 404, "not the admin's");
    let through_company = app.delete(&format!("/api/v1/quick-replies/{own_id}"), &admin).await;
    assert_eq!(through_company.status.as_u16(), 404, "a personal reply is not the company's");
    assert_eq!(app.delete(&format!("/api/v1/me/quick-replies/{own_id}"), &bia).await.status, 204);
    assert_eq!(shortcuts(&app.get("/api/v1/quick-replies", &bia).await.body), vec![pair("saudacao", "company")]);

    // An integrator's token reads the company's replies and has none of its own.
    let (_, token) = api_token(&app, &admin, &[Permission::UsersView]).await;
    assert_eq!(shortcuts(&app.get("/api/v1/quick-replies", &token).await.body), vec![pair("saudacao", "company")]);
    let refused = app.post("/api/v1/me/quick-replies", Some(&token), json!({ "shortcut": "x", "text": "x" })).await;
    assert_eq!(refused.status.as_u16(), 403);

    let (_, globex) = app.other_company("Globex", "admin@globex.test").await;
    assert_eq!(shortcuts(&app.get("/api/v1/quick-replies", &globex).await.body), vec![]);
    let theirs = app
        .patch(&format!("/api/v1/quick-replies/{company_reply}"), &globex, json!({ "shortcut": "x", "text": "x" }))
        .await;
    assert_eq!(theirs.status.as_u16(), 404, "another company's reply");
    let edited = app
        .patch(&format!("/api/v1/quick-replies/{company_reply}"), &admin, json!({ "shortcut": "ola", "text": "Olá!" }))
        .await;
    assert_eq!((edited.status.as_u16(), &edited.body["text"]), (200, &json!("Olá!")), "{}", edited.body);
    assert_eq!(app.delete(&format!("/api/v1/quick-replies/{company_reply}"), &admin).await.status, 204);
}

async fn quick_replies_are_filled_for_a_conversation(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let text = "Olá {{primeiro_nome}}! Sou {{primeiro_nome_atendente}} ({{nome_atendente}}). Seu número: {{telefone}}.";
    let created = app.post("/api/v1/quick-replies", Some(&admin), json!({ "shortcut": "ola", "text": text })).await;
    assert_eq!(created.status.as_u16(), 201, "{}", created.body);
    let inbound = json!({ "from": CUSTOMER, "sender_name": "Maria Aparecida", "text": "Oi" });
    let sent = app.post(&format!("/api/v1/simulator/channels/{channel}/inbound"), Some(&admin), inbound).await;
    assert_eq!(sent.status.as_u16(), 202, "{}", sent.body);
    let mut conversation = Value::Null;
    for _ in 0..250 {
        conversation = app.get("/api/v1/conversations", &admin).await.body["items"][0].clone();
        if !conversation.is_null() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let id = conversation["id"].as_str().expect("a conversation");
    let me = app.get("/api/v1/me", &admin).await.body;
    let name = me["user"]["name"].as_str().unwrap();
    let first = name.split_whitespace().next().unwrap();

    let listed = app.get(&format!("/api/v1/quick-replies?conversation_id={id}"), &admin).await;
    assert_eq!(listed.status.as_u16(), 200, "{}", listed.body);
    assert_eq!(
        listed.body["items"][0]["filled_text"],
        json!(format!("Olá Maria! Sou {first} ({name}). Seu número: {CUSTOMER}.")),
        "{}",
        listed.body
    );
    assert_eq!(listed.body["items"][0]["text"], text, "the text as written stays beside it");

    let unknown = app.get(&format!("/api/v1/quick-replies?conversation_id={}", uuid::Uuid::now_v7()), &admin).await;
    assert_eq!((unknown.status.as_u16(), unknown.code()), (404, "not_found"));
    let (_, globex) = app.other_company("Globex", "admin@globex.test").await;
    let theirs = app.get(&format!("/api/v1/quick-replies?conversation_id={id}"), &globex).await;
    assert_eq!(theirs.status.as_u16(), 404, "another company's conversation is not filled from");
}
