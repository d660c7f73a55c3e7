//! Channels, user–channel links and messages.

use blocopro_domain::channel::{
    Channel, ChannelKind, ChannelMessage, ChannelStatus, CloudSettings, DeliveryStatus, MessageDirection,
};
use jiff::SignedDuration;
use uuid::Uuid;

use super::{audit, company, now, user};
use crate::{ChannelFilter, ChannelQr, DynStore, MessageFilter, PageRequest, StoreError};

pub fn new_channel(company_id: Uuid, name: &str, kind: ChannelKind) -> Channel {
    let cloud = (kind == ChannelKind::WhatsappCloud).then(|| CloudSettings {
        phone_number_id: format!("1065{}", Uuid::now_v7().simple()),
        waba_id: Some("2001".into()),
        api_version: "v21.0".into(),
    });
    Channel {
        id: Uuid::now_v7(),
        company_id,
        name: name.into(),
        kind,
        status: ChannelStatus::Disconnected,
        phone_number: None,
        cloud,
        status_changed_at: now(),
        created_at: now(),
        updated_at: now(),
    }
}

pub async fn channel(store: &DynStore, company_id: Uuid, name: &str, kind: ChannelKind) -> Channel {
    let channel = new_channel(company_id, name, kind);
    let credentials = channel.cloud.as_ref().map(|_| b"sealed".as_slice());
    store.create_channel(&channel, credentials, &audit(company_id, "channel.created", Some(channel.id))).await.unwrap();
    channel
}

pub fn inbound(channel_id: Uuid, external_id: &str, text: &str) -> ChannelMessage {
    ChannelMessage {
        id: Uuid::now_v7(),
        channel_id,
        external_id: external_id.into(),
        direction: MessageDirection::Inbound,
        chat_id: "+5511988887777".into(),
        sender: "+5511988887777".into(),
        text: text.into(),
        status: DeliveryStatus::Received,
        error: None,
        sent_at: now(),
        created_at: now(),
    }
}

fn outbound(channel_id: Uuid, external_id: &str) -> ChannelMessage {
    ChannelMessage {
        direction: MessageDirection::Outbound,
        status: DeliveryStatus::Sent,
        sender: "+5511900000000".into(),
        ..inbound(channel_id, external_id, "Olá! Como posso ajudar?")
    }
}

pub async fn channels_round_trip(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let cloud = channel(&store, acme.id, "Vendas (oficial)", ChannelKind::WhatsappCloud).await;
    let qr = channel(&store, acme.id, "Suporte", ChannelKind::WhatsappQr).await;

    assert_eq!(store.get_channel(acme.id, cloud.id).await.unwrap().unwrap(), cloud);
    assert_eq!(store.find_channel(qr.id).await.unwrap().unwrap(), qr);
    assert_eq!(store.channel_credentials(cloud.id).await.unwrap().unwrap(), b"sealed");
    assert_eq!(store.channel_credentials(qr.id).await.unwrap(), None);

    let page = store.list_channels(acme.id, &ChannelFilter::default(), PageRequest::first(1)).await.unwrap();
    assert_eq!(page.items, vec![qr.clone()], "ordered by name");
    let after = PageRequest::new(Some(1), page.next_cursor.map(|c| c.parse().unwrap()));
    let rest = store.list_channels(acme.id, &ChannelFilter::default(), after).await.unwrap();
    assert_eq!(rest.items, vec![cloud.clone()]);
    assert_eq!(rest.next_cursor, None);

    let mut renamed = cloud.clone();
    renamed.name = "Vendas".into();
    renamed.cloud.as_mut().unwrap().api_version = "v22.0".into();
    renamed.updated_at = now() + SignedDuration::from_secs(5);
    store.update_channel(&renamed, None, &audit(acme.id, "channel.updated", Some(cloud.id))).await.unwrap();
    assert_eq!(store.get_channel(acme.id, cloud.id).await.unwrap().unwrap(), renamed);
    assert_eq!(store.channel_credentials(cloud.id).await.unwrap().unwrap(), b"sealed", "kept when not given");
    store.update_channel(&renamed, Some(b"resealed"), &audit(acme.id, "channel.updated", None)).await.unwrap();
    assert_eq!(store.channel_credentials(cloud.id).await.unwrap().unwrap(), b"resealed");

    let duplicate = new_channel(acme.id, "Suporte", ChannelKind::Simulator);
    match store.create_channel(&duplicate, None, &audit(acme.id, "x", None)).await {
        Err(StoreError::Duplicate(constraint)) => assert_eq!(constraint, "channels_company_id_name_key"),
        other => panic!("expected a duplicate name, got {other:?}"),
    }

    store.delete_channel(acme.id, qr.id, &audit(acme.id, "channel.deleted", Some(qr.id))).await.unwrap();
    assert_eq!(store.get_channel(acme.id, qr.id).await.unwrap(), None);
    assert!(matches!(
        store.delete_channel(acme.id, qr.id, &audit(acme.id, "x", None)).await,
        Err(StoreError::NotFound)
    ));
    channel(&store, acme.id, "Suporte", ChannelKind::WhatsappQr).await;
}

