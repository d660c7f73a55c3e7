//! A channel's templates are replaced as a whole by each sync and read within the company only;
//! a conversation keeps when its customer last wrote, which dates its 24-hour window.

use blocopro_domain::channel::{ChannelKind, ChannelMessage};
use blocopro_domain::template::MessageTemplate;
use jiff::SignedDuration;
use serde_json::json;
use uuid::Uuid;

use crate::conformance::*;
use crate::{DynStore, PageRequest, StoreError};

fn template(channel_id: Uuid, name: &str, language: &str, status: &str, body: &str) -> MessageTemplate {
    let components = json!([
        { "type": "HEADER", "format": "TEXT", "text": "Acme" },
        { "type": "BODY", "text": body },
        { "type": "BUTTONS", "buttons": [{ "type": "QUICK_REPLY", "text": "Ok" }] },
    ]);
    MessageTemplate::from_meta(
        channel_id,
        name.into(),
        language.into(),
        "UTILITY".into(),
        status.into(),
        components,
        now(),
    )
}

pub async fn templates_are_replaced_per_channel_and_read_per_company(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let cloud = channel(&store, acme.id, "Oficial", ChannelKind::WhatsappCloud).await;
    let other = channel(&store, acme.id, "Oficial 2", ChannelKind::WhatsappCloud).await;
    let boleto = template(cloud.id, "boleto", "pt_BR", "APPROVED", "Olá {{1}}, vence em {{2}}.");
    let boleto_en = template(cloud.id, "boleto", "en_US", "APPROVED", "Hi {{1}}");
    let promo = template(cloud.id, "promo", "pt_BR", "PENDING", "Promoção");
    let kept = template(other.id, "aviso", "pt_BR", "APPROVED", "Aviso");
    let synced = |channel_id: Uuid| audit(acme.id, "channel.templates_synced", Some(channel_id));
    store
        .replace_channel_templates(
            acme.id,
            cloud.id,
            &[promo.clone(), boleto_en.clone(), boleto.clone()],
            &synced(cloud.id),
        )
        .await
        .unwrap();
    store.replace_channel_templates(acme.id, other.id, std::slice::from_ref(&kept), &synced(other.id)).await.unwrap();
    let log = store.list_audit(acme.id, PageRequest::first(2)).await.unwrap().items;
    let audited: Vec<_> = log.iter().map(|entry| (entry.action.as_str(), entry.target_id)).collect();
    assert_eq!(
        audited,
        [("channel.templates_synced", Some(other.id)), ("channel.templates_synced", Some(cloud.id))],
        "each sync is audited with its templates"
    );

    let all = store.list_channel_templates(acme.id, cloud.id, None).await.unwrap();
    assert_eq!(all, vec![boleto_en.clone(), boleto.clone(), promo.clone()], "by name and language, as synced");
    assert_eq!(all[1].components, boleto.components, "Meta's components read back as they were");
    let approved = store.list_channel_templates(acme.id, cloud.id, Some("APPROVED")).await.unwrap();
    assert_eq!(approved.len(), 2);
    let found = store.get_channel_template(acme.id, cloud.id, "boleto", "pt_BR").await.unwrap();
    assert_eq!(found, Some(boleto.clone()));
    assert_eq!(store.get_channel_template(acme.id, cloud.id, "boleto", "es").await.unwrap(), None);

    // A new sync: promo was deleted at Meta, boleto changed.
    let changed =
        MessageTemplate { status: "PAUSED".into(), ..template(cloud.id, "boleto", "pt_BR", "", "Novo {{1}}") };
    store
        .replace_channel_templates(acme.id, cloud.id, &[changed.clone(), boleto_en.clone()], &synced(cloud.id))
        .await
        .unwrap();
    let after = store.list_channel_templates(acme.id, cloud.id, None).await.unwrap();
    assert_eq!(after, vec![boleto_en, changed], "what Meta no longer has is gone");
    assert_eq!(
        store.list_channel_templates(acme.id, other.id, None).await.unwrap(),
        vec![kept],
        "other channels keep theirs"
    );
    store.replace_channel_templates(acme.id, other.id, &[], &synced(other.id)).await.unwrap();
    assert!(store.list_channel_templates(acme.id, other.id, None).await.unwrap().is_empty());

    let globex = company(&store, "Globex").await;
    assert!(store.list_channel_templates(globex.id, cloud.id, None).await.unwrap().is_empty());
    assert_eq!(store.get_channel_template(globex.id, cloud.id, "boleto", "en_US").await.unwrap(), None);
    let audited_before = store.list_audit(globex.id, PageRequest::first(10)).await.unwrap().items.len();
    let refused = store
        .replace_channel_templates(globex.id, cloud.id, &[], &audit(globex.id, "channel.templates_synced", None))
        .await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "another company's channel");
    let audited_after = store.list_audit(globex.id, PageRequest::first(10)).await.unwrap().items.len();
    assert_eq!(audited_after, audited_before, "a refused sync audits nothing");
    assert_eq!(store.list_channel_templates(acme.id, cloud.id, None).await.unwrap().len(), 2, "untouched");

    let qr = channel(&store, acme.id, "QR", ChannelKind::WhatsappQr).await;
    let synced: Vec<Uuid> = store.find_template_channels().await.unwrap().iter().map(|channel| channel.id).collect();
    assert!(synced.contains(&cloud.id) && synced.contains(&other.id) && !synced.contains(&qr.id));
}

pub async fn a_conversation_keeps_when_its_customer_last_wrote(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let cloud = channel(&store, acme.id, "Oficial", ChannelKind::WhatsappCloud).await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let chat = "+5511988887777";
    // One instant for the whole test: `now()` read again at an assertion may be a second later.
    let start = now();
    let at = |hours: i64| start - SignedDuration::from_hours(hours);
    let received = |channel_id: Uuid, id: &str, sent_at| ChannelMessage {
        chat_id: chat.into(),
        sender: chat.into(),
        sent_at,
        ..inbound(channel_id, id, "Oi")
    };
    let acme_id = acme.id;
    let fold = |messages: Vec<ChannelMessage>| {
        let store = store.clone();
        async move {
            let rows: Vec<_> = messages.into_iter().map(|message| (acme_id, message)).collect();
            store.insert_inbound_messages(&rows).await.unwrap();
            while !store.fold_received_messages(10, now()).await.unwrap().messages.is_empty() {}
        }
    };
    fold(vec![received(cloud.id, "wamid.1", at(30)), received(cloud.id, "wamid.2", at(20))]).await;
    let conversation = store.find_conversation_of_chat(cloud.id, chat).await.unwrap().unwrap();
    assert_eq!(conversation.customer_window_closes_at, Some(at(20) + SignedDuration::from_hours(24)));
    fold(vec![received(cloud.id, "wamid.late", at(40))]).await;
    let conversation = store.find_conversation_of_chat(cloud.id, chat).await.unwrap().unwrap();
    assert_eq!(
        conversation.customer_window_closes_at,
        Some(at(20) + SignedDuration::from_hours(24)),
        "an older message delivered late does not move it back"
    );
    fold(vec![received(cloud.id, "wamid.3", at(1))]).await;
    let conversation = store.find_conversation_of_chat(cloud.id, chat).await.unwrap().unwrap();
    assert_eq!(conversation.customer_window_closes_at, Some(at(1) + SignedDuration::from_hours(24)));

    fold(vec![received(sim.id, "sim.1", at(1))]).await;
    let simulated = store.find_conversation_of_chat(sim.id, chat).await.unwrap().unwrap();
    assert_eq!(simulated.customer_window_closes_at, None, "only the Cloud API has a window");
}
