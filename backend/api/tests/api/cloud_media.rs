//! What Cloud API customers send, with Meta's documented webhook payloads, against the local Graph
//! mock on both databases: files are downloaded from the Graph media endpoint and served by
//! `GET /media/{id}`; a download Meta fails with a 5xx leaves the file `failed` and is retried until
//! it is stored, one Meta no longer has fails for good; every other kind lands complete, the
//! profile name names the new contact and a group that is not imported gets nothing; the webhook
//! always answers 200. Bytes whose SHA-256 is not the one Meta announced fail for good and are never
//! stored.

use std::collections::HashMap;

use crate::common;

use common::graph_mock::{MediaFiles, PHONE_NUMBER_ID, VALID_TOKEN, deliver, graph_mock_with_media, webhook};
use common::realtime::Socket;
use common::{Backend, TestApp};
use serde_json::{Value, json};

on_both_backends!(
    received_files_are_downloaded_retried_and_served,
    bytes_of_another_hash_than_meta_announced_are_never_stored,
    every_kind_meta_documents_lands_complete,
    a_customer_who_changed_number_keeps_one_conversation
);

const CUSTOMER: &str = "5511988887777";
const JPEG: &[u8] = b"\xff\xd8\xff\xe0 a photo of the shop front \xff\xd9";
const PDF: &[u8] = b"%PDF-1.4\n% boleto\n%%EOF\n";

/// A connected Cloud API channel over the Graph mock, and the files the mock serves.
async fn connected_channel(backend: Backend) -> (TestApp, String, String, MediaFiles) {
    let (graph, files) = graph_mock_with_media().await;
    let app = TestApp::spawn_with_graph(backend, &graph).await;
    let admin = app.admin_token().await;
    let request = json!({
        "name": "Oficial", "kind": "whatsapp_cloud", "phone_number_id": PHONE_NUMBER_ID,
        "access_token": VALID_TOKEN, "app_secret": common::graph_mock::APP_SECRET, "verify_token": "verify-me"
    });
    let created = app.post("/api/v1/channels", Some(&admin), request).await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    assert_eq!(app.post(&format!("/api/v1/channels/{id}/connect"), Some(&admin), json!({})).await.status, 202);
    app.wait_for_channel_status(&admin, &id, "connected").await;
    (app, admin, id, files)
}

/// Meta's delivery of `messages` from the customer (profile name Maria), numbered from `first`.
fn from_customer(messages: Vec<Value>) -> Value {
    let messages: Vec<Value> = messages
        .into_iter()
        .map(|mut message| {
            message["from"] = json!(CUSTOMER);
            message["timestamp"] = json!("1764000000");
            message
        })
        .collect();
    webhook(json!({ "contacts": [{ "profile": { "name": "Maria" }, "wa_id": CUSTOMER }], "messages": messages }))
}

/// Until the file of message `external_id` shows `state` (announced as `message.updated`).
async fn file_becomes(
    socket: &mut Socket,
    seen: &mut HashMap<(String, String), Value>,
    external_id: &str,
    state: &str,
) -> Value {
    let key = (external_id.to_owned(), state.to_owned());
    while !seen.contains_key(&key) {
        let update = socket.next_of("message.updated", |data| !data["media"].is_null()).await["data"].clone();
        let found =
            (update["external_id"].as_str().unwrap().to_owned(), update["media"]["state"].as_str().unwrap().to_owned());
        seen.insert(found, update);
    }
    seen[&key].clone()
}

