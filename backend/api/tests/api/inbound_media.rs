//! A simulated customer sends every kind of message through the simulator's control API, on both
//! databases: each lands complete in the conversation, files are downloaded from the simulated
//! phone by the download worker (`pending`, then `stored` and announced as `message.updated`) and
//! `GET /media/{id}` serves their bytes; a reaction shows on its message; bad input answers 422
//! naming the field.

use crate::common;

use std::collections::HashMap;

use base64::Engine;
use common::realtime::Socket;
use common::{Backend, TestApp};
use serde_json::{Value, json};

on_both_backends!(
    a_simulated_customer_sends_every_kind_and_its_files_are_downloaded,
    simulated_messages_are_checked_field_by_field
);

const CUSTOMER: &str = "+5511988887777";
/// A 1×1 PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82";

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The customer sends `body` (its `from` filled); answers the message as `message.created` carries it.
async fn sends(app: &TestApp, token: &str, channel: &str, socket: &mut Socket, mut body: Value) -> Value {
    body["from"] = json!(CUSTOMER);
    let reply = app.post(&format!("/api/v1/simulator/channels/{channel}/inbound"), Some(token), body).await;
    assert_eq!(reply.status, 202, "{}", reply.body);
    let external_id = reply.body["external_id"].as_str().unwrap().to_owned();
    socket.next_of("message.created", |data| data["external_id"] == external_id.as_str()).await["data"].clone()
}

/// Until `count` files in all were announced stored (each once, whatever their order).
async fn files_stored(socket: &mut Socket, stored: &mut HashMap<String, Value>, count: usize) {
    while stored.len() < count {
        let update = socket.next_of("message.updated", |data| data["media"]["state"] == "stored").await["data"].clone();
        stored.insert(update["id"].as_str().unwrap().to_owned(), update);
    }
}

async fn a_simulated_customer_sends_every_kind_and_its_files_are_downloaded(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let mut socket = Socket::open(&app, &admin, None).await.unwrap();
    let mut files = Socket::open(&app, &admin, None).await.unwrap();

    let hello =
        sends(&app, &admin, &channel, &mut socket, json!({ "text": "Bom dia", "sender_name": "Ana Souza" })).await;
    let photo = json!({
        "kind": "image",
        "text": "Foto da fachada",
        "file": { "mime_type": "image/png", "data_base64": base64(PNG) },
        "reply_to_external_id": hello["external_id"],
    });
    let photo = sends(&app, &admin, &channel, &mut socket, photo).await;
    assert_eq!((&photo["kind"], &photo["text"]), (&json!("image"), &json!("Foto da fachada")));
    assert_eq!(photo["media"]["size_bytes"], PNG.len());
    assert_eq!(photo["reply_to"]["message_id"], hello["id"], "{photo}");
    let media_id = photo["media"]["id"].as_str().unwrap().to_owned();
    // Announced on a socket of its own: a download may end before its message is announced.
    let mut stored = HashMap::new();
    files_stored(&mut files, &mut stored, 1).await;
    let stored_photo = &stored[photo["id"].as_str().unwrap()];
    assert_eq!(stored_photo["media"]["sha256"].as_str().unwrap().len(), 64);
    let served =
        app.client.get(format!("{}/api/v1/media/{media_id}", app.base)).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(&served.bytes().await.unwrap()[..], PNG, "the bytes the customer sent");

    let boleto = b"%PDF-1.4\n% boleto de teste\n%%EOF\n";
    let document = json!({
        "kind": "document",
        "file": { "file_name": "boleto.pdf", "mime_type": "application/pdf", "data_base64": base64(boleto) },
    });
    let document = sends(&app, &admin, &channel, &mut socket, document).await;
    assert_eq!(document["media"]["file_name"], "boleto.pdf");
    let voice = json!({
        "kind": "voice_note",
        "duration_seconds": 7,
        "file": { "mime_type": "audio/ogg; codecs=opus", "data_base64": base64(b"OggS fake opus") },
    });
    let voice = sends(&app, &admin, &channel, &mut socket, voice).await;
    assert_eq!((&voice["kind"], &voice["media"]["duration_seconds"]), (&json!("voice_note"), &json!(7)));

    files_stored(&mut files, &mut stored, 3).await;
    assert!(
        stored.contains_key(document["id"].as_str().unwrap()) && stored.contains_key(voice["id"].as_str().unwrap())
    );

    let place = json!({ "latitude": -23.5614, "longitude": -46.6559, "name": "Loja Paulista", "address": "Av. Paulista, 1000" });
    let location = sends(&app, &admin, &channel, &mut socket, json!({ "kind": "location", "location": place })).await;
    assert_eq!(location["location"], place);
    let card = json!({ "name": "Bruno Lima", "numbers": ["+5511977776666"] });
    let contacts = sends(&app, &admin, &channel, &mut socket, json!({ "kind": "contacts", "contacts": [card] })).await;
    assert_eq!(contacts["contacts"], json!([card]));
    let choice = json!({ "option_id": "dept-2", "title": "Financeiro" });
    let answer =
        sends(&app, &admin, &channel, &mut socket, json!({ "kind": "interactive_answer", "interactive": choice }))
            .await;
    assert_eq!(answer["interactive"], choice);

    let reaction = json!({ "from": CUSTOMER, "target_external_id": photo["external_id"], "emoji": "👍" });
    let reacted = app.post(&format!("/api/v1/simulator/channels/{channel}/reactions"), Some(&admin), reaction).await;
    assert_eq!(reacted.status, 202, "{}", reacted.body);
    let updated = socket.next_of("message.updated", |data| data["reactions"] != json!([])).await["data"].clone();
    assert_eq!(
        (&updated["id"], &updated["reactions"]),
        (&photo["id"], &json!([{ "emoji": "👍", "senders": [CUSTOMER] }]))
    );

    let conversation = photo["conversation_id"].as_str().unwrap();
    let thread = app.get(&format!("/api/v1/conversations/{conversation}/messages"), &admin).await.body;
    let kinds: Vec<&str> = thread["items"].as_array().unwrap().iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["interactive_answer", "contacts", "location", "voice_note", "document", "image", "text"],
        "newest first, one conversation"
    );
    assert!(
        thread["items"].as_array().unwrap().iter().all(|m| m["media"].is_null() || m["media"]["state"] == "stored")
    );
}

