//! Labels: the company's, a name unique per company whatever its case and accents; conversations carry them
//! (read in every conversation read), are filtered by them, and lose them with the label; no
//! label or conversation of another company is reachable.

use blocopro_domain::audit::NewAuditEntry;
use blocopro_domain::channel::{ChannelKind, ChannelMessage};
use blocopro_domain::conversation::Conversation;
use blocopro_domain::label::{Label, LabelTag};
use blocopro_domain::user::Visibility;
use uuid::Uuid;

use crate::conformance::*;
use crate::{ConversationFilter, ConversationViewer, DeletedLabel, DynStore, PageRequest, StoreError};

fn label(name: &str, colour: &str) -> Label {
    Label { id: Uuid::now_v7(), name: name.into(), colour: colour.into(), created_at: now(), updated_at: now() }
}

fn names(labels: &[Label]) -> Vec<&str> {
    labels.iter().map(|label| label.name.as_str()).collect()
}

fn everything() -> ConversationViewer {
    ConversationViewer { sees_everything: true, user_id: None, visibility: Visibility::All }
}

pub async fn labels_are_the_companys_with_names_unique_in_any_case(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let log = || audit(acme.id, "label.changed", None);
    let vip = label("VIP", "blue");
    let boleto = label("boleto pendente", "#ff8800");
    let agua = label("Água", "teal");
    for created in [&vip, &boleto, &agua] {
        store.create_label(acme.id, created, &log()).await.unwrap();
    }
    let listed = store.list_labels(acme.id).await.unwrap();
    assert_eq!(names(&listed), vec!["Água", "boleto pendente", "VIP"], "by name, whatever its case and accents");
    assert_eq!(listed[2], vip, "read back as written");

    let taken = store.create_label(acme.id, &label("vip", "red"), &log()).await;
    assert!(matches!(taken, Err(StoreError::Duplicate { field: Some("name") })), "{taken:?}");
    let taken = store.create_label(acme.id, &label("AGUA", "red"), &log()).await;
    assert!(matches!(taken, Err(StoreError::Duplicate { field: Some("name") })), "nor accents: {taken:?}");

    let renamed = Label { name: "Cliente VIP".into(), colour: "grape".into(), updated_at: now(), ..vip.clone() };
    store.update_label(acme.id, &renamed, &log()).await.unwrap();
    assert_eq!(store.get_label(acme.id, vip.id).await.unwrap(), Some(renamed.clone()));
    let recased = Label { name: "CLIENTE vip".into(), ..renamed.clone() };
    store.update_label(acme.id, &recased, &log()).await.unwrap();
    let clash = Label { name: "Boleto Pendente".into(), ..renamed.clone() };
    let refused = store.update_label(acme.id, &clash, &log()).await;
    assert!(matches!(refused, Err(StoreError::Duplicate { field: Some("name") })), "{refused:?}");

    let globex = company(&store, "Globex").await;
    let globex_log = audit(globex.id, "label.changed", None);
    store.create_label(globex.id, &label("VIP", "blue"), &globex_log).await.unwrap();
    assert_eq!(names(&store.list_labels(globex.id).await.unwrap()), vec!["VIP"], "names are per company");
    assert_eq!(store.get_label(globex.id, boleto.id).await.unwrap(), None);
    let refused = store.update_label(globex.id, &Label { name: "Meu".into(), ..boleto.clone() }, &globex_log).await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "another company's");
    let refused = store.delete_label(globex.id, boleto.id, &|_: &Label| globex_log.clone()).await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "another company's");

    // The deletion reads what it deletes: the label as it was, for its audit entry and its answer.
    let gone_log = |gone: &Label| NewAuditEntry {
        summary: serde_json::json!({ "name": gone.name }),
        ..audit(acme.id, "label.deleted", Some(gone.id))
    };
    let deleted = store.delete_label(acme.id, boleto.id, &gone_log).await.unwrap();
    assert_eq!(deleted, DeletedLabel { label: boleto.clone(), conversations: vec![] });
    let logged = store.list_audit(acme.id, PageRequest::first(1)).await.unwrap();
    assert_eq!(logged.items[0].summary, serde_json::json!({ "name": "boleto pendente" }));
    assert_eq!(names(&store.list_labels(acme.id).await.unwrap()), vec!["Água", "CLIENTE vip"]);
    assert!(matches!(store.delete_label(acme.id, boleto.id, &|_: &Label| log()).await, Err(StoreError::NotFound)));
}

/// A conversation of the company per number, started by a message from it.
async fn conversations(store: &DynStore, company_id: Uuid, numbers: &[&str]) -> Vec<Conversation> {
    let sim = channel(store, company_id, "Simulador", ChannelKind::Simulator).await;
    let rows: Vec<(Uuid, ChannelMessage)> = numbers
        .iter()
        .map(|number| {
            let message = ChannelMessage {
                chat_id: (*number).into(),
                sender: (*number).into(),
                ..inbound(sim.id, &format!("m{number}"), "Oi")
            };
            (company_id, message)
        })
        .collect();
    store.insert_inbound_messages(&rows).await.unwrap();
    while !store.fold_received_messages(10, now()).await.unwrap().messages.is_empty() {}
    let mut found = Vec::new();
    for number in numbers {
        found.push(store.find_conversation_of_chat(sim.id, number).await.unwrap().unwrap());
    }
    found
}

