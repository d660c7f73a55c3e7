//! Conversations folded from received messages, and the visibility matrix: what each user's query
//! answers must be exactly what `conversation::Viewer::sees` allows.
//! Greeting flows and the queue: flows keep their departments, waiting conversations are found and
//! handed out once, candidates carry presence and their last assignment.

use std::collections::BTreeSet;

use blocopro_domain::channel::{ChannelKind, ChannelMessage};
use blocopro_domain::contact::Contact;
use blocopro_domain::conversation::{Conversation, ConversationKind, ConversationStatus, Placement, Routing, Viewer};
use blocopro_domain::group::{GroupSettings, GroupSnapshot};
use blocopro_domain::presence::PresenceStatus;
use blocopro_domain::user::{User, Visibility};
use jiff::SignedDuration;
use uuid::Uuid;

use crate::conformance::*;
use crate::{
    ConversationChat, ConversationFilter, ConversationViewer, DynStore, MessageFilter, Page, PageRequest, Taking,
};

fn from(channel_id: Uuid, chat_id: &str, external_id: &str, minutes_ago: i64) -> ChannelMessage {
    ChannelMessage {
        chat_id: chat_id.into(),
        sender: if chat_id.ends_with("@g.us") { "+5511977770000".into() } else { chat_id.into() },
        sent_at: now() - SignedDuration::from_mins(minutes_ago),
        ..inbound(channel_id, external_id, &format!("Mensagem {external_id}"))
    }
}

async fn attendant(
    store: &DynStore,
    company_id: Uuid,
    name: &str,
    visibility: Visibility,
    departments: &[Uuid],
) -> User {
    let user = User {
        visibility,
        department_ids: departments.to_vec(),
        ..new_user(company_id, name, &format!("{}-conversations@acme.test", name.to_lowercase()), false)
    };
    store.create_user(&user, "hash", &audit(company_id, "user.created", Some(user.id))).await.unwrap();
    user
}

async fn listed(
    store: &DynStore,
    company_id: Uuid,
    viewer: ConversationViewer,
    filter: ConversationFilter,
    page: PageRequest,
) -> crate::Page<Conversation> {
    store.list_conversations(company_id, &viewer, &filter, page).await.unwrap()
}

/// Stores received messages and folds them, as the application's folding worker does.
async fn receive(store: &DynStore, rows: &[(Uuid, ChannelMessage)]) {
    store.insert_inbound_messages(rows).await.unwrap();
    while !store.fold_received_messages(2, now()).await.unwrap().messages.is_empty() {}
}

fn everything() -> ConversationViewer {
    ConversationViewer { sees_everything: true, user_id: None, visibility: Visibility::All }
}

