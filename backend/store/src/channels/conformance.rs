//! Channels and the users linked to them: round trips, isolation per company, status and QR Code.

use blocopro_domain::channel::{Channel, ChannelKind, ChannelStatus, CloudSettings};
use jiff::SignedDuration;
use uuid::Uuid;

use crate::conformance::*;
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

pub async fn channels_round_trip(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let cloud = channel(&store, acme.id, "Vendas (oficial)", ChannelKind::WhatsappCloud).await;
    let qr = channel(&store, acme.id, "Suporte", ChannelKind::WhatsappQr).await;

    assert_eq!(store.get_channel(acme.id, cloud.id).await.unwrap().unwrap(), cloud);
    assert_eq!(store.find_channel(qr.id).await.unwrap().unwrap(), qr);
    assert_eq!(store.find_channel_credentials(cloud.id).await.unwrap().unwrap(), b"sealed");
    assert_eq!(store.find_channel_credentials(qr.id).await.unwrap(), None);

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
    assert_eq!(store.find_channel_credentials(cloud.id).await.unwrap().unwrap(), b"sealed", "kept when not given");
    store.update_channel(&renamed, Some(b"resealed"), &audit(acme.id, "channel.updated", None)).await.unwrap();
    assert_eq!(store.find_channel_credentials(cloud.id).await.unwrap().unwrap(), b"resealed");

    let duplicate = new_channel(acme.id, "Suporte", ChannelKind::Simulator);
    match store.create_channel(&duplicate, None, &audit(acme.id, "x", None)).await {
        Err(StoreError::Duplicate { field }) => assert_eq!(field, Some("name")),
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
