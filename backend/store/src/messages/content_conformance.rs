//! What messages say: every kind reads back complete (file, reply, details) from every read, a
//! reply finds the message it quotes once that is stored, reactions aggregate on their message
//! (also when they come first, whatever order they are delivered in), sent messages keep what they
//! say, a file is only ever the company's own, and a conversation shows its last message by kind.

use blocopro_domain::channel::{ChannelKind, ChannelMessage, DeliveryStatus};
use blocopro_domain::message::{
    ButtonParameter, ButtonSubType, InteractiveAnswer, Location, Media, MediaState, MessageContent, MessageKind,
    NamedRef, QuotedMessage, Reaction, ReactionChange, ReplyTo, SharedContact, TemplateRef, TransferEvent,
};
use jiff::SignedDuration;
use uuid::Uuid;

use crate::conformance::*;
use crate::{ConversationViewer, DynStore, MessageFilter, PageRequest, StoreError};
use blocopro_domain::user::Visibility;

const ANA: &str = "+5511988887777";
const BRUNO: &str = "+5511977776666";
const CARLA: &str = "+5511966665555";

/// The newest page of a channel's messages.
async fn messages_of(store: &DynStore, company_id: Uuid, channel_id: Uuid) -> Vec<ChannelMessage> {
    let all = MessageFilter::default();
    store.list_channel_messages(company_id, channel_id, &all, PageRequest::first(50)).await.unwrap().items
}

pub fn with_content(channel_id: Uuid, external_id: &str, content: MessageContent) -> ChannelMessage {
    ChannelMessage { content, ..inbound(channel_id, external_id, "") }
}

