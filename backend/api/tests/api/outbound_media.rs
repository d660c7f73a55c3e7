//! Sending files through the real application on both databases: uploads checked against
//! WhatsApp's limits (before the body is read when its length says so) and types (the bytes
//! sniffed), broken bodies refused, names sanitised; then a photo replying to the customer, a PDF
//! and a voice note with captions, a location and a reaction sent to the simulated phone, which
//! reads every file to its end; and the same through a Cloud API number, whose files are uploaded
//! to the Graph API's `/media` and sent by id.

use crate::common;

use std::time::Duration;

use common::graph_mock::{APP_SECRET, PHONE_NUMBER_ID, VALID_TOKEN, deliver, graph_mock_with_uploads, text_message};
use common::uploads::{BOUNDARY, PDF, PNG, form, part, post_form, uploaded};
use common::{Backend, TestApp};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

on_both_backends!(
    uploads_are_checked_by_size_type_and_shape,
    attendants_send_files_replies_locations_and_reactions_the_phone_receives,
    a_cloud_api_number_uploads_files_and_sends_them_by_id_with_replies_and_reactions,
);

const CUSTOMER: &str = "+5511988887777";
const OGG: &[u8] = b"OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00OpusHead\x01\x01";

/// The status line and body of a request that announces `length` bytes and sends none.
async fn announced_only(app: &TestApp, token: &str, query: &str, length: u64) -> String {
    let address = app.base.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!(
        "POST /api/v1/media{query} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {length}\r\n\r\n"
    );
    socket.write_all(request.as_bytes()).await.unwrap();
    let mut answer = vec![0; 4096];
    let read = tokio::time::timeout(Duration::from_secs(2), socket.read(&mut answer)).await;
    let read = read.expect("answered before any byte of the body was sent").unwrap();
    String::from_utf8_lossy(&answer[..read]).into_owned()
}

async fn uploads_are_checked_by_size_type_and_shape(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;

    let answer = announced_only(&app, &admin, "", 200 * 1024 * 1024).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("media_too_large"), "{answer}");
    let photo = announced_only(&app, &admin, "?kind=image", 6 * 1024 * 1024).await;
    assert!(photo.starts_with("HTTP/1.1 413"), "a photo takes 5 MB: {photo}");

    let mut big_photo = PNG.to_vec();
    big_photo.resize(5 * 1024 * 1024 + 1, 0);
    let too_big = post_form(&app, &admin, "", form("foto.png", "image/png", &big_photo)).await;
    assert_eq!((too_big.status.as_u16(), too_big.code()), (413, "media_too_large"), "refused as the bytes pass 5 MB");
    let sticker = post_form(&app, &admin, "?kind=sticker", form("s.webp", "image/webp", &vec![0; 600 * 1024])).await;
    assert_eq!(sticker.status, 413, "a sticker takes 500 KB");

    let disguised = post_form(&app, &admin, "", form("foto.jpg", "image/jpeg", PDF)).await;
    assert_eq!((disguised.status.as_u16(), disguised.code()), (415, "media_type_mismatch"));
    let page = post_form(&app, &admin, "", form("pagina.html", "text/html", b"<html><script>1</script></html>")).await;
    assert_eq!((page.status.as_u16(), page.code()), (415, "media_type_not_allowed"));
    let mp3_note = post_form(&app, &admin, "?kind=voice_note", form("nota.mp3", "audio/mpeg", b"ID3\x03")).await;
    assert_eq!((mp3_note.status.as_u16(), mp3_note.code()), (415, "media_type_not_allowed"));

    let mut truncated = part("file", "boleto.pdf", "application/pdf", PDF);
    truncated.truncate(truncated.len() - 20);
    let cut = post_form(&app, &admin, "", truncated).await;
    assert_eq!((cut.status.as_u16(), cut.code()), (400, "multipart_invalid"), "{}", cut.body);
    let mut other = part("other", "boleto.pdf", "application/pdf", PDF);
    other.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    assert_eq!(post_form(&app, &admin, "", other).await.code(), "multipart_invalid", "no `file` part");
    assert_eq!(post_form(&app, &admin, "", Vec::new()).await.code(), "multipart_invalid", "empty");
    let empty_file = post_form(&app, &admin, "", form("vazio.pdf", "application/pdf", b"")).await;
    assert_eq!(empty_file.code(), "multipart_invalid");
    assert_eq!(post_form(&app, &admin, "?kind=location", form("a.pdf", "application/pdf", PDF)).await.status, 422);
    assert_eq!(post_form(&app, &admin, "?kind=poster", form("a.pdf", "application/pdf", PDF)).await.status, 422);

    let pdf = uploaded(&app, &admin, "", "../../nota/boleto.pdf", "application/pdf", PDF).await;
    assert_eq!(pdf["kind"], "document");
    assert_eq!(pdf["state"], "stored");
    assert_eq!(pdf["file_name"], "boleto.pdf", "no directories");
    assert_eq!(pdf["size_bytes"], PDF.len());
    assert_eq!(pdf["sha256"], format!("{:x}", Sha256::digest(PDF)));
    let png = uploaded(&app, &admin, "", "foto.png", "image/png", PNG).await;
    assert_eq!((png["kind"].as_str(), png["mime_type"].as_str()), (Some("image"), Some("image/png")));

    app.create_attendant(&admin, "sem-envio@acme.test", json!({})).await;
    let outsider = app.token_for("sem-envio@acme.test").await;
    let refused = post_form(&app, &outsider, "", form("boleto.pdf", "application/pdf", PDF)).await;
    assert_eq!(refused.status, 403, "uploading is for whoever may write in conversations");
}

