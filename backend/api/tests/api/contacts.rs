//! Contacts and the client wallet through the real application on both databases.

use crate::common;

use common::{Backend, TestApp};
use serde_json::{Value, json};

on_both_backends!(contacts_live_in_wallets, bad_contact_input_is_explained, contacts_are_isolated_per_company);

fn names(list: &Value) -> Vec<&str> {
    list["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap_or("")).collect()
}

async fn contacts_live_in_wallets(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let dora_id = app.create_attendant(&admin, "dora@acme.test", json!({ "permissions": ["contacts.manage"] })).await;
    let dora = app.token_for("dora@acme.test").await;

    let mine = app
        .post(
            "/api/v1/contacts",
            Some(&dora),
            json!({ "phone": "+5511988887777", "name": " Zélia Souza ", "email": "Zelia@Cliente.com.br",
                    "tags": ["VIP", "vip", " Atacado "], "notes": "Prefere WhatsApp" }),
        )
        .await;
    assert_eq!(mine.status, 201, "{}", mine.body);
    assert_eq!(mine.body["owner_id"], dora_id.as_str(), "in the creator's wallet");
    assert_eq!(
        (mine.body["name"].as_str(), mine.body["email"].as_str()),
        (Some("Zélia Souza"), Some("zelia@cliente.com.br"))
    );
    assert_eq!(mine.body["tags"], json!(["VIP", "Atacado"]));
    let theirs =
        app.post("/api/v1/contacts", Some(&admin), json!({ "phone": "+5511977776666", "name": "Álvaro Lima" })).await;
    assert_eq!(theirs.status, 201, "{}", theirs.body);

    assert_eq!(names(&app.get("/api/v1/contacts", &dora).await.body), ["Zélia Souza"], "only her wallet");
    assert_eq!(names(&app.get("/api/v1/contacts", &admin).await.body), ["Álvaro Lima", "Zélia Souza"]);
    assert_eq!(names(&app.get("/api/v1/contacts?q=alvaro", &admin).await.body), ["Álvaro Lima"]);
    let by_owner = app.get(&format!("/api/v1/contacts?owner_id={dora_id}"), &admin).await.body;
    assert_eq!(names(&by_owner), ["Zélia Souza"]);
    let theirs_path = format!("/api/v1/contacts/{}", theirs.body["id"].as_str().unwrap());
    assert_eq!(app.get(&theirs_path, &dora).await.status, 404, "another wallet is invisible");
    assert_eq!(app.patch(&theirs_path, &dora, json!({ "name": "x" })).await.status, 404);

    let mine_path = format!("/api/v1/contacts/{}", mine.body["id"].as_str().unwrap());
    let moved = app.patch(&mine_path, &dora, json!({ "owner_id": null })).await;
    assert_eq!((moved.status.as_u16(), moved.code()), (403, "forbidden"), "only the full wallet moves contacts");
    let given = app.patch(&theirs_path, &admin, json!({ "owner_id": dora_id, "notes": null, "tags": [] })).await;
    assert_eq!(given.status, 200, "{}", given.body);
    assert_eq!(names(&app.get("/api/v1/contacts", &dora).await.body), ["Álvaro Lima", "Zélia Souza"]);
    let renamed = app.patch(&mine_path, &dora, json!({ "name": "Zélia S.", "email": null })).await.body;
    assert_eq!(
        (renamed["name"].as_str(), &renamed["email"], &renamed["notes"]),
        (Some("Zélia S."), &Value::Null, &json!("Prefere WhatsApp"))
    );

    assert_eq!(app.delete(&mine_path, &dora).await.status, 204);
    assert_eq!(app.get(&mine_path, &dora).await.status, 404);
    let back = app.post("/api/v1/contacts", Some(&dora), json!({ "phone": "+5511988887777", "name": "Zélia" })).await;
    assert_eq!(back.status, 201, "{}", back.body);
    assert_eq!(back.body["id"], mine.body["id"], "a deleted number comes back as the same contact");

    let log = app.get("/api/v1/audit-log?limit=200", &admin).await.body;
    let actions: Vec<&str> = log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for action in ["contact.created", "contact.updated", "contact.deleted"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
}

async fn bad_contact_input_is_explained(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let bad = app
        .post(
            "/api/v1/contacts",
            Some(&admin),
            json!({ "phone": "11988887777", "email": "nope", "tags": ["x".repeat(41)], "notes": "n".repeat(4001) }),
        )
        .await;
    assert_eq!((bad.status.as_u16(), bad.code()), (422, "validation_failed"));
    for field in ["phone", "email", "tags", "notes"] {
        assert!(bad.body["errors"][field].is_array(), "{field}: {}", bad.body);
    }
    let first = app.post("/api/v1/contacts", Some(&admin), json!({ "phone": "+5511988887777" })).await;
    assert_eq!(first.status, 201);
    let again = app.post("/api/v1/contacts", Some(&admin), json!({ "phone": "+5511988887777", "name": "Outra" })).await;
    assert_eq!((again.status.as_u16(), again.code()), (409, "conflict"));
    assert!(again.body["errors"]["phone"].is_array());
    let nobody = app
        .post("/api/v1/contacts", Some(&admin), json!({ "phone": "+5511900001111", "owner_id": uuid::Uuid::now_v7() }))
        .await;
    assert_eq!(nobody.status, 422);
    assert!(nobody.body["errors"]["owner_id"].is_array(), "{}", nobody.body);
    assert_eq!(
        app.post("/api/v1/contacts", Some(&admin), json!({ "phone": "+5511900001111", "age": 3 })).await.status,
        422
    );
    assert_eq!(app.get("/api/v1/contacts?q=".to_owned().as_str(), &admin).await.status, 200);
    assert_eq!(app.get(&format!("/api/v1/contacts?q={}", "a".repeat(101)), &admin).await.status, 422);

    app.create_attendant(&admin, "leo@acme.test", json!({})).await;
    let leo = app.token_for("leo@acme.test").await;
    let refused = app.post("/api/v1/contacts", Some(&leo), json!({ "phone": "+5511900002222" })).await;
    assert_eq!(refused.status, 403, "creating needs contacts.manage");
}

async fn contacts_are_isolated_per_company(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let created =
        app.post("/api/v1/contacts", Some(&admin), json!({ "phone": "+5511988887777", "name": "Zélia" })).await;
    let path = format!("/api/v1/contacts/{}", created.body["id"].as_str().unwrap());
    let (_, theirs) = app.other_company("Globex", "admin@globex.test").await;
    assert_eq!(app.get(&path, &theirs).await.status, 404);
    assert_eq!(app.patch(&path, &theirs, json!({ "name": "x" })).await.status, 404);
    assert_eq!(app.delete(&path, &theirs).await.status, 404);
    assert!(app.get("/api/v1/contacts", &theirs).await.body["items"].as_array().unwrap().is_empty());
    let same = app.post("/api/v1/contacts", Some(&theirs), json!({ "phone": "+5511988887777" })).await;
    assert_eq!(same.status, 201, "the same number is another company's own contact");
    assert_eq!(app.get(&path, &admin).await.body["name"], "Zélia");
}
