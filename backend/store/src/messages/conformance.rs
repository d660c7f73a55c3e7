//! Messages: stored once per (channel, external id), also in batches; receipts only move the
//! status forward, even when they come before their message.

use blocopro_domain::channel::{ChannelKind, ChannelMessage, DeliveryStatus, MessageDirection};
use blocopro_domain::message::MessageContent;
use uuid::Uuid;

use crate::conformance::*;
use crate::{DynStore, MessageFilter, PageRequest};

pub fn inbound(channel_id: Uuid, external_id: &str, text: &str) -> ChannelMessage {
    ChannelMessage {
        id: Uuid::now_v7(),
        channel_id,
        external_id: external_id.into(),
        direction: MessageDirection::Inbound,
        chat_id: "+5511988887777".into(),
        sender: "+5511988887777".into(),
        content: MessageContent::text(text),
        reactions: Vec::new(),
        status: DeliveryStatus::Received,
        error: None,
        sent_at: now(),
        created_at: now(),
    }
}

pub fn outbound(channel_id: Uuid, external_id: &str) -> ChannelMessage {
    ChannelMessage {
        direction: MessageDirection::Outbound,
        status: DeliveryStatus::Sent,
        sender: "+5511900000000".into(),
        ..inbound(channel_id, external_id, "Olá! Como posso ajudar?")
    }
}

pub async fn messages_are_stored_once(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let other = channel(&store, acme.id, "Outro", ChannelKind::Simulator).await;
    let first = inbound(sim.id, "wamid.1", "Oi");

    assert_eq!(store.insert_message(acme.id, &first).await.unwrap(), Some(first.clone()));
    let replay = inbound(sim.id, "wamid.1", "Oi");
    assert_eq!(store.insert_message(acme.id, &replay).await.unwrap(), None, "same external id: a duplicate");
    let elsewhere = inbound(other.id, "wamid.1", "Oi");
    assert!(store.insert_message(acme.id, &elsewhere).await.unwrap().is_some(), "ids are per channel");
    let mut to_group = inbound(sim.id, "wamid.2", "Bom dia, grupo");
    to_group.chat_id = "120363025246125486@g.us".into();
    store.insert_message(acme.id, &to_group).await.unwrap();

    let all =
        store.list_channel_messages(acme.id, sim.id, &MessageFilter::default(), PageRequest::first(1)).await.unwrap();
    assert_eq!(all.items, vec![to_group.clone()], "newest first");
    let older = PageRequest::new(Some(10), all.next_cursor.map(|c| c.parse().unwrap()));
    let rest = store.list_channel_messages(acme.id, sim.id, &MessageFilter::default(), older).await.unwrap();
    assert_eq!(rest.items, vec![first.clone()]);
    let group_only = MessageFilter { chat_id: Some(to_group.chat_id.clone()) };
    let filtered = store.list_channel_messages(acme.id, sim.id, &group_only, PageRequest::first(10)).await.unwrap();
    assert_eq!(filtered.items, vec![to_group]);
}

pub async fn received_messages_are_stored_in_batches_once_each(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let globex = company(&store, "Globex").await;
    let acme_sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let globex_sim = channel(&store, globex.id, "Simulador", ChannelKind::Simulator).await;
    let stored = inbound(acme_sim.id, "wamid.old", "Oi");
    store.insert_message(acme.id, &stored).await.unwrap();

    let batch = vec![
        (acme.id, inbound(acme_sim.id, "wamid.new", "Olá")),
        (acme.id, inbound(acme_sim.id, "wamid.old", "Oi")),
        (globex.id, inbound(globex_sim.id, "wamid.new", "Olá")),
        (acme.id, inbound(acme_sim.id, "wamid.new", "Olá (de novo)")),
    ];
    let inserted = store.insert_inbound_messages(&batch).await.unwrap();
    assert_eq!(inserted, vec![true, false, true, false], "stored ones and repeats, even within the batch");
    assert!(store.insert_inbound_messages(&[]).await.unwrap().is_empty());

    let acme_messages =
        store.list_channel_messages(acme.id, acme_sim.id, &MessageFilter::default(), PageRequest::first(10)).await;
    assert_eq!(acme_messages.unwrap().items, vec![batch[0].1.clone(), stored]);
    let globex_messages =
        store.list_channel_messages(globex.id, globex_sim.id, &MessageFilter::default(), PageRequest::first(10)).await;
    assert_eq!(globex_messages.unwrap().items, vec![batch[2].1.clone()]);
}