pub async fn conversations_follow_received_messages(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let imported = snapshot("1@g.us", "Vendas", &[]);
    store.import_groups(acme.id, sim.id, &[imported], now(), &audit(acme.id, "groups.imported", None)).await.unwrap();
    let batch = [
        from(sim.id, "+5511900000001", "a1", 30),
        from(sim.id, "+5511900000001", "a2", 20),
        from(sim.id, "+5511900000002", "b1", 10),
        from(sim.id, "1@g.us", "g1", 5),
        from(sim.id, "2@g.us", "n1", 1),
    ];
    let rows: Vec<(Uuid, ChannelMessage)> = batch.iter().map(|message| (acme.id, message.clone())).collect();
    receive(&store, &rows).await;
    receive(&store, &rows[..1]).await;
    assert!(store.fold_received_messages(10, now()).await.unwrap().messages.is_empty(), "everything is folded once");

    let list = listed(&store, acme.id, everything(), ConversationFilter::default(), PageRequest::first(10)).await.items;
    let summary: Vec<(&str, ConversationKind, u32)> =
        list.iter().map(|c| (c.chat_id.as_str(), c.kind, c.unread_count)).collect();
    assert_eq!(
        summary,
        [
            ("1@g.us", ConversationKind::Group, 1),
            ("+5511900000002", ConversationKind::Direct, 1),
            ("+5511900000001", ConversationKind::Direct, 2),
        ],
        "newest activity first, a redelivery counts once, groups that are not imported start nothing"
    );
    let first = &list[2];
    assert_eq!(
        (first.status, first.last_message_preview.as_deref()),
        (ConversationStatus::Pending, Some("Mensagem a2"))
    );
    let contact = store.get_contact(acme.id, first.contact_id.unwrap()).await.unwrap().unwrap();
    assert_eq!(contact.phone, "+5511900000001", "a new number becomes a contact");
    let ids: Vec<Uuid> = list.iter().map(|c| c.id).collect();
    assert_eq!(store.find_conversations(&ids).await.unwrap().len(), 3);
    let of_chat = store.find_conversation_of_chat(sim.id, "+5511900000001").await.unwrap();
    assert_eq!(of_chat.as_ref(), Some(first), "the conversation of a chat, for events about its messages");
    assert!(store.find_conversation_of_chat(sim.id, "2@g.us").await.unwrap().is_none());
    assert!(list[0].group_id.is_some() && list[0].contact_id.is_none());

    let closed = blocopro_domain::conversation::Routing {
        status: ConversationStatus::Closed,
        unread_count: 0,
        ..first.routing()
    };
    store
        .update_conversation_routing(
            acme.id,
            first.id,
            &closed,
            now(),
            Some(&audit(acme.id, "conversation.closed", None)),
            None,
        )
        .await
        .unwrap();
    store.insert_inbound_messages(&[(acme.id, from(sim.id, "+5511900000001", "a3", 0))]).await.unwrap();
    let folded = store.fold_received_messages(10, now()).await.unwrap();
    assert_eq!((folded.messages.len(), folded.conversation_ids.as_slice()), (1, [first.id].as_slice()));
    let again = store.get_conversation(acme.id, &everything(), first.id).await.unwrap().unwrap();
    assert_eq!(
        (again.status, again.unread_count),
        (ConversationStatus::Pending, 1),
        "a closed conversation that hears again waits in the queue"
    );
    let only_groups = ConversationFilter { kind: Some(ConversationKind::Group), ..Default::default() };
    assert_eq!(listed(&store, acme.id, everything(), only_groups, PageRequest::first(10)).await.items.len(), 1);
    let with_contact = ConversationFilter { contact_id: first.contact_id, ..Default::default() };
    let contacts = listed(&store, acme.id, everything(), with_contact, PageRequest::first(10)).await.items;
    assert_eq!(contacts.iter().map(|c| c.id).collect::<Vec<_>>(), [first.id], "a contact's conversations");
    let page = listed(&store, acme.id, everything(), ConversationFilter::default(), PageRequest::first(2)).await;
    let cursor = page.next_cursor.map(|c| c.parse().unwrap());
    let rest = listed(&store, acme.id, everything(), ConversationFilter::default(), PageRequest::new(Some(2), cursor));
    assert_eq!(rest.await.items.len(), 1);

    let messages = |company_id: Uuid, page: PageRequest| {
        let store = store.clone();
        let id = first.id;
        async move { store.list_visible_conversation_messages(company_id, &everything(), id, page).await.unwrap() }
    };
    let external_ids =
        |page: &Page<ChannelMessage>| page.items.iter().map(|m| m.external_id.clone()).collect::<Vec<_>>();
    let newest = messages(acme.id, PageRequest::first(2)).await.expect("a conversation seen");
    assert_eq!(external_ids(&newest), ["a3", "a2"], "the conversation's messages, newest first");
    let cursor = newest.next_cursor.as_ref().map(|c| c.parse().unwrap());
    let older = messages(acme.id, PageRequest::new(Some(2), cursor)).await.unwrap();
    assert_eq!((external_ids(&older), older.next_cursor), (vec!["a1".to_owned()], None));
    let past_the_oldest = PageRequest::new(Some(1), Some(older.items[0].id));
    let nothing_older = messages(acme.id, past_the_oldest).await;
    assert!(nothing_older.is_some_and(|page| page.items.is_empty()), "an empty page of a conversation seen");

    let globex = company(&store, "Globex").await;
    let theirs = listed(&store, globex.id, everything(), ConversationFilter::default(), PageRequest::first(10));
    assert!(theirs.await.items.is_empty());
    assert_eq!(store.get_conversation(globex.id, &everything(), first.id).await.unwrap(), None);
    assert_eq!(store.find_visible_chat(globex.id, &everything(), first.id).await.unwrap(), None);
    assert!(messages(globex.id, PageRequest::first(10)).await.is_none(), "another company's conversation");
    assert!(messages(globex.id, past_the_oldest).await.is_none(), "another company's, past its oldest message");
}

