//! Greeting flows and the queue: flows keep their departments, waiting conversations are found and
//! handed out once, candidates carry presence and their last assignment.

use blocopro_domain::channel::ChannelKind;
use blocopro_domain::conversation::Routing;
use blocopro_domain::flow::{Flow, FlowOption};
use blocopro_domain::presence::PresenceStatus;
use uuid::Uuid;

use super::{audit, channel, company, department, inbound, now, user};
use crate::{DynStore, StoreError};

pub async fn flows_keep_their_departments(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let sales = department(&store, acme.id, "Vendas").await;
    assert!(store.get_flow(acme.id, sim.id).await.unwrap().is_none());
    let option = FlowOption { number: 1, label: "Vendas".into(), department_id: sales.id };
    let flow = Flow { enabled: true, greeting: "Olá".into(), options: vec![option], ..Flow::off(acme.id, sim.id) };
    store.put_flow(&flow, &audit(acme.id, "channel.flow_set", Some(sim.id))).await.unwrap();
    assert_eq!(store.get_flow(acme.id, sim.id).await.unwrap(), Some(flow.clone()));

    let globex = company(&store, "Globex").await;
    let theirs = department(&store, globex.id, "Deles").await;
    let foreign =
        Flow { options: vec![FlowOption { department_id: theirs.id, ..flow.options[0].clone() }], ..flow.clone() };
    let refused = store.put_flow(&foreign, &audit(acme.id, "channel.flow_set", None)).await;
    assert!(matches!(refused, Err(StoreError::UnknownReferences(ids)) if ids == [theirs.id]));
    let elsewhere = Flow { company_id: globex.id, options: vec![], ..flow.clone() };
    let refused = store.put_flow(&elsewhere, &audit(globex.id, "channel.flow_set", None)).await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "another company's channel");
    assert!(store.get_flow(globex.id, sim.id).await.unwrap().is_none());

    let in_use = store.delete_department(acme.id, sales.id, &audit(acme.id, "department.deleted", None)).await;
    assert!(matches!(in_use, Err(StoreError::InUse { code: "department_in_flow", .. })));
    let without = Flow { enabled: false, options: vec![], ..flow };
    store.put_flow(&without, &audit(acme.id, "channel.flow_set", None)).await.unwrap();
    store.delete_department(acme.id, sales.id, &audit(acme.id, "department.deleted", None)).await.unwrap();
}

pub async fn the_queue_hands_out_waiting_conversations_once(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let sales = department(&store, acme.id, "Vendas").await;
    let ana = user(&store, acme.id, "Ana", "ana-queue@acme.test", false).await;
    let audit_entry = audit(acme.id, "linked", None);
    store.set_user_channels(acme.id, ana.id, &[sim.id], &audit_entry).await.unwrap();
    store.set_user_departments(acme.id, ana.id, &[sales.id], &audit_entry).await.unwrap();
    let first = inbound(sim.id, "q-1", "Oi");
    let second = blocopro_domain::channel::ChannelMessage {
        chat_id: "+5511900000002".into(),
        sender: "+5511900000002".into(),
        ..inbound(sim.id, "q-2", "Olá")
    };
    store.insert_inbound_messages(&[(acme.id, first), (acme.id, second)]).await.unwrap();
    let folded = store.fold_received_messages(10, now()).await.unwrap();
    assert_eq!(folded.started_ids.len(), 2, "both conversations start in this fold");
    assert!(store.waiting_conversations(acme.id, 10).await.unwrap().is_empty(), "no queue and no wallet owner");
    for conversation in store.conversations_by_id(&folded.conversation_ids).await.unwrap() {
        let queued = Routing { department_id: Some(sales.id), ..conversation.routing() };
        store.update_conversation_routing(acme.id, conversation.id, &queued, now(), None).await.unwrap();
    }
    let waiting = store.waiting_conversations(acme.id, 10).await.unwrap();
    assert_eq!(waiting.len(), 2);

    let candidates = store.queue_candidates(acme.id, sim.id, Some(sales.id)).await.unwrap();
    assert_eq!(candidates.len(), 1);
    assert_eq!(
        (candidates[0].auth.user.id, candidates[0].presence, candidates[0].last_assigned_at),
        (ana.id, None, None)
    );
    assert!(store.queue_candidates(acme.id, sim.id, Some(Uuid::now_v7())).await.unwrap().is_empty());
    store.set_presence(acme.id, ana.id, PresenceStatus::Online, now()).await.unwrap();

    let assign = |id| store.assign_from_queue(acme.id, id, ana.id, now(), &audit_entry);
    assert!(assign(waiting[0].id).await.unwrap());
    assert!(!assign(waiting[0].id).await.unwrap(), "once only");
    let candidates = store.queue_candidates(acme.id, sim.id, None).await.unwrap();
    assert_eq!((candidates[0].presence, candidates[0].last_assigned_at), (Some(PresenceStatus::Online), Some(now())));
    let left = store.waiting_conversations(acme.id, 10).await.unwrap();
    assert_eq!(left.iter().map(|c| c.id).collect::<Vec<_>>(), [waiting[1].id]);

    let choosing = Routing { awaiting_choice: true, ..left[0].routing() };
    store.update_conversation_routing(acme.id, left[0].id, &choosing, now(), None).await.unwrap();
    assert!(store.waiting_conversations(acme.id, 10).await.unwrap().is_empty(), "choosing from the menu");
    assert!(!assign(left[0].id).await.unwrap());
    assert!(store.waiting_conversations(company(&store, "Globex").await.id, 10).await.unwrap().is_empty());
}
