//! The help pages' promises, step by step through the API on both databases: what an attendant
//! registered as the help says can do, and where imported groups show.

use crate::common;

use std::time::Duration;

use crate::groups::{channel_in_groups, import, pre_import};
use common::realtime::Socket;
use common::{Backend, PASSWORD, TestApp};
use serde_json::{Value, json};

on_both_backends!(
    a_newly_registered_attendant_answers_on_her_linked_channels,
    a_reloaded_page_finds_its_user_online,
    turning_groups_off_reaches_open_screens,
    imported_groups_are_in_chat_before_anyone_writes,
    answering_a_pending_conversation_takes_it,
    a_reload_records_no_time_offline,
);

/// The first conversation `token` sees, once one shows.
async fn first_conversation(app: &TestApp, token: &str) -> Value {
    for _ in 0..250 {
        let listed = app.get("/api/v1/conversations", token).await.body;
        if let Some(first) = listed["items"].get(0) {
            return first.clone();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no conversation showed");
}

/// "Cadastrar usuário" → "Incluir usuário" with the form's fields only, then "Canais e departamentos":
/// "Após o cadastro, o atendente poderá receber e responder mensagens nos canais vinculados."
async fn a_newly_registered_attendant_answers_on_her_linked_channels(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let form = json!({
        "name": "Bia", "email": "bia@acme.test", "password": PASSWORD, "phone": null, "status": "active",
        "view_full_wallet": true, "is_admin": false, "agenda_access": false,
    });
    let registered = app.post("/api/v1/users", Some(&admin), form).await;
    assert_eq!(registered.status, 201, "{}", registered.body);
    let keys = registered.body["permissions"].as_array().unwrap();
    for key in ["conversations.assign", "messages.send", "conversations.transfer", "conversations.close"] {
        assert!(keys.contains(&json!(key)), "the Atendente profile holds {key}: {keys:?}");
    }
    assert!(!keys.contains(&json!("agenda.use")), "the form's \"Permitir agenda\" switch was off");
    let bia_id = registered.body["id"].as_str().unwrap().to_owned();
    let linked =
        app.put(&format!("/api/v1/users/{bia_id}/channels"), &admin, json!({ "channel_ids": [channel] })).await;
    assert_eq!(linked.status, 200, "{}", linked.body);
    let bia = app.token_for("bia@acme.test").await;

    let body = json!({ "from": "+5511988887777", "text": "Oi, preciso de ajuda" });
    app.post(&format!("/api/v1/simulator/channels/{channel}/inbound"), Some(&admin), body).await;
    let conversation = first_conversation(&app, &admin).await;
    let path = format!("/api/v1/conversations/{}", conversation["id"].as_str().unwrap());
    let given = app.patch(&path, &admin, json!({ "action": "assign", "user_id": bia_id })).await;
    assert_eq!(given.status, 200, "{}", given.body);

    assert_eq!(first_conversation(&app, &bia).await["id"], conversation["id"], "hers in Chat");
    let answered =
        app.post(&format!("{path}/messages"), Some(&bia), json!({ "text": "Olá! Como posso ajudar?" })).await;
    assert_eq!(answered.status.as_u16() / 100, 2, "{}", answered.body);
    let closed = app.patch(&path, &bia, json!({ "action": "close" })).await;
    assert_eq!((closed.status.as_u16(), &closed.body["status"]), (200, &json!("closed")), "{}", closed.body);
}

/// The header's presence after a reload: once the new page's socket says `ready`, the server has
/// her online, which is what the page reads (`GET /me`) when its socket opens.
async fn a_reloaded_page_finds_its_user_online(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    app.create_attendant(&admin, "bia@acme.test", json!({})).await;
    let bia = app.token_for("bia@acme.test").await;
    let before = Socket::open(&app, &bia, None).await.unwrap();
    before.close().await;
    for _ in 0..250 {
        if app.get("/api/v1/me", &bia).await.body["presence"] == "offline" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(app.get("/api/v1/me", &bia).await.body["presence"], "offline", "the old page is gone");

    let _reloaded = Socket::open(&app, &bia, None).await.unwrap();
    assert_eq!(app.get("/api/v1/me", &bia).await.body["presence"], "online", "as soon as the new page is ready");
}

/// "Grupos de WhatsApp" is a feature the platform turns on per company; when it is turned off, the
/// screens already open hear it (the menu and tabs follow without a reload).
async fn turning_groups_off_reaches_open_screens(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    app.set_groups_feature(true).await;
    let mut screen = Socket::open(&app, &admin, None).await.unwrap();
    app.set_groups_feature(false).await;
    let updated = screen.next_of("company.updated", |data| data["features"]["whatsapp_groups"] == false).await;
    assert_eq!(updated["data"]["id"], json!(app.company_id));
}

/// A new attendant of the channel, registered with the form's fields ("Cadastrar usuário") and linked
/// to it ("Canais e departamentos"); answers her id and token.
async fn registered_attendant(app: &TestApp, admin: &str, email: &str, channel: &str) -> (String, String) {
    let form =
        json!({ "name": "Bia", "email": email, "password": PASSWORD, "view_full_wallet": true, "is_admin": false });
    let registered = app.post("/api/v1/users", Some(admin), form).await;
    assert_eq!(registered.status, 201, "{}", registered.body);
    let id = registered.body["id"].as_str().unwrap().to_owned();
    let linked = app.put(&format!("/api/v1/users/{id}/channels"), admin, json!({ "channel_ids": [channel] })).await;
    assert_eq!(linked.status, 200, "{}", linked.body);
    (id, app.token_for(email).await)
}

/// "Após importar, os grupos ficam disponíveis na área de Chat, dentro da função Grupos. Nela, você
/// poderá visualizar, enviar mensagens": before anyone writes in them, an attendant of the channel
/// finds the imported groups in Chat › Grupos (her open screen hears of them), opens one and writes
/// first. Importing again, or the group's first message, keeps the one conversation.
async fn imported_groups_are_in_chat_before_anyone_writes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, external_ids) = channel_in_groups(&app, &admin, 3).await;
    let (bia_id, bia) = registered_attendant(&app, &admin, "bia@acme.test", &channel).await;
    let mut her_screen = Socket::open(&app, &bia, None).await.unwrap();

    let job = pre_import(&app, &admin, &channel).await;
    let imported = import(&app, &admin, &job, &[&external_ids[0], &external_ids[1]]).await;
    assert_eq!(imported.status, 200, "{}", imported.body);
    let group = &imported.body["groups"][0];
    let shown = her_screen.next_of("conversation.updated", |data| data["chat_id"] == group["external_id"]).await;
    let listed = app.get("/api/v1/conversations?kind=group", &bia).await.body;
    let items = listed["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "both imported groups, and only those: {listed}");
    let conversation = items.iter().find(|item| item["chat_id"] == group["external_id"]).unwrap();
    assert_eq!(conversation, &shown["data"], "what her screen heard is what Chat lists");
    assert_eq!(
        (&conversation["title"], &conversation["status"], &conversation["unread_count"], &conversation["group_id"]),
        (&group["subject"], &json!("pending"), &json!(0), &group["id"]),
    );
    assert_eq!(conversation["last_message_at"], group["imported_at"], "the import is its last activity");
    assert_eq!(conversation["last_message_preview"], Value::Null);

    let path = format!("/api/v1/conversations/{}", conversation["id"].as_str().unwrap());
    let history = app.get(&format!("{path}/messages"), &bia).await;
    assert_eq!((history.status.as_u16(), history.body["items"].as_array().map(Vec::len)), (200, Some(0)));
    let written = app.post(&format!("{path}/messages"), Some(&bia), json!({ "text": "Bom dia, equipe!" })).await;
    assert_eq!(written.status, 202, "{}", written.body);
    assert_eq!(written.body["chat_id"], group["external_id"], "she writes first, in the group");
    let after = app.get(&path, &bia).await.body;
    assert_eq!((&after["last_message_preview"], &after["assigned_to"]), (&json!("Bom dia, equipe!"), &json!(bia_id)));

    let again = import(&app, &admin, &pre_import(&app, &admin, &channel).await, &[&external_ids[0]]).await;
    assert_eq!(again.status, 200, "{}", again.body);
    let body = json!({ "from": "+5511955554444", "text": "Bom dia!", "group_external_id": group["external_id"] });
    let heard = app.post(&format!("/api/v1/simulator/channels/{channel}/inbound"), Some(&admin), body).await;
    assert_eq!(heard.status, 202, "{}", heard.body);
    her_screen.next_of("conversation.updated", |data| data["unread_count"] == 1).await;
    let listed = app.get("/api/v1/conversations?kind=group", &admin).await.body;
    let ids: Vec<&Value> = listed["items"].as_array().unwrap().iter().map(|item| &item["id"]).collect();
    assert_eq!(ids.len(), 2, "importing again or a first message opens no second conversation: {listed}");
    assert_eq!(ids[0], &conversation["id"], "the group's message is the newest activity, in the same conversation");
}

/// "Receber e responder mensagens": answering a conversation waiting in the queue takes it, as
/// "Assumir" does — "Em atendimento", hers, with the same audit entry and event — in the write
/// that queues the answer. A user who may only read cannot answer.
async fn answering_a_pending_conversation_takes_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let (bia_id, bia) = registered_attendant(&app, &admin, "bia@acme.test", &channel).await;
    // "Parâmetros de chat": she sees every conversation of her channel, the queue's included.
    let scoped = app.patch(&format!("/api/v1/users/{bia_id}"), &admin, json!({ "visibility": "all" })).await;
    assert_eq!(scoped.status, 200, "{}", scoped.body);
    let reader_id = app
        .create_attendant(
            &admin,
            "leitora@acme.test",
            json!({ "permissions": ["wallet.view_all"], "visibility": "all" }),
        )
        .await;
    app.put(&format!("/api/v1/users/{reader_id}/channels"), &admin, json!({ "channel_ids": [channel] })).await;
    let reader = app.token_for("leitora@acme.test").await;

    let body = json!({ "from": "+5511988887777", "text": "Oi, alguém aí?" });
    app.post(&format!("/api/v1/simulator/channels/{channel}/inbound"), Some(&admin), body).await;
    let pending = first_conversation(&app, &bia).await;
    assert_eq!((&pending["status"], &pending["assigned_to"]), (&json!("pending"), &Value::Null));
    let path = format!("/api/v1/conversations/{}", pending["id"].as_str().unwrap());
    let refused = app.post(&format!("{path}/messages"), Some(&reader), json!({ "text": "Olá" })).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (403, "forbidden"), "read access only");
    assert_eq!(app.get(&path, &admin).await.body["status"], "pending", "and nothing was taken");

    let mut admin_screen = Socket::open(&app, &admin, None).await.unwrap();
    let answer = |key: &'static str| {
        let (app, bia, path) = (app.clone(), bia.clone(), path.clone());
        async move {
            let request = app.client.post(format!("{}{path}/messages", app.base)).bearer_auth(&bia);
            request.header("Idempotency-Key", key).json(&json!({ "text": "Olá! Sou a Bia." })).send().await.unwrap()
        }
    };
    assert_eq!(answer("resposta-1").await.status(), 202);
    let taken = admin_screen.next_of("conversation.updated", |data| data["id"] == pending["id"]).await;
    assert_eq!((&taken["data"]["status"], &taken["data"]["assigned_to"]), (&json!("open"), &json!(bia_id)));
    let written = admin_screen.next_of("message.created", |data| data["conversation_id"] == pending["id"]).await;
    assert_eq!(written["data"]["text"], "Olá! Sou a Bia.");
    let in_progress = app.get("/api/v1/conversations?status=open", &bia).await.body;
    assert_eq!(in_progress["items"][0]["id"], pending["id"], "in \"Em atendimento\"");

    let log = app.get("/api/v1/audit-log?limit=50", &admin).await.body;
    let assigned: Vec<&Value> =
        log["items"].as_array().unwrap().iter().filter(|entry| entry["action"] == "conversation.assigned").collect();
    assert_eq!(assigned.len(), 1, "{log}");
    assert_eq!((&assigned[0]["actor"]["id"], &assigned[0]["target_id"]), (&json!(bia_id), &pending["id"]));
    assert_eq!(assigned[0]["summary"]["before"]["status"], "pending");
    assert_eq!(assigned[0]["summary"]["after"]["assigned_to"], json!(bia_id));

    assert_eq!(answer("resposta-1").await.status(), 202, "a retried answer is the same one");
    let messages = app.get(&format!("{path}/messages"), &admin).await.body;
    assert_eq!(messages["items"].as_array().unwrap().iter().filter(|m| m["direction"] == "outbound").count(), 1);
    let log = app.get("/api/v1/audit-log?limit=50", &admin).await.body;
    let assignments = log["items"].as_array().unwrap().iter().filter(|e| e["action"] == "conversation.assigned");
    assert_eq!(assignments.count(), 1, "taken once");
}