pub async fn conversation_queries_follow_the_visibility_rule(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let other_channel = channel(&store, acme.id, "Outro", ChannelKind::Simulator).await;
    let (sales, finance) =
        (department(&store, acme.id, "Vendas").await, department(&store, acme.id, "Financeiro").await);
    let ana = attendant(&store, acme.id, "Ana", Visibility::Own, &[sales.id]).await;
    let bia = attendant(&store, acme.id, "Bia", Visibility::Departments, &[sales.id]).await;
    let caio = attendant(&store, acme.id, "Caio", Visibility::All, &[finance.id]).await;
    let davi = attendant(&store, acme.id, "Davi", Visibility::All, &[]).await;
    for user in [&ana, &bia, &caio] {
        store.set_user_channels(acme.id, user.id, &[sim.id], &audit(acme.id, "user.channels_set", None)).await.unwrap();
    }
    store.set_user_channels(acme.id, davi.id, &[other_channel.id], &audit(acme.id, "x", None)).await.unwrap();
    let groups =
        [snapshot("s@g.us", "Vendas", &[]), snapshot("f@g.us", "Financeiro", &[]), snapshot("n@g.us", "Geral", &[])];
    let imported = store.import_groups(acme.id, sim.id, &groups, now(), &audit(acme.id, "x", None)).await.unwrap();
    for (group, department_id) in imported.iter().zip([Some(sales.id), Some(finance.id), None]) {
        let settings = GroupSettings { department_id: Some(department_id), ..Default::default() };
        let no_audit = |_: &_, _: &_| audit(acme.id, "group.updated", None);
        store.update_group_settings(acme.id, group.id, &settings, now(), &no_audit).await.unwrap();
    }
    let chats = ["+5511900000001", "+5511900000002", "+5511900000003", "+5511900000004", "s@g.us", "f@g.us", "n@g.us"];
    // Each chat's message carries a photo: whoever sees the conversation may read it, nobody else.
    let rows: Vec<(Uuid, ChannelMessage)> = chats
        .iter()
        .enumerate()
        .map(|(n, chat)| {
            let photo = crate::messages::content_conformance::photo("");
            (acme.id, ChannelMessage { content: photo, ..from(sim.id, chat, &format!("m{n}"), n as i64) })
        })
        .collect();
    let photo_of = |chat: &str| {
        let (_, message) = rows.iter().find(|(_, message)| message.chat_id == chat).unwrap();
        message.content.media.as_ref().unwrap().id
    };
    receive(&store, &rows).await;
    let all = listed(&store, acme.id, everything(), ConversationFilter::default(), PageRequest::first(50)).await.items;
    let by_chat = |chat: &str| all.iter().find(|c| c.chat_id == chat).unwrap().clone();
    // 1: assigned to Ana; 2: in Ana's wallet; 3: in the sales queue; 4: assigned to Caio in finance.
    let route = |chat: &str, department_id: Option<Uuid>, assigned_to: Option<Uuid>| {
        let conversation = by_chat(chat);
        let routing = blocopro_domain::conversation::Routing { department_id, assigned_to, ..conversation.routing() };
        let store = store.clone();
        async move {
            store.update_conversation_routing(acme.id, conversation.id, &routing, now(), None, None).await.unwrap()
        }
    };
    route("+5511900000001", None, Some(ana.id)).await;
    route("+5511900000003", Some(sales.id), None).await;
    route("+5511900000004", Some(finance.id), Some(caio.id)).await;
    let wallet_contact = by_chat("+5511900000002").contact_id.unwrap();
    let contact = store.get_contact(acme.id, wallet_contact).await.unwrap().unwrap();
    store.update_contact(&Contact { owner_id: Some(ana.id), ..contact }, &audit(acme.id, "x", None)).await.unwrap();

    let all = listed(&store, acme.id, everything(), ConversationFilter::default(), PageRequest::first(50)).await.items;
    assert_eq!(all.len(), 7);
    for user in [&ana, &bia, &caio, &davi] {
        let channel_ids = store.user_channel_ids(acme.id, user.id).await.unwrap();
        let viewer = Viewer {
            user_id: user.id,
            is_admin: false,
            visibility: user.visibility,
            department_ids: user.department_ids.clone(),
            channel_ids,
        };
        let mut expected = BTreeSet::new();
        for conversation in &all {
            let owner = match conversation.contact_id {
                Some(id) => store.get_contact(acme.id, id).await.unwrap().and_then(|contact| contact.owner_id),
                None => None,
            };
            let placement = Placement {
                kind: conversation.kind,
                channel_id: conversation.channel_id,
                department_id: conversation.department_id,
                assigned_to: conversation.assigned_to,
                contact_owner: owner,
            };
            if viewer.sees(&placement) {
                expected.insert(conversation.chat_id.clone());
            }
        }
        let asked = ConversationViewer { sees_everything: false, user_id: Some(user.id), visibility: user.visibility };
        let listed = listed(&store, acme.id, asked, ConversationFilter::default(), PageRequest::first(50)).await;
        let listed: BTreeSet<String> = listed.items.into_iter().map(|c| c.chat_id).collect();
        assert_eq!(listed, expected, "{} ({:?})", user.name, user.visibility);
        for conversation in &all {
            let one = store.get_conversation(acme.id, &asked, conversation.id).await.unwrap();
            assert_eq!(
                one.is_some(),
                expected.contains(&conversation.chat_id),
                "{} / {}",
                user.name,
                conversation.chat_id
            );
            let chat = store.find_visible_chat(acme.id, &asked, conversation.id).await.unwrap();
            let where_it_is =
                ConversationChat { channel_id: conversation.channel_id, chat_id: conversation.chat_id.clone() };
            assert_eq!(chat, one.is_some().then_some(where_it_is), "{}'s chat of {}", user.name, conversation.chat_id);
            let file = store.find_visible_media(acme.id, &asked, photo_of(&conversation.chat_id)).await.unwrap();
            assert_eq!(file.is_some(), one.is_some(), "{}'s file of {}", user.name, conversation.chat_id);
            let page = PageRequest::first(50);
            let messages =
                store.list_visible_conversation_messages(acme.id, &asked, conversation.id, page).await.unwrap();
            let of_chat = MessageFilter { chat_id: Some(conversation.chat_id.clone()) };
            let chat_messages =
                store.list_channel_messages(acme.id, conversation.channel_id, &of_chat, page).await.unwrap();
            assert_eq!(
                messages.map(|page| page.items),
                one.is_some().then_some(chat_messages.items),
                "{}'s messages of {}",
                user.name,
                conversation.chat_id
            );
        }
    }
    let ana_sees = |chats: &[&str]| chats.iter().map(|chat| chat.to_string()).collect::<BTreeSet<_>>();
    let asked = ConversationViewer { sees_everything: false, user_id: Some(ana.id), visibility: Visibility::Own };
    let listed = listed(&store, acme.id, asked, ConversationFilter::default(), PageRequest::first(50)).await;
    let listed: BTreeSet<String> = listed.items.into_iter().map(|c| c.chat_id).collect();
    assert_eq!(listed, ana_sees(&["+5511900000001", "+5511900000002", "s@g.us", "n@g.us"]), "the matrix is not empty");
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
    for conversation in store.find_conversations(&folded.conversation_ids).await.unwrap() {
        let queued = Routing { department_id: Some(sales.id), ..conversation.routing() };
        store.update_conversation_routing(acme.id, conversation.id, &queued, now(), None, None).await.unwrap();
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

    let assigned_at = now();
    let assign = |id| store.assign_from_queue(acme.id, id, ana.id, assigned_at, &audit_entry);
    assert!(assign(waiting[0].id).await.unwrap());
    assert!(!assign(waiting[0].id).await.unwrap(), "once only");
    let candidates = store.queue_candidates(acme.id, sim.id, None).await.unwrap();
    assert_eq!(
        (candidates[0].presence, candidates[0].last_assigned_at),
        (Some(PresenceStatus::Online), Some(assigned_at))
    );
    let left = store.waiting_conversations(acme.id, 10).await.unwrap();
    assert_eq!(left.iter().map(|c| c.id).collect::<Vec<_>>(), [waiting[1].id]);

    let choosing = Routing { awaiting_choice: true, ..left[0].routing() };
    store.update_conversation_routing(acme.id, left[0].id, &choosing, now(), None, None).await.unwrap();
    assert!(store.waiting_conversations(acme.id, 10).await.unwrap().is_empty(), "choosing from the menu");
    assert!(!assign(left[0].id).await.unwrap());
    assert!(store.waiting_conversations(company(&store, "Globex").await.id, 10).await.unwrap().is_empty());
}

fn group_chats() -> ConversationFilter {
    ConversationFilter { kind: Some(ConversationKind::Group), ..Default::default() }
}

/// "Após importar, os grupos ficam disponíveis na área de Chat": each imported (or created) group
/// has its conversation at once, and keeps that one through a second import, a sync, its first
/// message and an un-import with its return.
pub async fn imported_groups_are_in_chat_before_their_first_message(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let imported_at = now();
    let groups = [snapshot("1@g.us", "Vendas", &[]), snapshot("2@g.us", "Avisos", &[])];
    let imported =
        store.import_groups(acme.id, sim.id, &groups, imported_at, &audit(acme.id, "x", None)).await.unwrap();
    let list = || listed(&store, acme.id, everything(), group_chats(), PageRequest::first(10));
    let first = list().await.items;
    let summary: Vec<_> = first
        .iter()
        .map(|c| (c.title.as_str(), c.status, c.unread_count, c.last_message_at, c.last_message_preview.clone()))
        .collect();
    assert_eq!(
        summary,
        [
            ("Avisos", ConversationStatus::Pending, 0, imported_at, None),
            ("Vendas", ConversationStatus::Pending, 0, imported_at, None),
        ],
        "waiting, nothing unread, the import as their last activity"
    );
    let sales = first.iter().find(|c| c.chat_id == "1@g.us").unwrap().clone();
    assert_eq!((sales.group_id, sales.contact_id, sales.assigned_to), (Some(imported[0].id), None, None));
    let chats = vec!["1@g.us".to_owned(), "2@g.us".to_owned(), "3@g.us".to_owned()];
    let of_chats = store.find_conversations_of_chats(sim.id, &chats).await.unwrap();
    assert_eq!(of_chats.len(), 2, "the conversations of the imported groups' chats");

    let later = imported_at + SignedDuration::from_mins(1);
    store.import_groups(acme.id, sim.id, &groups[..1], later, &audit(acme.id, "x", None)).await.unwrap();
    let renamed = GroupSnapshot { subject: "Vendas VIP".into(), ..groups[0].clone() };
    store.refresh_group(acme.id, sim.id, &renamed, later, &|_| audit(acme.id, "group.synced", None)).await.unwrap();
    let again = list().await.items;
    assert_eq!(again.len(), 2, "importing again or syncing opens no second conversation");
    let sales_again = again.iter().find(|c| c.id == sales.id).unwrap();
    assert_eq!((sales_again.title.as_str(), sales_again.last_message_at), ("Vendas VIP", imported_at));
    let created = snapshot("3@g.us", "Criado aqui", &[]);
    store.refresh_group(acme.id, sim.id, &created, later, &|_| audit(acme.id, "group.created", None)).await.unwrap();
    assert_eq!(list().await.items.len(), 3, "a group created from BlocoPro is in Chat too");

    // Its first message (sent before the import, as WhatsApp may deliver late) counts in the same one.
    let early =
        ChannelMessage { sent_at: imported_at - SignedDuration::from_mins(5), ..from(sim.id, "1@g.us", "g1", 5) };
    receive(&store, &[(acme.id, early)]).await;
    let heard = store.get_conversation(acme.id, &everything(), sales.id).await.unwrap().unwrap();
    assert_eq!(
        (heard.unread_count, heard.last_message_preview.as_deref(), heard.last_message_at),
        (1, Some("Mensagem g1"), imported_at - SignedDuration::from_mins(5)),
        "the first message is the conversation's last activity"
    );
    store.unimport_group(acme.id, imported[0].id, later, &audit(acme.id, "group.unimported", None)).await.unwrap();
    assert_eq!(list().await.items.len(), 2, "an un-imported group leaves Chat");
    store.import_groups(acme.id, sim.id, &groups[..1], later, &audit(acme.id, "x", None)).await.unwrap();
    let back = store.get_conversation(acme.id, &everything(), sales.id).await.unwrap().unwrap();
    assert_eq!((back.unread_count, back.last_message_preview.as_deref()), (1, Some("Mensagem g1")), "with its history");

    let globex = company(&store, "Globex").await;
    assert!(listed(&store, globex.id, everything(), group_chats(), PageRequest::first(10)).await.items.is_empty());
}

/// Answering a waiting conversation takes it, in the write that queues the answer; nothing else is
/// taken: a repeated answer, or a conversation someone else has.
pub async fn answering_a_waiting_conversation_takes_it(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let ana = user(&store, acme.id, "Ana", "ana-answers@acme.test", false).await;
    let bia = user(&store, acme.id, "Bia", "bia-answers@acme.test", false).await;
    receive(
        &store,
        &[(acme.id, from(sim.id, "+5511900000001", "w1", 1)), (acme.id, from(sim.id, "+5511900000002", "w2", 1))],
    )
    .await;
    let all = listed(&store, acme.id, everything(), ConversationFilter::default(), PageRequest::first(10)).await.items;
    let waiting = all.iter().find(|c| c.chat_id == "+5511900000001").unwrap().clone();
    let bias = all.iter().find(|c| c.chat_id == "+5511900000002").unwrap().clone();
    let hers = Routing { status: ConversationStatus::Open, assigned_to: Some(bia.id), ..bias.routing() };
    store.update_conversation_routing(acme.id, bias.id, &hers, now(), None, None).await.unwrap();
    let (company_id, channel_id, ana_id) = (acme.id, sim.id, ana.id);
    let answer = |conversation: &Conversation, key: &'static str| {
        let store = store.clone();
        let conversation = conversation.clone();
        async move {
            let message = ChannelMessage {
                chat_id: conversation.chat_id.clone(),
                ..crate::outbox::conformance::queued(channel_id, "Olá! Como posso ajudar?")
            };
            let routing =
                Routing { status: ConversationStatus::Open, assigned_to: Some(ana_id), ..conversation.routing() };
            let entry = audit(company_id, "conversation.assigned", Some(conversation.id));
            let taking = Taking { conversation_id: conversation.id, user_id: ana_id, routing: &routing, audit: &entry };
            store.enqueue_answer(company_id, &message, Some(key), &taking, now()).await.unwrap()
        }
    };
    let assignments = || async {
        let entries = store.list_audit(acme.id, PageRequest::first(50)).await.unwrap().items;
        entries.iter().filter(|entry| entry.action == "conversation.assigned").count()
    };

    let first = answer(&waiting, "answer-1").await;
    assert_eq!((first.new, first.taken), (true, true));
    let taken = store.get_conversation(acme.id, &everything(), waiting.id).await.unwrap().unwrap();
    assert_eq!((taken.status, taken.assigned_to), (ConversationStatus::Open, Some(ana.id)), "Em atendimento, hers");
    assert_eq!(taken.last_message_preview.as_deref(), Some("Olá! Como posso ajudar?"));
    assert_eq!(assignments().await, 1, "audited like taking it");
    let claimed =
        store.claim_outbound(Uuid::from_u128(1), now(), now() + SignedDuration::from_secs(60), 10).await.unwrap();
    assert_eq!(claimed.iter().map(|c| c.message.id).collect::<Vec<_>>(), [first.message.id], "the answer is queued");

    let repeated = answer(&waiting, "answer-1").await;
    assert_eq!((repeated.message.id, repeated.new, repeated.taken), (first.message.id, false, false));
    let others = answer(&bias, "answer-2").await;
    assert_eq!((others.new, others.taken), (true, false), "queued, but Bia's conversation stays hers");
    let still = store.get_conversation(acme.id, &everything(), bias.id).await.unwrap().unwrap();
    assert_eq!(still.assigned_to, Some(bia.id));
    assert_eq!(assignments().await, 1);
}
