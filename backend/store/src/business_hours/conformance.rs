//! Business hours are the company's channel's; the away answer reaches a waiting conversation once,
//! and again only after it was closed.

use blocopro_domain::access_hours::{AccessRule, ClockTime, Weekday};
use blocopro_domain::business_hours::BusinessHours;
use blocopro_domain::channel::ChannelKind;
use blocopro_domain::conversation::{ConversationStatus, Routing};
use jiff::SignedDuration;

use crate::conformance::*;
use crate::outbox::conformance::queued;
use crate::{DynStore, StoreError};

pub async fn business_hours_are_the_channels_and_answer_once_per_conversation(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    assert!(store.get_business_hours(acme.id, sim.id).await.unwrap().is_none());
    let monday = AccessRule {
        weekday: Weekday::Monday,
        start: ClockTime::parse("09:00").unwrap(),
        end: ClockTime::parse("18:00").unwrap(),
    };
    let hours = BusinessHours {
        enabled: true,
        rules: vec![monday],
        holidays: vec!["2026-12-25".parse().unwrap()],
        away_message: "Voltamos às 9h.".into(),
        ..BusinessHours::off(acme.id, sim.id)
    };
    store.put_business_hours(&hours, &audit(acme.id, "channel.business_hours_set", Some(sim.id))).await.unwrap();
    assert_eq!(store.get_business_hours(acme.id, sim.id).await.unwrap(), Some(hours.clone()));
    let off = BusinessHours { enabled: false, ..hours.clone() };
    store.put_business_hours(&off, &audit(acme.id, "channel.business_hours_set", Some(sim.id))).await.unwrap();
    assert_eq!(store.get_business_hours(acme.id, sim.id).await.unwrap(), Some(off), "replaced");

    let globex = company(&store, "Globex").await;
    let elsewhere = BusinessHours { company_id: globex.id, ..hours.clone() };
    let refused = store.put_business_hours(&elsewhere, &audit(globex.id, "channel.business_hours_set", None)).await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "another company's channel");
    assert!(store.get_business_hours(globex.id, sim.id).await.unwrap().is_none());

    let asked = inbound(sim.id, "in-1", "Oi, estão abertos?");
    store.insert_inbound_messages(&[(acme.id, asked.clone())]).await.unwrap();
    store.fold_received_messages(100, now()).await.unwrap();
    let conversation = store.find_conversation_of_chat(sim.id, &asked.chat_id).await.unwrap().unwrap();
    let answer = queued(sim.id, "Voltamos às 9h.");
    let sent = store.queue_away_answer(acme.id, conversation.id, &answer).await.unwrap();
    assert_eq!(sent.as_ref().map(|message| message.id), Some(answer.id), "queued in the outbox");
    let again = store.queue_away_answer(acme.id, conversation.id, &queued(sim.id, "Voltamos às 9h.")).await.unwrap();
    assert!(again.is_none(), "never twice in one conversation");
    let theirs = store.queue_away_answer(globex.id, conversation.id, &queued(sim.id, "x")).await.unwrap();
    assert!(theirs.is_none(), "another company's conversation");
    let later = now() + SignedDuration::from_hours(1);
    let claimed = store.claim_outbound(uuid::Uuid::now_v7(), later, later + SignedDuration::from_mins(1), 10).await;
    assert_eq!(claimed.unwrap().len(), 1, "one message in the outbox");

    let closed = Routing { status: ConversationStatus::Closed, ..conversation.routing() };
    store.update_conversation_routing(acme.id, conversation.id, &closed, now(), None, None).await.unwrap();
    let refused = store.queue_away_answer(acme.id, conversation.id, &queued(sim.id, "x")).await.unwrap();
    assert!(refused.is_none(), "a closed conversation waits for its customer");
    store.insert_inbound_messages(&[(acme.id, inbound(sim.id, "in-2", "Oi de novo"))]).await.unwrap();
    store.fold_received_messages(100, now()).await.unwrap();
    let reopened = store.queue_away_answer(acme.id, conversation.id, &queued(sim.id, "Voltamos às 9h.")).await.unwrap();
    assert!(reopened.is_some(), "the conversation reopened by its customer gets it again");
}