/// "Histórico online/offline": reloading the page closes its socket and opens another within
/// seconds; the history records no time offline for it. Closing the tab for good does, once the
/// grace is over.
async fn a_reload_records_no_time_offline(backend: Backend) {
    const GRACE: Duration = Duration::from_secs(2);
    let app = TestApp::spawn_tweaked(backend, |config| config.app.presence_grace = GRACE).await;
    let admin = app.admin_token().await;
    let bia_id = app.create_attendant(&admin, "bia@acme.test", json!({})).await;
    let bia = app.token_for("bia@acme.test").await;
    let statuses = || async {
        let history = app.get(&format!("/api/v1/users/{bia_id}/presence-history"), &admin).await.body;
        let periods = history["periods"].as_array().unwrap().clone();
        periods.iter().map(|period| period["status"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };

    let page = Socket::open(&app, &bia, None).await.unwrap();
    page.close_and_wait().await;
    let reloaded = Socket::open(&app, &bia, None).await.unwrap();
    tokio::time::sleep(GRACE + Duration::from_millis(500)).await;
    assert_eq!(statuses().await, ["online"], "the reload left no offline period");
    assert_eq!(app.get("/api/v1/me", &bia).await.body["presence"], "online");

    reloaded.close_and_wait().await;
    assert_eq!(statuses().await, ["online"], "still online during the grace");
    for _ in 0..250 {
        if statuses().await.len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(statuses().await, ["online", "offline"], "the tab closed for good");
}