/// The customer writes; answers the conversation and the customer's message.
async fn conversation_with_customer(app: &TestApp, token: &str, channel: &str) -> (String, Value) {
    let body = json!({ "from": CUSTOMER, "text": "Oi, pode mandar o boleto?" });
    let reply = app.post(&format!("/api/v1/simulator/channels/{channel}/inbound"), Some(token), body).await;
    assert_eq!(reply.status, 202, "{}", reply.body);
    for _ in 0..250 {
        let items = app.get("/api/v1/conversations", token).await.body["items"].clone();
        if let Some(conversation) = items.as_array().and_then(|items| items.first()) {
            let id = conversation["id"].as_str().unwrap().to_owned();
            let messages = app.get(&format!("/api/v1/conversations/{id}/messages"), token).await.body;
            if let Some(message) = messages["items"].as_array().and_then(|items| items.first()) {
                return (id, message.clone());
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the customer's message never arrived");
}

/// What the simulated phone received, once it holds `count` deliveries.
async fn phone_received(app: &TestApp, token: &str, channel: &str, count: usize) -> Vec<Value> {
    let path = format!("/api/v1/simulator/channels/{channel}/received?to=%2B5511988887777");
    for _ in 0..250 {
        let items = app.get(&path, token).await.body["items"].as_array().cloned().unwrap_or_default();
        if items.len() >= count {
            return items;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the phone never received {count} deliveries");
}

async fn attendants_send_files_replies_locations_and_reactions_the_phone_receives(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, number) = app.paired_simulator(&admin).await;
    let (conversation, asked) = conversation_with_customer(&app, &admin, &channel).await;
    let send_path = format!("/api/v1/conversations/{conversation}/messages");
    let send = |body: Value| app.post(&send_path, Some(&admin), body);

    let photo = uploaded(&app, &admin, "", "comprovante.png", "image/png", PNG).await;
    let asked_id = asked["id"].as_str().unwrap();
    let sent = send(json!({ "text": "Segue a foto", "media_id": photo["id"], "reply_to_message_id": asked_id })).await;
    assert_eq!(sent.status, 202, "{}", sent.body);
    assert_eq!((sent.body["kind"].as_str(), sent.body["text"].as_str()), (Some("image"), Some("Segue a foto")));
    assert_eq!(sent.body["media"]["id"], photo["id"]);
    assert_eq!(sent.body["reply_to"]["external_id"], asked["external_id"]);
    assert_eq!(sent.body["reply_to"]["message_id"], asked["id"]);
    assert_eq!(sent.body["reply_to"]["snippet"], "Oi, pode mandar o boleto?");

    let pdf = uploaded(&app, &admin, "", "boleto.pdf", "application/pdf", PDF).await;
    let body = json!({ "text": "Boleto de dezembro", "media_id": pdf["id"] });
    let request = || {
        app.client
            .post(format!("{}{send_path}", app.base))
            .bearer_auth(&admin)
            .header("Idempotency-Key", "boleto-dezembro")
            .json(&body)
    };
    let first: Value = request().send().await.unwrap().json().await.unwrap();
    let again: Value = request().send().await.unwrap().json().await.unwrap();
    assert_eq!((first["kind"].as_str(), &first["id"]), (Some("document"), &again["id"]), "sent once");

    let note = uploaded(&app, &admin, "?kind=voice_note", "nota.ogg", "audio/ogg; codecs=opus", OGG).await;
    assert_eq!(note["kind"], "voice_note");
    let voice = send(json!({ "media_id": note["id"], "reply_to_message_id": asked_id })).await;
    assert_eq!((voice.status.as_u16(), voice.body["kind"].as_str()), (202, Some("voice_note")), "{}", voice.body);
    let place = json!({ "latitude": -23.5613, "longitude": -46.6565, "name": "Loja Paulista" });
    let located = send(json!({ "location": place })).await;
    assert_eq!((located.status.as_u16(), located.body["kind"].as_str()), (202, Some("location")), "{}", located.body);

    let received = phone_received(&app, &admin, &channel, 4).await;
    let kinds: Vec<&str> = received.iter().map(|item| item["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["image", "document", "voice_note", "location"]);
    assert_eq!(received[0]["file"]["sha256"], photo["sha256"], "the phone read every byte");
    assert_eq!(received[0]["reply_to_external_id"], asked["external_id"]);
    assert_eq!(
        (received[1]["text"].as_str(), received[1]["file"]["file_name"].as_str()),
        (Some("Boleto de dezembro"), Some("boleto.pdf"))
    );
    assert_eq!(received[1]["file"]["size"], PDF.len());
    assert_eq!(received[2]["file"]["mime_type"], "audio/ogg");
    assert_eq!(received[3]["location"]["name"], "Loja Paulista");

    let react_path = format!("/api/v1/conversations/{conversation}/messages/{asked_id}/reactions");
    let reacted = app.post(&react_path, Some(&admin), json!({ "emoji": "👍" })).await;
    assert_eq!(reacted.status, 200, "{}", reacted.body);
    assert_eq!(reacted.body["reactions"], json!([{ "emoji": "👍", "senders": [number] }]));
    let received = phone_received(&app, &admin, &channel, 5).await;
    assert_eq!(received[4]["reaction"], json!({ "target_external_id": asked["external_id"], "emoji": "👍" }));
    assert_eq!(app.post(&react_path, Some(&admin), json!({ "emoji": "bom" })).await.status, 422);

    let unknown = send(json!({ "text": "x", "media_id": uuid::Uuid::now_v7() })).await;
    assert_eq!((unknown.status.as_u16(), unknown.code()), (422, "media_not_found"));
    let (_, theirs) = app.other_company("Globex", "admin@globex.test").await;
    let borrowed = uploaded(&app, &theirs, "", "deles.pdf", "application/pdf", PDF).await;
    let borrowing = send(json!({ "media_id": borrowed["id"] })).await;
    assert_eq!(borrowing.code(), "media_not_found", "another company's upload");
    let stray = send(json!({ "text": "x", "reply_to_message_id": uuid::Uuid::now_v7() })).await;
    assert_eq!((stray.status.as_u16(), stray.code()), (422, "reply_target_not_found"));
    assert_eq!(send(json!({ "text": "" })).await.status, 422, "text is required without a file");
    assert_eq!(send(json!({ "location": { "latitude": 91.0, "longitude": 0.0 } })).await.status, 422);

    let closed =
        app.post(&format!("/api/v1/channels/{channel}/disconnect"), Some(&admin), json!({ "logout": false })).await;
    assert!(closed.status.is_success(), "{}", closed.body);
    app.wait_for_channel_status(&admin, &channel, "disconnected").await;
    let offline = app.post(&react_path, Some(&admin), json!({ "emoji": "❤️" })).await;
    assert_eq!((offline.status.as_u16(), offline.code()), (409, "channel_not_connected"));
    let messages = app.get(&format!("/api/v1/conversations/{conversation}/messages"), &admin).await.body;
    let target = messages["items"].as_array().unwrap().iter().find(|item| item["id"] == asked["id"]).cloned().unwrap();
    assert_eq!(target["reactions"], json!([{ "emoji": "👍", "senders": [number] }]), "nothing recorded");
}

/// Waits for the Graph API mock to hold `count` messages; answers them.
async fn graph_received(sent: &common::graph_mock::Sent, count: usize) -> Vec<Value> {
    for _ in 0..250 {
        let messages = sent.lock().unwrap().clone();
        if messages.len() >= count {
            return messages;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the Graph API never received {count} messages");
}

async fn a_cloud_api_number_uploads_files_and_sends_them_by_id_with_replies_and_reactions(backend: Backend) {
    let (graph, sent, _, uploads) = graph_mock_with_uploads().await;
    let app = TestApp::spawn_with_graph(backend, &graph).await;
    let admin = app.admin_token().await;
    let channel = json!({
        "name": "Oficial", "kind": "whatsapp_cloud", "phone_number_id": PHONE_NUMBER_ID,
        "access_token": VALID_TOKEN, "app_secret": APP_SECRET, "verify_token": "verify-me"
    });
    let channel = app.post("/api/v1/channels", Some(&admin), channel).await.body["id"].as_str().unwrap().to_owned();
    assert_eq!(app.post(&format!("/api/v1/channels/{channel}/connect"), Some(&admin), json!({})).await.status, 202);
    app.wait_for_channel_status(&admin, &channel, "connected").await;
    assert_eq!(deliver(&app, &channel, &text_message("wamid.IN1", "Pode mandar o boleto?")).await.status, 200);
    let (conversation, asked) = loop {
        let items = app.get("/api/v1/conversations", &admin).await.body["items"].clone();
        if let Some(id) = items[0]["id"].as_str() {
            let messages = app.get(&format!("/api/v1/conversations/{id}/messages"), &admin).await.body;
            if let Some(message) = messages["items"].as_array().and_then(|items| items.first()) {
                break (id.to_owned(), message.clone());
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let send_path = format!("/api/v1/conversations/{conversation}/messages");

    let pdf = uploaded(&app, &admin, "", "boleto.pdf", "application/pdf", PDF).await;
    let body = json!({ "text": "Boleto de dezembro", "media_id": pdf["id"], "reply_to_message_id": asked["id"] });
    assert_eq!(app.post(&send_path, Some(&admin), body).await.status, 202);
    let place = json!({ "latitude": -23.5613, "longitude": -46.6565, "name": "Loja Paulista" });
    assert_eq!(app.post(&send_path, Some(&admin), json!({ "location": place })).await.status, 202);
    let messages = graph_received(&sent, 2).await;
    let file = uploads.all()[0].clone();
    assert_eq!(file["messaging_product"], "whatsapp");
    assert_eq!(file["type"], "application/pdf");
    assert_eq!(
        file["file"],
        json!({ "file_name": "boleto.pdf", "mime_type": "application/pdf", "size": PDF.len(), "sha256": pdf["sha256"] }),
        "streamed to Meta whole"
    );
    assert_eq!(messages[0]["type"], "document");
    assert_eq!(
        messages[0]["document"],
        json!({ "id": "media.1", "caption": "Boleto de dezembro", "filename": "boleto.pdf" })
    );
    assert_eq!(messages[0]["context"], json!({ "message_id": "wamid.IN1" }));
    assert_eq!(messages[1]["location"]["name"], "Loja Paulista");

    let asked_id = asked["id"].as_str().unwrap();
    let react_path = format!("/api/v1/conversations/{conversation}/messages/{asked_id}/reactions");
    let reacted = app.post(&react_path, Some(&admin), json!({ "emoji": "👍" })).await;
    assert_eq!(reacted.status, 200, "{}", reacted.body);
    assert_eq!(reacted.body["reactions"][0]["emoji"], "👍");
    let reaction = graph_received(&sent, 3).await[2].clone();
    assert_eq!(
        (reaction["type"].as_str(), &reaction["reaction"]),
        (Some("reaction"), &json!({ "message_id": "wamid.IN1", "emoji": "👍" }))
    );
    let removed = app.post(&react_path, Some(&admin), json!({ "emoji": "" })).await;
    assert_eq!(removed.body["reactions"], json!([]), "taken back");
}