async fn received_files_are_downloaded_retried_and_served(backend: Backend) {
    let (app, admin, channel, files) = connected_channel(backend).await;
    let mut socket = Socket::open(&app, &admin, None).await.unwrap();
    files.serve("1001", "image/jpeg", JPEG);
    files.serve("1002", "application/pdf", PDF);
    files.fail("1002", 503);
    let delivery = from_customer(vec![
        json!({ "id": "wamid.PHOTO", "type": "image", "image": { "caption": "Fachada", "mime_type": "image/jpeg", "id": "1001" } }),
        json!({ "id": "wamid.BOLETO", "type": "document", "document": { "filename": "boleto.pdf", "mime_type": "application/pdf", "id": "1002" } }),
        json!({ "id": "wamid.VOICE", "type": "audio", "audio": { "mime_type": "audio/ogg; codecs=opus", "id": "1003", "voice": true } }),
    ]);
    let answered = deliver(&app, &channel, &delivery).await;
    assert_eq!(answered.status, 200, "Meta never gets an error for a file it serves badly");

    let mut seen = HashMap::new();
    let photo = file_becomes(&mut socket, &mut seen, "wamid.PHOTO", "stored").await;
    assert_eq!((&photo["kind"], &photo["text"]), (&json!("image"), &json!("Fachada")));
    assert_eq!(photo["media"]["size_bytes"], JPEG.len());
    let media_id = photo["media"]["id"].as_str().unwrap();
    let served =
        app.client.get(format!("{}/api/v1/media/{media_id}", app.base)).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(&served.bytes().await.unwrap()[..], JPEG);

    let lost = file_becomes(&mut socket, &mut seen, "wamid.VOICE", "failed").await;
    assert_eq!(lost["kind"], "voice_note", "a file Meta does not have fails for good");
    let boleto = file_becomes(&mut socket, &mut seen, "wamid.BOLETO", "failed").await;
    let boleto_id = boleto["media"]["id"].as_str().unwrap();
    let refused = app.get(&format!("/api/v1/media/{boleto_id}"), &admin).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (409, "media_failed"));
    files.heal("1002");
    let stored = file_becomes(&mut socket, &mut seen, "wamid.BOLETO", "stored").await;
    assert_eq!(stored["media"]["file_name"], "boleto.pdf", "retried once Meta serves it again");
    let served =
        app.client.get(format!("{}/api/v1/media/{boleto_id}", app.base)).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(&served.bytes().await.unwrap()[..], PDF);

    let replayed = deliver(&app, &channel, &delivery).await;
    assert_eq!(replayed.status, 200);
    // The customer's conversation, read as the list shows it: a file may be stored before its message is folded
    // into a conversation, and its event then names none.
    let conversation = app.first_conversation(&admin).await["id"].as_str().unwrap().to_owned();
    let thread = app.get(&format!("/api/v1/conversations/{conversation}/messages"), &admin).await.body;
    let states: Vec<&str> =
        thread["items"].as_array().unwrap().iter().map(|m| m["media"]["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["failed", "stored", "stored"], "stored once each, nothing fetched twice");
}

async fn every_kind_meta_documents_lands_complete(backend: Backend) {
    let (app, admin, channel, _) = connected_channel(backend).await;
    let mut socket = Socket::open(&app, &admin, None).await.unwrap();
    let delivery = from_customer(vec![
        json!({ "id": "wamid.TEXT", "type": "text", "text": { "body": "Bom dia" } }),
        json!({ "id": "wamid.PLACE", "type": "location", "location": { "latitude": -23.5614, "longitude": -46.6559, "name": "Loja", "address": "Av. Paulista, 1000" } }),
        json!({ "id": "wamid.CARD", "type": "contacts", "contacts": [{ "name": { "formatted_name": "Bruno Lima" }, "phones": [{ "phone": "+55 11 97777-6666", "wa_id": "5511977776666" }] }] }),
        json!({ "id": "wamid.BUTTON", "type": "interactive", "interactive": { "type": "button_reply", "button_reply": { "id": "dept-2", "title": "Financeiro" } }, "context": { "from": "551140001234", "id": "wamid.MENU" } }),
        json!({ "id": "wamid.QUICK", "type": "button", "button": { "text": "Confirmo", "payload": "yes" } }),
        json!({ "id": "wamid.REACT", "type": "reaction", "reaction": { "message_id": "wamid.TEXT", "emoji": "❤️" } }),
        json!({ "id": "wamid.POLL", "type": "unsupported", "errors": [{ "code": 131051, "title": "Message type unknown" }] }),
        json!({ "id": "wamid.GROUP", "type": "text", "text": { "body": "Oi, grupo" }, "group_id": "120363025246125486" }),
    ]);
    assert_eq!(deliver(&app, &channel, &delivery).await.status, 200);
    let mut created = HashMap::new();
    while created.len() < 6 {
        let message = socket.next_of("message.created", |_| true).await["data"].clone();
        created.insert(message["external_id"].as_str().unwrap().to_owned(), message);
    }
    assert_eq!(created["wamid.PLACE"]["location"]["address"], "Av. Paulista, 1000");
    assert_eq!(created["wamid.CARD"]["contacts"], json!([{ "name": "Bruno Lima", "numbers": ["+5511977776666"] }]));
    let button = &created["wamid.BUTTON"];
    assert_eq!(button["interactive"], json!({ "option_id": "dept-2", "title": "Financeiro" }));
    assert_eq!(button["reply_to"]["external_id"], "wamid.MENU");
    assert_eq!(created["wamid.QUICK"]["interactive"], json!({ "option_id": "yes", "title": "Confirmo" }));
    assert_eq!(created["wamid.POLL"]["kind"], "unsupported");
    assert!(!created.contains_key("wamid.REACT"), "a reaction is no message");
    let conversation = created["wamid.TEXT"]["conversation_id"].as_str().unwrap();
    let thread = app.get(&format!("/api/v1/conversations/{conversation}/messages"), &admin).await.body;
    let text = thread["items"].as_array().unwrap().iter().find(|m| m["external_id"] == "wamid.TEXT").unwrap().clone();
    assert_eq!(text["reactions"], json!([{ "emoji": "❤️", "senders": [format!("+{CUSTOMER}")] }]));
    let stored = app.channel_messages(&admin, &channel).await;
    assert!(
        stored.iter().all(|message| message["external_id"] != "wamid.GROUP"),
        "a group that is not imported keeps its messages out of the direct conversation"
    );
    let listed = app.get(&format!("/api/v1/conversations/{conversation}"), &admin).await.body;
    let contact = app.get(&format!("/api/v1/contacts/{}", listed["contact_id"].as_str().unwrap()), &admin).await.body;
    assert_eq!(contact["name"], "Maria", "the profile name names a new contact");
}

async fn a_customer_who_changed_number_keeps_one_conversation(backend: Backend) {
    let (app, admin, channel, _) = connected_channel(backend).await;
    let mut socket = Socket::open(&app, &admin, None).await.unwrap();
    let hello = from_customer(vec![json!({ "id": "wamid.HELLO", "type": "text", "text": { "body": "Oi" } })]);
    assert_eq!(deliver(&app, &channel, &hello).await.status, 200);
    let first = socket.next_of("message.created", |data| data["external_id"] == "wamid.HELLO").await["data"].clone();
    let notice = from_customer(vec![json!({ "id": "wamid.CHANGED", "type": "system", "system": {
        "body": "Maria changed their phone number to a new number 5511966665555",
        "wa_id": "5511966665555", "type": "customer_changed_number"
    } })]);
    assert_eq!(deliver(&app, &channel, &notice).await.status, 200);
    let changed =
        socket.next_of("message.created", |data| data["external_id"] == "wamid.CHANGED").await["data"].clone();
    assert_eq!(changed["kind"], "system");
    assert_eq!(changed["conversation_id"], first["conversation_id"], "one conversation");
    let conversation = first["conversation_id"].as_str().unwrap();
    let thread = app.get(&format!("/api/v1/conversations/{conversation}/messages"), &admin).await.body;
    assert_eq!(thread["items"].as_array().unwrap().len(), 2, "one history: {thread}");
    let listed = app.get(&format!("/api/v1/conversations/{conversation}"), &admin).await.body;
    let contact = app.get(&format!("/api/v1/contacts/{}", listed["contact_id"].as_str().unwrap()), &admin).await.body;
    assert_eq!(
        (&contact["phone"], &contact["name"]),
        (&json!("+5511966665555"), &json!("Maria")),
        "the contact has the new number"
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    blocopro_media::Sha256Digest::from_bytes(sha2::Sha256::digest(bytes).into()).to_string()
}

async fn bytes_of_another_hash_than_meta_announced_are_never_stored(backend: Backend) {
    let (app, admin, channel, files) = connected_channel(backend).await;
    let mut socket = Socket::open(&app, &admin, None).await.unwrap();
    let tampered: &[u8] = b"\xff\xd8\xff\xe0 not the photo that was sent \xff\xd9";
    files.serve("2001", "image/jpeg", JPEG);
    files.serve("2002", "image/jpeg", tampered);
    let announced = sha256_hex(JPEG);
    let delivery = from_customer(vec![
        json!({ "id": "wamid.GOOD", "type": "image", "image": { "mime_type": "image/jpeg", "sha256": announced, "id": "2001" } }),
        json!({ "id": "wamid.BAD", "type": "image", "image": { "mime_type": "image/jpeg", "sha256": announced, "id": "2002" } }),
    ]);
    assert_eq!(deliver(&app, &channel, &delivery).await.status, 200);

    let mut seen = HashMap::new();
    let good = file_becomes(&mut socket, &mut seen, "wamid.GOOD", "stored").await;
    assert_eq!(good["media"]["sha256"], announced.as_str(), "the bytes Meta announced are stored");
    let bad = file_becomes(&mut socket, &mut seen, "wamid.BAD", "failed").await;
    let bad_id = bad["media"]["id"].as_str().unwrap();
    let refused = app.get(&format!("/api/v1/media/{bad_id}"), &admin).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (409, "media_failed"));
    let wrong: blocopro_media::Sha256Digest = sha256_hex(tampered).parse().unwrap();
    assert_eq!(app.app.media.head(app.company_id, &wrong).await.unwrap(), None, "the wrong bytes are not kept");

    // For good: no retry is ever due.
    let in_a_year = blocopro_domain::Timestamp::now() + jiff::SignedDuration::from_hours(24 * 365);
    let app_state = app.app.clone();
    let due = app_state.store.claim_media_downloads(uuid::Uuid::now_v7(), in_a_year, in_a_year, 100).await.unwrap();
    assert!(due.iter().all(|claimed| claimed.media.id.to_string() != bad_id), "a mismatch is not retried");
    let conversation = app.first_conversation(&admin).await["id"].as_str().unwrap().to_owned();
    let thread_path = format!("/api/v1/conversations/{conversation}/messages");
    let thread = app.get(&thread_path, &admin).await;
    let states: Vec<(String, String)> = thread.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["external_id"].as_str().unwrap().to_owned(), m["media"]["state"].as_str().unwrap().to_owned()))
        .collect();
    assert!(states.contains(&("wamid.BAD".to_owned(), "failed".to_owned())), "{states:?}");
}