pub async fn channels_are_isolated_per_company(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let beta = company(&store, "Beta").await;
    let theirs = channel(&store, beta.id, "Beta", ChannelKind::Simulator).await;

    assert_eq!(store.get_channel(acme.id, theirs.id).await.unwrap(), None);
    assert_eq!(store.channel_qr(acme.id, theirs.id).await.unwrap(), None);
    assert!(
        store.list_channels(acme.id, &ChannelFilter::default(), PageRequest::first(10)).await.unwrap().items.is_empty()
    );
    channel(&store, acme.id, "Acme", ChannelKind::Simulator).await;
    let foreign_cursor = PageRequest::new(Some(10), Some(theirs.id));
    let probed = store.list_channels(acme.id, &ChannelFilter::default(), foreign_cursor).await.unwrap();
    assert!(probed.items.is_empty(), "another company's id is no cursor: nothing to compare with");
    let mut hijacked = theirs.clone();
    hijacked.company_id = acme.id;
    assert!(matches!(
        store.update_channel(&hijacked, None, &audit(acme.id, "x", None)).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.delete_channel(acme.id, theirs.id, &audit(acme.id, "x", None)).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        store
            .list_channel_messages(acme.id, theirs.id, &MessageFilter::default(), PageRequest::first(10))
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

pub async fn channel_status_and_qr(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let later = now() + SignedDuration::from_secs(60);

    assert!(!store.set_channel_qr(sim.id, "too-early", later).await.unwrap(), "no QR unless pairing");
    let pairing = store.start_pairing(sim.id, "2@first", later, later).await.unwrap().unwrap();
    assert_eq!((pairing.status, pairing.status_changed_at), (ChannelStatus::Pairing, later));
    assert_eq!(
        store.channel_qr(acme.id, sim.id).await.unwrap(),
        Some(ChannelQr { code: "2@first".into(), expires_at: later }),
        "the status and the first code are written together"
    );
    assert!(store.set_channel_qr(sim.id, "2@abc", later).await.unwrap());
    assert_eq!(
        store.channel_qr(acme.id, sim.id).await.unwrap(),
        Some(ChannelQr { code: "2@abc".into(), expires_at: later })
    );
    let again =
        store.set_channel_status(sim.id, ChannelStatus::Pairing, None, later + SignedDuration::from_secs(9)).await;
    assert_eq!(again.unwrap().unwrap().status_changed_at, later, "an unchanged status keeps its time");
    assert_eq!(store.live_channels().await.unwrap().len(), 1);

    let connected = store
        .set_channel_status(sim.id, ChannelStatus::Connected, Some("+5511999990000"), later)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(connected.phone_number.as_deref(), Some("+5511999990000"));
    assert_eq!(store.channel_qr(acme.id, sim.id).await.unwrap(), None, "leaving pairing drops the QR");
    let logged_out = store.set_channel_status(sim.id, ChannelStatus::LoggedOut, None, later).await.unwrap().unwrap();
    assert_eq!(logged_out.phone_number.as_deref(), Some("+5511999990000"), "the number is kept");
    assert!(store.live_channels().await.unwrap().is_empty());

    store.delete_channel(acme.id, sim.id, &audit(acme.id, "channel.deleted", None)).await.unwrap();
    assert_eq!(store.set_channel_status(sim.id, ChannelStatus::Connected, None, later).await.unwrap(), None);
}

pub async fn user_channels_are_checked(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let beta = company(&store, "Beta").await;
    let ana = user(&store, acme.id, "Ana", "ana@acme.com", false).await;
    let sales = channel(&store, acme.id, "Vendas", ChannelKind::Simulator).await;
    let support = channel(&store, acme.id, "Suporte", ChannelKind::WhatsappQr).await;
    let foreign = channel(&store, beta.id, "Beta", ChannelKind::Simulator).await;

    store
        .set_user_channels(acme.id, ana.id, &[sales.id, support.id, sales.id], &audit(acme.id, "x", None))
        .await
        .unwrap();
    let mut both = vec![sales.id, support.id];
    both.sort();
    assert_eq!(store.user_channel_ids(acme.id, ana.id).await.unwrap(), both);
    let linked = ChannelFilter { linked_user: Some(ana.id) };
    assert_eq!(store.list_channels(acme.id, &linked, PageRequest::first(10)).await.unwrap().items.len(), 2);

    match store.set_user_channels(acme.id, ana.id, &[foreign.id], &audit(acme.id, "x", None)).await {
        Err(StoreError::UnknownReferences(ids)) => assert_eq!(ids, vec![foreign.id]),
        other => panic!("expected unknown references, got {other:?}"),
    }
    assert!(matches!(
        store.set_user_channels(beta.id, ana.id, &[], &audit(beta.id, "x", None)).await,
        Err(StoreError::NotFound)
    ));
    assert!(store.user_channel_ids(beta.id, ana.id).await.unwrap().is_empty(), "isolated");

    store.delete_channel(acme.id, support.id, &audit(acme.id, "channel.deleted", None)).await.unwrap();
    assert_eq!(store.user_channel_ids(acme.id, ana.id).await.unwrap(), vec![sales.id]);
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