async fn simulated_messages_are_checked_field_by_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let inbound = format!("/api/v1/simulator/channels/{channel}/inbound");
    let refused = |body: Value, field: &'static str| {
        let (app, admin, inbound) = (&app, &admin, &inbound);
        async move {
            let mut body = body;
            body["from"] = json!(CUSTOMER);
            let reply = app.post(inbound, Some(admin), body).await;
            assert_eq!((reply.status.as_u16(), reply.code()), (422, "validation_failed"), "{}", reply.body);
            assert!(reply.body["errors"][field].is_array(), "{field}: {}", reply.body);
        }
    };
    refused(json!({ "kind": "image" }), "file").await;
    refused(json!({ "text": "oi", "file": { "mime_type": "image/png", "data_base64": base64(PNG) } }), "file").await;
    refused(
        json!({ "kind": "image", "file": { "mime_type": "image/png", "data_base64": "not base64!" } }),
        "file.data_base64",
    )
    .await;
    refused(json!({ "kind": "image", "file": { "mime_type": "png", "data_base64": base64(PNG) } }), "file.mime_type")
        .await;
    let big_sticker = base64(&vec![0_u8; 600 * 1024]);
    refused(
        json!({ "kind": "sticker", "file": { "mime_type": "image/webp", "data_base64": big_sticker } }),
        "file.data_base64",
    )
    .await;
    refused(json!({ "kind": "location", "location": { "latitude": 91.0, "longitude": 0.0 } }), "location.latitude")
        .await;
    refused(json!({ "kind": "location" }), "location").await;
    refused(json!({ "kind": "contacts", "contacts": [] }), "contacts").await;
    refused(json!({ "kind": "template", "text": "x" }), "kind").await;
    refused(json!({ "text": "" }), "text").await;
    refused(json!({ "text": "oi", "reply_to_external_id": "" }), "reply_to_external_id").await;
    let reactions = format!("/api/v1/simulator/channels/{channel}/reactions");
    let bad =
        app.post(&reactions, Some(&admin), json!({ "from": "123", "target_external_id": "", "emoji": "👍" })).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body["errors"]["from"].is_array() && bad.body["errors"]["target_external_id"].is_array());
}