fn tags(conversation: &Conversation) -> Vec<&str> {
    conversation.labels.iter().map(|tag| tag.name.as_str()).collect()
}

pub async fn conversations_carry_and_filter_by_their_labels(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let log = || audit(acme.id, "conversation.labels_set", None);
    let vip = label("VIP", "blue");
    let boleto = label("Boleto", "#ff8800");
    for created in [&vip, &boleto] {
        store.create_label(acme.id, created, &log()).await.unwrap();
    }
    let chats = conversations(&store, acme.id, &["+5511900000001", "+5511900000002", "+5511900000003"]).await;
    let (first, second) = (&chats[0], &chats[1]);
    assert!(first.labels.is_empty());

    let later = now() + jiff::SignedDuration::from_secs(5);
    store.set_conversation_labels(acme.id, first.id, &[vip.id, boleto.id], later, &log()).await.unwrap();
    store.set_conversation_labels(acme.id, second.id, &[vip.id], now(), &log()).await.unwrap();
    let read = store.get_conversation(acme.id, &everything(), first.id).await.unwrap().unwrap();
    assert_eq!(tags(&read), vec!["Boleto", "VIP"], "by name");
    assert_eq!(read.labels[1], LabelTag { id: vip.id, name: "VIP".into(), colour: "blue".into() });
    assert_eq!(read.updated_at, later, "a change of labels updates the conversation");
    let found = store.find_conversations(&[first.id, second.id]).await.unwrap();
    assert!(found.iter().all(|conversation| !conversation.labels.is_empty()), "events carry them too");

    let page = store
        .list_conversations(acme.id, &everything(), &ConversationFilter::default(), PageRequest::first(10))
        .await
        .unwrap();
    let listed: Vec<(Uuid, Vec<&str>)> = page.items.iter().map(|c| (c.id, tags(c))).collect();
    assert!(listed.contains(&(first.id, vec!["Boleto", "VIP"])) && listed.contains(&(second.id, vec!["VIP"])));
    assert!(listed.contains(&(chats[2].id, vec![])));
    let with = |label_id: Uuid| ConversationFilter { label_id: Some(label_id), ..Default::default() };
    let acme_id = acme.id;
    let filtered = |label_id| {
        let store = store.clone();
        async move {
            let (viewer, filter) = (everything(), with(label_id));
            let page = store.list_conversations(acme_id, &viewer, &filter, PageRequest::first(10)).await.unwrap();
            let mut ids: Vec<Uuid> = page.items.iter().map(|c| c.id).collect();
            ids.sort();
            ids
        }
    };
    let mut expected = vec![first.id, second.id];
    expected.sort();
    assert_eq!(filtered(vip.id).await, expected);
    assert_eq!(filtered(boleto.id).await, vec![first.id]);
    let mut labelled = store.conversations_labelled(acme.id, vip.id).await.unwrap();
    labelled.sort();
    assert_eq!(labelled, expected);

    // Replaced as a whole; an unknown (or another company's) label changes nothing.
    store.set_conversation_labels(acme.id, first.id, &[boleto.id], now(), &log()).await.unwrap();
    let globex = company(&store, "Globex").await;
    let theirs = label("Deles", "red");
    store.create_label(globex.id, &theirs, &audit(globex.id, "label.created", None)).await.unwrap();
    let refused = store.set_conversation_labels(acme.id, first.id, &[vip.id, theirs.id], now(), &log()).await;
    assert!(matches!(&refused, Err(StoreError::UnknownReferences(ids)) if ids == &vec![theirs.id]), "{refused:?}");
    let read = store.get_conversation(acme.id, &everything(), first.id).await.unwrap().unwrap();
    assert_eq!(tags(&read), vec!["Boleto"]);
    let refused = store.set_conversation_labels(globex.id, first.id, &[theirs.id], now(), &log()).await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "another company's conversation: {refused:?}");
    assert!(filtered(theirs.id).await.is_empty());
    assert!(store.conversations_labelled(globex.id, vip.id).await.unwrap().is_empty());

    // Deleting a label takes it off its conversations, and answers them.
    let deleted = store.delete_label(acme.id, boleto.id, &|_: &Label| log()).await.unwrap();
    assert_eq!(deleted.conversations, vec![first.id]);
    let read = store.get_conversation(acme.id, &everything(), first.id).await.unwrap().unwrap();
    assert!(read.labels.is_empty());
    assert!(filtered(boleto.id).await.is_empty());
    store.set_conversation_labels(acme.id, second.id, &[], now(), &log()).await.unwrap();
    assert!(filtered(vip.id).await.is_empty(), "an empty set takes every label off");
}