fn file(mime_type: &str) -> Media {
    Media {
        size_bytes: Some(204_800),
        sha256: Some("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into()),
        ..Media::pending(mime_type, Some(format!("graph-media-{}", Uuid::now_v7().simple())))
    }
}

pub fn photo(caption: &str) -> MessageContent {
    MessageContent {
        kind: MessageKind::Image,
        text: caption.into(),
        media: Some(Media { width: Some(1280), height: Some(960), ..file("image/jpeg") }),
        ..MessageContent::default()
    }
}

fn media_message(kind: MessageKind, caption: &str, media: Media) -> MessageContent {
    MessageContent { kind, text: caption.into(), media: Some(media), ..MessageContent::default() }
}

/// One message of every kind, as a connector would report them.
fn every_kind() -> Vec<MessageContent> {
    let seconds = |media: Media, duration: u32| Media { duration_seconds: Some(duration), ..media };
    let document = MessageContent {
        reply_to: Some(ReplyTo {
            external_id: "wamid.never-stored".into(),
            sender: Some("+5511900000000".into()),
            kind: Some(MessageKind::Text),
            snippet: "Pode mandar o boleto?".into(),
            message_id: None,
        }),
        ..media_message(
            MessageKind::Document,
            "Segue o boleto",
            Media { file_name: Some("boleto-novembro.pdf".into()), ..file("application/pdf") },
        )
    };
    vec![
        MessageContent::text("Oi, tudo bem?"),
        photo("Fachada da loja"),
        media_message(
            MessageKind::Audio,
            "",
            seconds(Media { file_name: Some("jingle.mp3".into()), ..file("audio/mpeg") }, 95),
        ),
        media_message(MessageKind::VoiceNote, "", seconds(file("audio/ogg; codecs=opus"), 12)),
        media_message(
            MessageKind::Video,
            "O defeito",
            Media { width: Some(640), height: Some(360), ..seconds(file("video/mp4"), 30) },
        ),
        document,
        media_message(MessageKind::Sticker, "", Media { width: Some(512), height: Some(512), ..file("image/webp") }),
        MessageContent {
            kind: MessageKind::Location,
            location: Some(Location {
                latitude: -23.561_3,
                longitude: -46.656_5,
                name: Some("Escritório".into()),
                address: Some("Av. Paulista, 1000".into()),
            }),
            ..MessageContent::default()
        },
        MessageContent {
            kind: MessageKind::Contacts,
            contacts: vec![
                SharedContact { name: "Bruno Lima".into(), numbers: vec![BRUNO.into(), "(11) 3333-4444".into()] },
                SharedContact { name: "Carla".into(), numbers: vec![] },
            ],
            ..MessageContent::default()
        },
        MessageContent {
            kind: MessageKind::InteractiveAnswer,
            interactive: Some(InteractiveAnswer { option_id: "financeiro".into(), title: "Financeiro".into() }),
            ..MessageContent::default()
        },
        MessageContent {
            kind: MessageKind::Template,
            template: Some(TemplateRef {
                header_parameters: vec!["Acme".into()],
                header_media: None,
                button_parameters: vec![ButtonParameter {
                    index: 1,
                    sub_type: ButtonSubType::Url,
                    value: "boleto/123".into(),
                }],
                ..TemplateRef::with_body("boleto_vencendo", "pt_BR", vec!["Ana".into(), "R$ 120,00".into()])
            }),
            ..MessageContent::default()
        },
        MessageContent { kind: MessageKind::Unsupported, ..MessageContent::default() },
        MessageContent { kind: MessageKind::System, ..MessageContent::text("O contato mudou de número.") },
        MessageContent { kind: MessageKind::Note, ..MessageContent::text("Cliente prefere contato à tarde.") },
        MessageContent {
            kind: MessageKind::Transfer,
            transfer: Some(TransferEvent {
                by: NamedRef { id: Uuid::now_v7(), name: "Ana".into() },
                to_user: Some(NamedRef { id: Uuid::now_v7(), name: "Bia".into() }),
                to_department: None,
            }),
            ..MessageContent::text("Já confirmei o CPF.")
        },
    ]
}

pub async fn every_kind_of_message_reads_back_complete(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let contents = every_kind();
    let mut kinds: Vec<&str> = contents.iter().map(|content| content.kind.as_str()).collect();
    kinds.sort_unstable();
    let mut all: Vec<&str> = MessageKind::ALL.iter().map(|kind| kind.as_str()).collect();
    all.sort_unstable();
    assert_eq!(kinds, all, "one message of every kind");
    let messages: Vec<ChannelMessage> = contents
        .into_iter()
        .enumerate()
        .map(|(n, content)| with_content(sim.id, &format!("wamid.kind{n:02}"), content))
        .collect();
    let batch: Vec<(Uuid, ChannelMessage)> = messages.iter().map(|message| (acme.id, message.clone())).collect();
    assert!(store.insert_inbound_messages(&batch).await.unwrap().iter().all(|new| *new));

    let mut newest_first = messages.clone();
    newest_first.reverse();
    assert_eq!(
        messages_of(&store, acme.id, sim.id).await,
        newest_first,
        "kind, text, file, reply and details read back as they were written"
    );
    let history = store.contact_history(acme.id, ANA, PageRequest::first(50)).await.unwrap();
    assert_eq!(history.items, newest_first, "the contact's history reads them complete too");

    let mut replayed = messages[1].clone();
    replayed.content = photo("Outra foto");
    assert_eq!(store.insert_inbound_messages(&[(acme.id, replayed)]).await.unwrap(), vec![false]);
    assert_eq!(
        messages_of(&store, acme.id, sim.id).await,
        newest_first,
        "a repeated delivery changes nothing, its file included"
    );
}

pub async fn a_reply_finds_the_message_it_quotes_once_stored(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let other = channel(&store, acme.id, "Outro", ChannelKind::Simulator).await;
    let quoting = |channel_id: Uuid, external_id: &str| {
        let reply_to = ReplyTo {
            external_id: "wamid.question".into(),
            sender: None,
            kind: None,
            snippet: String::new(),
            message_id: None,
        };
        with_content(
            channel_id,
            external_id,
            MessageContent { reply_to: Some(reply_to), ..MessageContent::text("Pode ser amanhã?") },
        )
    };
    let answer = quoting(sim.id, "wamid.answer");
    let elsewhere = quoting(other.id, "wamid.answer-elsewhere");
    store.insert_inbound_messages(&[(acme.id, answer.clone()), (acme.id, elsewhere.clone())]).await.unwrap();
    let acme_id = acme.id;
    let read = |channel_id: Uuid| {
        let store = store.clone();
        async move {
            messages_of(&store, acme_id, channel_id)
                .await
                .into_iter()
                .find(|message| message.external_id.starts_with("wamid.answer"))
                .unwrap()
        }
    };
    assert_eq!(read(sim.id).await, answer, "kept while the quoted message is not stored");

    let question = inbound(sim.id, "wamid.question", "Qual o melhor dia para a  visita?");
    store.insert_message(acme.id, &question).await.unwrap();
    let quoted = QuotedMessage {
        id: question.id,
        sender: question.sender.clone(),
        kind: MessageKind::Text,
        text: question.content.text.clone(),
    };
    let reply = read(sim.id).await.content.reply_to.unwrap();
    assert_eq!(reply, answer.content.reply_to.clone().unwrap().completed_by(Some(quoted)));
    assert_eq!(
        (reply.message_id, reply.snippet.as_str()),
        (Some(question.id), "Qual o melhor dia para a visita?"),
        "the stored message's id and start"
    );
    assert_eq!(read(other.id).await, elsewhere, "a quoted message is looked for on the reply's own channel");
}

fn reaction(target: &str, sender: &str, emoji: &str, second: i64) -> ReactionChange {
    ReactionChange {
        target_external_id: target.into(),
        sender: sender.into(),
        emoji: emoji.into(),
        at: now() + SignedDuration::from_secs(second),
    }
}

fn shown(emoji: &str, senders: &[&str]) -> Reaction {
    Reaction { emoji: emoji.into(), senders: senders.iter().map(|sender| (*sender).to_owned()).collect() }
}

pub async fn reactions_aggregate_on_their_message(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let other = channel(&store, acme.id, "Outro", ChannelKind::Simulator).await;
    let sim_id = sim.id;
    let react = |change: ReactionChange| {
        let store = store.clone();
        async move { store.record_reaction(sim_id, &change).await.unwrap().map(|message| message.reactions) }
    };

    assert_eq!(react(reaction("wamid.photo", ANA, "👍", 0)).await, None, "kept for a message not stored yet");
    let target = with_content(sim.id, "wamid.photo", photo("Ficou bom?"));
    store.insert_inbound_messages(&[(acme.id, target.clone())]).await.unwrap();
    assert_eq!(
        messages_of(&store, acme.id, sim.id).await[0].reactions,
        vec![shown("👍", &[ANA])],
        "shown once it arrives"
    );

    let both = vec![shown("👍", &[ANA]), shown("❤️", &[BRUNO])];
    assert_eq!(react(reaction("wamid.photo", BRUNO, "❤️", 1)).await, Some(both));
    let three = vec![shown("👍", &[ANA, CARLA]), shown("❤️", &[BRUNO])];
    assert_eq!(react(reaction("wamid.photo", CARLA, "👍", 2)).await, Some(three));
    let replaced = vec![shown("❤️", &[BRUNO, ANA]), shown("👍", &[CARLA])];
    assert_eq!(react(reaction("wamid.photo", ANA, "❤️", 3)).await, Some(replaced.clone()), "one reaction per sender");
    assert_eq!(react(reaction("wamid.photo", ANA, "😮", 1)).await, None, "an older reaction delivered late is ignored");
    let removed = vec![shown("❤️", &[BRUNO, ANA])];
    assert_eq!(react(reaction("wamid.photo", CARLA, "", 4)).await, Some(removed.clone()), "an empty one removes it");
    assert_eq!(react(reaction("wamid.photo", CARLA, "👍", 2)).await, None, "the removal outlives what it removed");
    assert_eq!(react(reaction("wamid.photo", CARLA, "", 5)).await, None, "removing nothing changes nothing");
    assert_eq!(store.record_reaction(other.id, &reaction("wamid.photo", BRUNO, "😂", 6)).await.unwrap(), None);

    let history = store.contact_history(acme.id, ANA, PageRequest::first(10)).await.unwrap();
    assert_eq!(history.items[0].reactions, removed, "reactions of another channel do not show");
    let sent = outbound(sim.id, "wamid.sent");
    store.insert_message(acme.id, &sent).await.unwrap();
    assert!(react(reaction("wamid.sent", ANA, "🙏", 7)).await.is_some());
    let read = store.record_receipt(sim.id, "wamid.sent", DeliveryStatus::Read, None, now()).await.unwrap().unwrap();
    assert_eq!((read.status, read.reactions), (DeliveryStatus::Read, vec![shown("🙏", &[ANA])]));
}

pub async fn sent_messages_keep_what_they_say_and_files_stay_the_companys(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    store.insert_inbound_messages(&[(acme.id, inbound(sim.id, "wamid.hello", "Oi"))]).await.unwrap();
    while !store.fold_received_messages(10, now()).await.unwrap().messages.is_empty() {}

    let uploaded = Media { state: MediaState::Stored, file_name: Some("nota.pdf".into()), ..file("application/pdf") };
    let document = ChannelMessage {
        content: media_message(MessageKind::Document, "", uploaded.clone()),
        ..outbound(sim.id, "wamid.document")
    };
    assert_eq!(store.insert_message(acme.id, &document).await.unwrap(), Some(document.clone()));

    let queued = ChannelMessage { content: photo(""), ..crate::outbox::conformance::queued(sim.id, "") };
    let (stored, new) = store.enqueue_outbound(acme.id, &queued, Some("photo-1"), None).await.unwrap();
    assert!(new);
    assert_eq!(stored, queued);
    let claimed = store.claim_outbound(Uuid::from_u128(1), now(), now() + SignedDuration::from_secs(60), 10).await;
    assert_eq!(claimed.unwrap()[0].message, queued, "the sender gets what to send");
    let conversation = store.find_conversation_of_chat(sim.id, ANA).await.unwrap().unwrap();
    assert_eq!(
        (conversation.last_message_kind, conversation.last_message_preview.as_deref()),
        (MessageKind::Image, Some("")),
        "a photo without caption: the list shows its kind"
    );
    let again = ChannelMessage {
        content: media_message(MessageKind::Document, "", uploaded.clone()),
        ..crate::outbox::conformance::queued(sim.id, "")
    };
    let (same_file, _) = store.enqueue_outbound(acme.id, &again, Some("document-2"), None).await.unwrap();
    assert_eq!(same_file.content.media, Some(uploaded.clone()), "a stored file may be sent again");

    let globex = company(&store, "Globex").await;
    let theirs = channel(&store, globex.id, "Simulador", ChannelKind::Simulator).await;
    let borrowed = ChannelMessage {
        content: media_message(MessageKind::Document, "", uploaded.clone()),
        ..outbound(theirs.id, "wamid.borrowed")
    };
    assert!(matches!(store.insert_message(globex.id, &borrowed).await, Err(StoreError::NotFound)));
    let queued_theirs =
        ChannelMessage { content: borrowed.content.clone(), ..crate::outbox::conformance::queued(theirs.id, "") };
    let refused = store.enqueue_outbound(globex.id, &queued_theirs, Some("borrowed"), None).await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "another company's file is not found");
    assert!(messages_of(&store, globex.id, theirs.id).await.is_empty(), "and nothing is stored");

    let found = store.get_chat_message(acme.id, sim.id, ANA, document.id).await.unwrap();
    assert_eq!(found, Some(document.clone()), "a message is found in its chat");
    assert_eq!(store.get_chat_message(acme.id, sim.id, BRUNO, document.id).await.unwrap(), None, "not another chat's");
    assert_eq!(
        store.get_chat_message(globex.id, sim.id, ANA, document.id).await.unwrap(),
        None,
        "nor another company's"
    );
}