pub async fn receipts_only_move_status_forward(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let sent = outbound(sim.id, "wamid.out");
    store.insert_message(acme.id, &sent).await.unwrap();
    let at = now();

    let read = store.record_receipt(sim.id, "wamid.out", DeliveryStatus::Read, None, at).await.unwrap().unwrap();
    assert_eq!(read.status, DeliveryStatus::Read);
    let late = store.record_receipt(sim.id, "wamid.out", DeliveryStatus::Delivered, None, at).await.unwrap();
    assert_eq!(late, None, "a late delivered does not hide read");
    let replayed = store.record_receipt(sim.id, "wamid.out", DeliveryStatus::Read, None, at).await.unwrap();
    assert_eq!(replayed, None);

    let failing = outbound(sim.id, "wamid.fail");
    store.insert_message(acme.id, &failing).await.unwrap();
    let failed = store
        .record_receipt(sim.id, "wamid.fail", DeliveryStatus::Failed, Some("131047: re-engagement message"), at)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (failed.status, failed.error.as_deref()),
        (DeliveryStatus::Failed, Some("131047: re-engagement message"))
    );

    let mut inbound_message = inbound(sim.id, "wamid.in", "Oi");
    inbound_message.status = DeliveryStatus::Received;
    store.insert_message(acme.id, &inbound_message).await.unwrap();
    assert_eq!(store.record_receipt(sim.id, "wamid.in", DeliveryStatus::Read, None, at).await.unwrap(), None);
}

pub async fn receipts_before_their_message_are_kept(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let at = now();

    assert_eq!(store.record_receipt(sim.id, "wamid.fast", DeliveryStatus::Delivered, None, at).await.unwrap(), None);
    let stored = store.insert_message(acme.id, &outbound(sim.id, "wamid.fast")).await.unwrap().unwrap();
    assert_eq!(stored.status, DeliveryStatus::Delivered, "the early receipt is applied on insert");
    let listed =
        store.list_channel_messages(acme.id, sim.id, &MessageFilter::default(), PageRequest::first(10)).await.unwrap();
    assert_eq!(listed.items[0].status, DeliveryStatus::Delivered);
}

pub async fn notes_stay_in_the_thread_and_never_reach_the_outbox(store: DynStore) {
    use blocopro_domain::message::MessageKind;
    use jiff::SignedDuration;

    let acme = company(&store, "Acme").await;
    let ana = user(&store, acme.id, "Ana", "ana@acme.test", false).await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let asked = inbound(sim.id, "wamid.1", "Qual o prazo?");
    store.insert_message(acme.id, &asked).await.unwrap();
    let id = Uuid::now_v7();
    let note = ChannelMessage {
        id,
        external_id: format!("note:{id}"),
        sender: "Ana".into(),
        content: MessageContent { kind: MessageKind::Note, ..MessageContent::text("Cliente VIP: prazo de 2 dias.") },
        ..outbound(sim.id, "unused")
    };
    let stored = store.insert_note(acme.id, &note, ana.id).await.unwrap();
    assert_eq!(stored, note, "read back as written");

    let chat = MessageFilter { chat_id: Some(asked.chat_id.clone()) };
    let thread = store.list_channel_messages(acme.id, sim.id, &chat, PageRequest::first(10)).await.unwrap();
    assert_eq!(thread.items, vec![note.clone(), asked.clone()], "in the thread, newest first");
    let history = store.contact_history(acme.id, &asked.chat_id, PageRequest::first(10)).await.unwrap();
    assert!(history.items.contains(&note), "in the contact's history");

    let later = now() + SignedDuration::from_hours(1);
    let claimed = store.claim_outbound(Uuid::now_v7(), later, later + SignedDuration::from_mins(1), 10).await.unwrap();
    assert!(claimed.is_empty(), "the outbox never sees a note: {claimed:?}");

    let queued = ChannelMessage { id: Uuid::now_v7(), status: DeliveryStatus::Queued, ..note.clone() };
    assert!(store.insert_note(acme.id, &queued, ana.id).await.is_err(), "a queued note would be sent");
    let text = ChannelMessage { id: Uuid::now_v7(), content: MessageContent::text("Oi"), ..note.clone() };
    assert!(store.insert_note(acme.id, &text, ana.id).await.is_err(), "only notes");
    let globex = company(&store, "Globex").await;
    let theirs = ChannelMessage { id: Uuid::now_v7(), external_id: "note:x".into(), ..note };
    let refused = store.insert_note(globex.id, &theirs, ana.id).await;
    assert!(matches!(refused, Err(crate::StoreError::NotFound)), "another company's channel");
}
