//! Messages that say more than text, through the real application on both databases: a customer's
//! photo with a caption that replies to an earlier message, and a reaction to it, handed to the
//! dispatcher as a connector reports them; the thread, the contact's history and the conversation
//! list show them, and the realtime events and outgoing webhooks carry them. The photo's download
//! fails (the simulated phone has no such file) and that shows too.

use crate::common;

use blocopro_app::channels::dispatcher;
use blocopro_connectors::{ConnectorEvent, ConnectorEventKind, InboundMessage};
use blocopro_domain::Timestamp;
use blocopro_domain::message::{Media, MessageContent, MessageKind, ReactionChange, ReplyTo};
use common::realtime::Socket;
use common::webhook_receiver::Receiver;
use common::{Backend, TestApp};
use serde_json::{Value, json};

on_both_backends!(a_photo_replying_to_a_message_and_its_reaction_reach_every_reader);

const CUSTOMER: &str = "+5511988887777";
/// Where the connector would fetch the photo from: never shown to anyone.
const PROVIDER_REF: &str = "graph-media-1234567890";

/// Hands the dispatcher an event of the channel, as its connector would.
async fn report(app: &TestApp, channel: &str, kind: ConnectorEventKind) {
    let event = ConnectorEvent { channel_id: channel.parse().unwrap(), kind };
    dispatcher::apply(&app.app, event).await.unwrap();
}

fn photo_replying_to(external_id: &str) -> MessageContent {
    let media = Media {
        size_bytes: Some(204_800),
        width: Some(1280),
        height: Some(960),
        ..Media::pending("image/jpeg", Some(PROVIDER_REF.into()))
    };
    let reply_to =
        ReplyTo { external_id: external_id.into(), sender: None, kind: None, snippet: String::new(), message_id: None };
    MessageContent {
        kind: MessageKind::Image,
        text: "Comprovante de pagamento".into(),
        media: Some(media),
        reply_to: Some(reply_to),
        ..MessageContent::default()
    }
}

async fn a_photo_replying_to_a_message_and_its_reaction_reach_every_reader(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let receiver = Receiver::start(&[]).await;
    let hook = json!({ "url": receiver.url, "events": ["message.created", "message.updated"] });
    assert_eq!(app.post("/api/v1/webhooks", Some(&admin), hook).await.status, 201);
    let mut socket = Socket::open(&app, &admin, None).await.unwrap();
    // The photo's download may end before its message is announced: its update is read apart.
    let mut files = Socket::open(&app, &admin, None).await.unwrap();

    let text = InboundMessage::text(
        "wamid.TEXT".into(),
        CUSTOMER.into(),
        CUSTOMER.into(),
        "Bom dia!  Vou mandar o comprovante".into(),
        Timestamp::now(),
    );
    report(&app, &channel, ConnectorEventKind::Message(Box::new(text))).await;
    let first = socket.next_of("message.created", |data| data["external_id"] == "wamid.TEXT").await;
    let content = photo_replying_to("wamid.TEXT");
    let photo = InboundMessage {
        sender_name: None,
        external_id: "wamid.PHOTO".into(),
        chat_id: CUSTOMER.into(),
        sender: CUSTOMER.into(),
        content: content.clone(),
        sent_at: Timestamp::now(),
    };
    report(&app, &channel, ConnectorEventKind::Message(Box::new(photo))).await;
    let created = socket.next_of("message.created", |data| data["external_id"] == "wamid.PHOTO").await["data"].clone();
    let media_id = content.media.as_ref().unwrap().id.to_string();
    assert_eq!(
        (&created["kind"], &created["text"], &created["media"]["id"]),
        (&json!("image"), &json!("Comprovante de pagamento"), &json!(media_id)),
        "{created}"
    );
    assert_eq!(
        created["reply_to"],
        json!({
            "external_id": "wamid.TEXT",
            "sender": CUSTOMER,
            "kind": "text",
            "snippet": "Bom dia! Vou mandar o comprovante",
            "message_id": first["data"]["id"],
        }),
        "the quoted message, completed by the stored one"
    );

    // The simulated phone has no such file: the download worker gives up on it at once (a 404).
    let failed = files.next_of("message.updated", |data| data["media"]["state"] == "failed").await["data"].clone();
    assert_eq!(failed["id"], created["id"]);

    let thumbs_up = ReactionChange {
        target_external_id: "wamid.PHOTO".into(),
        sender: CUSTOMER.into(),
        emoji: "👍".into(),
        at: Timestamp::now(),
    };
    report(&app, &channel, ConnectorEventKind::Reaction(thumbs_up)).await;
    let updated = socket.next_of("message.updated", |data| data["reactions"] != json!([])).await["data"].clone();
    let reactions = json!([{ "emoji": "👍", "senders": [CUSTOMER] }]);
    assert_eq!((&updated["id"], &updated["reactions"]), (&created["id"], &reactions), "{updated}");
    assert_eq!(updated["conversation_id"], created["conversation_id"]);

    let conversation = created["conversation_id"].as_str().unwrap();
    let thread = app.get(&format!("/api/v1/conversations/{conversation}/messages"), &admin).await.body;
    let shown = thread["items"][0].clone();
    assert_eq!(
        (&shown["kind"], &shown["media"]["mime_type"], &shown["media"]["width"], &shown["reactions"]),
        (&json!("image"), &json!("image/jpeg"), &json!(1280), &reactions)
    );
    assert_eq!(shown["reply_to"], created["reply_to"]);
    let listed = app.get(&format!("/api/v1/conversations/{conversation}"), &admin).await.body;
    assert_eq!(
        (&listed["last_message_kind"], &listed["last_message_preview"]),
        (&json!("image"), &json!("Comprovante de pagamento"))
    );
    let contact = listed["contact_id"].as_str().unwrap();
    let history = app.get(&format!("/api/v1/contacts/{contact}/history"), &admin).await.body;
    assert_eq!(history["items"][0], shown, "the contact's history shows the same message");
    let channel_messages = app.channel_messages(&admin, &channel).await;
    assert_eq!(channel_messages[0], shown);

    let deliveries: Vec<Value> = receiver.wait_for(4).await.iter().map(|received| received.json()).collect();
    let of = |kind: &str, external_id: &str| {
        deliveries
            .iter()
            .rev()
            .find(|body| body["type"] == kind && body["data"]["external_id"] == external_id)
            .unwrap_or_else(|| panic!("no {kind} of {external_id}: {deliveries:?}"))
            .clone()
    };
    assert_eq!(of("message.created", "wamid.PHOTO")["data"]["media"], created["media"], "integrators get the file");
    assert_eq!(of("message.updated", "wamid.PHOTO")["data"]["reactions"], reactions, "and the reactions");
    let everything_shown = format!("{thread}{history}{deliveries:?}{created}{updated}");
    assert!(!everything_shown.contains(PROVIDER_REF), "the provider's reference stays inside");
}