pub async fn a_media_file_is_found_in_its_company_only(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let received = with_content(sim.id, "wamid.photo", photo("Fachada"));
    store.insert_inbound_messages(&[(acme.id, received.clone())]).await.unwrap();
    let media = received.content.media.clone().unwrap();
    let everything = ConversationViewer { sees_everything: true, user_id: None, visibility: Visibility::All };
    assert_eq!(
        store.find_visible_media(acme.id, &everything, media.id).await.unwrap(),
        None,
        "not before its message is in a conversation"
    );
    while !store.fold_received_messages(10, now()).await.unwrap().messages.is_empty() {}

    let found = store.find_visible_media(acme.id, &everything, media.id).await.unwrap();
    assert_eq!(found, Some(media.clone()));
    let globex = company(&store, "Globex").await;
    let theirs = store.find_visible_media(globex.id, &everything, media.id).await.unwrap();
    assert_eq!(theirs, None, "another company's file");
    assert_eq!(store.find_visible_media(acme.id, &everything, Uuid::now_v7()).await.unwrap(), None, "no such file");
}

pub async fn a_conversation_shows_its_last_message_by_kind(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let (acme_id, sim_id) = (acme.id, sim.id);
    let fold = |message: ChannelMessage| {
        let store = store.clone();
        async move {
            store.insert_inbound_messages(&[(acme_id, message.clone())]).await.unwrap();
            let folded = store.fold_received_messages(10, now()).await.unwrap();
            assert_eq!(folded.messages, vec![(acme_id, message)], "the folder gets what the message says");
            let conversation = store.find_conversation_of_chat(sim_id, ANA).await.unwrap().unwrap();
            (conversation.last_message_kind, conversation.last_message_preview.unwrap_or_default())
        }
    };
    let at = |minutes: i64| now() + SignedDuration::from_mins(minutes);
    let uncaptioned = ChannelMessage { sent_at: at(0), ..with_content(sim.id, "wamid.p", photo("")) };
    assert_eq!(fold(uncaptioned).await, (MessageKind::Image, String::new()));
    let boleto = media_message(
        MessageKind::Document,
        "",
        Media { file_name: Some("boleto.pdf".into()), ..file("application/pdf") },
    );
    let document = ChannelMessage { sent_at: at(1), ..with_content(sim.id, "wamid.d", boleto) };
    assert_eq!(fold(document).await, (MessageKind::Document, "boleto.pdf".to_owned()), "a document by its name");
    let late = ChannelMessage { sent_at: at(-5), ..inbound(sim.id, "wamid.late", "Bom dia") };
    assert_eq!(
        fold(late).await,
        (MessageKind::Document, "boleto.pdf".to_owned()),
        "an older message does not replace it"
    );
    let captioned = ChannelMessage { sent_at: at(2), ..with_content(sim.id, "wamid.c", photo("Olha a  entrega")) };
    assert_eq!(fold(captioned).await, (MessageKind::Image, "Olha a entrega".to_owned()), "a caption is the preview");
}
