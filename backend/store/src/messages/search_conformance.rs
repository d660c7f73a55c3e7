//! Searching messages: accents and case fold away, the last word is a prefix, results follow the
//! conversation visibility rule and the company, newest first in pages; a thread opens around a
//! message.

use blocopro_domain::channel::{ChannelKind, ChannelMessage};
use blocopro_domain::message::{MessageContent, MessageKind};
use blocopro_domain::message_search::MessageQuery;
use blocopro_domain::user::{User, Visibility};
use jiff::SignedDuration;
use uuid::Uuid;

use crate::conformance::*;
use crate::{ConversationFilter, ConversationViewer, DynStore, PageRequest};

fn said(channel_id: Uuid, chat_id: &str, text: &str, minutes_ago: i64) -> ChannelMessage {
    ChannelMessage {
        chat_id: chat_id.into(),
        sender: chat_id.into(),
        sent_at: now() - SignedDuration::from_mins(minutes_ago),
        ..inbound(channel_id, &format!("wamid.{}", Uuid::now_v7()), text)
    }
}

/// Stores received messages and folds them into their conversations.
async fn received(store: &DynStore, company_id: Uuid, messages: &[ChannelMessage]) {
    let rows: Vec<(Uuid, ChannelMessage)> = messages.iter().map(|message| (company_id, message.clone())).collect();
    store.insert_inbound_messages(&rows).await.unwrap();
    while !store.fold_received_messages(100, now()).await.unwrap().messages.is_empty() {}
}

fn everything() -> ConversationViewer {
    ConversationViewer { sees_everything: true, user_id: None, visibility: Visibility::All }
}

fn own(user: &User) -> ConversationViewer {
    ConversationViewer { sees_everything: false, user_id: Some(user.id), visibility: Visibility::Own }
}

/// The texts `viewer` finds for `typed`, newest first.
async fn found(store: &DynStore, company_id: Uuid, viewer: ConversationViewer, typed: &str) -> Vec<String> {
    let query = MessageQuery::parse(typed).unwrap();
    let page = store.search_messages(company_id, &viewer, &query, PageRequest::first(50)).await.unwrap();
    page.items.into_iter().map(|found| found.text).collect()
}

pub async fn messages_are_searched_folded_within_what_the_viewer_sees(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let ana = User { visibility: Visibility::Own, ..new_user(acme.id, "Ana", "ana-search@acme.test", false) };
    store.create_user(&ana, "hash", &audit(acme.id, "user.created", Some(ana.id))).await.unwrap();
    store.set_user_channels(acme.id, ana.id, &[sim.id], &audit(acme.id, "user.channels_set", None)).await.unwrap();
    let (hers, theirs) = ("+5511900000001", "+5511900000002");
    let photo = ChannelMessage {
        content: crate::messages::content_conformance::photo("Foto do boleto"),
        ..said(sim.id, theirs, "", 1)
    };
    received(
        &store,
        acme.id,
        &[
            said(sim.id, hers, "Olá João, sua ação foi aprovada", 5),
            said(sim.id, theirs, "JOAO pediu a nota fiscal", 4),
            said(sim.id, theirs, "Mariana quer saber do pedido", 3),
            photo,
        ],
    )
    .await;
    let filter = ConversationFilter::default();
    let conversations = store.list_conversations(acme.id, &everything(), &filter, PageRequest::first(10)).await;
    let conversations = conversations.unwrap().items;
    let her_conversation = conversations.iter().find(|c| c.chat_id == hers).unwrap();
    let routing = blocopro_domain::conversation::Routing { assigned_to: Some(ana.id), ..her_conversation.routing() };
    store.update_conversation_routing(acme.id, her_conversation.id, &routing, now(), None, None).await.unwrap();
    let note = ChannelMessage {
        chat_id: hers.into(),
        external_id: format!("note:{}", Uuid::now_v7()),
        sender: "Ana".into(),
        content: MessageContent { kind: MessageKind::Note, ..MessageContent::text("Lembrete: ligar para o João") },
        ..outbound(sim.id, "unused")
    };
    store.insert_note(acme.id, &note, ana.id).await.unwrap();
    // The same words in another company.
    let globex = company(&store, "Globex").await;
    let globex_sim = channel(&store, globex.id, "Simulador", ChannelKind::Simulator).await;
    received(&store, globex.id, &[said(globex_sim.id, hers, "João da Globex", 2)]).await;

    let all = everything();
    let joao = ["Lembrete: ligar para o João", "JOAO pediu a nota fiscal", "Olá João, sua ação foi aprovada"];
    assert_eq!(found(&store, acme.id, all, "joao").await, joao, "without accents, newest first, notes too");
    assert_eq!(found(&store, acme.id, all, "JOÃO").await, joao, "in capitals with accents");
    assert_eq!(found(&store, acme.id, all, "ACAO").await, ["Olá João, sua ação foi aprovada"]);
    assert_eq!(
        found(&store, acme.id, all, "joão aç").await,
        ["Olá João, sua ação foi aprovada"],
        "the last word a prefix"
    );
    assert_eq!(found(&store, acme.id, all, "nota fisc").await, ["JOAO pediu a nota fiscal"]);
    assert!(found(&store, acme.id, all, "fisc nota").await.is_empty(), "only the last word is a prefix");
    assert!(found(&store, acme.id, all, "ana").await.is_empty(), "words are not matched inside others");
    assert_eq!(found(&store, acme.id, all, "boleto").await, ["Foto do boleto"], "a file's caption");
    assert_eq!(found(&store, globex.id, all, "joao").await, ["João da Globex"], "each company its own");

    assert_eq!(
        found(&store, acme.id, own(&ana), "joao").await,
        ["Lembrete: ligar para o João", "Olá João, sua ação foi aprovada"],
        "only the conversations Ana sees"
    );
    let query = MessageQuery::parse("fiscal").unwrap();
    let page = store.search_messages(acme.id, &all, &query, PageRequest::first(10)).await.unwrap();
    let hit = &page.items[0];
    let theirs_conversation = conversations.iter().find(|c| c.chat_id == theirs).unwrap();
    assert_eq!(
        (hit.conversation_id, hit.title.as_str(), hit.channel_id, hit.kind),
        (theirs_conversation.id, theirs_conversation.title.as_str(), sim.id, MessageKind::Text)
    );
}

pub async fn message_search_pages_newest_first(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let messages: Vec<ChannelMessage> =
        (0..5).map(|n| said(sim.id, &format!("+55119000000{n:02}"), &format!("Boleto número {n}"), 10 - n)).collect();
    received(&store, acme.id, &messages).await;
    let query = MessageQuery::parse("boleto").unwrap();
    let mut texts = Vec::new();
    let mut after = None;
    loop {
        let page =
            store.search_messages(acme.id, &everything(), &query, PageRequest::new(Some(2), after)).await.unwrap();
        assert!(page.items.len() <= 2);
        texts.extend(page.items.into_iter().map(|found| found.text));
        match page.next_cursor {
            Some(cursor) => after = Some(cursor.parse().unwrap()),
            None => break,
        }
    }
    let newest_first: Vec<String> = (0..5).rev().map(|n| format!("Boleto número {n}")).collect();
    assert_eq!(texts, newest_first);
}

pub async fn a_thread_opens_around_a_message(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let chat = "+5511900000001";
    let messages: Vec<ChannelMessage> = (0..10).map(|n| said(sim.id, chat, &format!("m{n}"), 10 - n)).collect();
    received(&store, acme.id, &messages).await;
    let texts = |page: &crate::Page<ChannelMessage>| -> Vec<String> {
        page.items.iter().map(|message| message.content.text.clone()).collect()
    };
    let page = store.list_chat_messages_around(acme.id, sim.id, chat, messages[3].id, 4).await.unwrap().unwrap();
    assert_eq!(texts(&page), ["m5", "m4", "m3", "m2"], "half a page newer, then older");
    assert_eq!(page.next_cursor, Some(messages[2].id.to_string()), "older ones follow");
    let page = store.list_chat_messages_around(acme.id, sim.id, chat, messages[9].id, 4).await.unwrap().unwrap();
    assert_eq!(texts(&page), ["m9", "m8", "m7", "m6"], "the newest message starts the page");
    let other = store.list_chat_messages_around(acme.id, sim.id, "+5511900000002", messages[3].id, 4).await.unwrap();
    assert!(other.is_none(), "another chat's message");
    let globex = company(&store, "Globex").await;
    let theirs = store.list_chat_messages_around(globex.id, sim.id, chat, messages[3].id, 4).await.unwrap();
    assert!(theirs.is_none(), "another company's message");
}

/// Assigns the conversation of `chat_id` to `user`.
async fn assign(store: &DynStore, company_id: Uuid, chat_id: &str, user: &User) {
    let conversations = store
        .list_conversations(company_id, &everything(), &ConversationFilter::default(), PageRequest::first(10))
        .await
        .unwrap()
        .items;
    let conversation = conversations.iter().find(|c| c.chat_id == chat_id).unwrap();
    let routing = blocopro_domain::conversation::Routing { assigned_to: Some(user.id), ..conversation.routing() };
    store.update_conversation_routing(company_id, conversation.id, &routing, now(), None, None).await.unwrap();
}

/// Every text `viewer` finds for `typed`, page after page of `limit`.
async fn found_in_pages(
    store: &DynStore,
    company_id: Uuid,
    viewer: ConversationViewer,
    typed: &str,
    limit: u32,
) -> Vec<String> {
    let query = MessageQuery::parse(typed).unwrap();
    let (mut texts, mut after) = (Vec::new(), None);
    loop {
        let page = store.search_messages(company_id, &viewer, &query, PageRequest::new(Some(limit), after)).await;
        let page = page.unwrap();
        assert!(page.items.len() <= limit as usize);
        texts.extend(page.items.into_iter().map(|found| found.text));
        match page.next_cursor {
            Some(cursor) => after = Some(cursor.parse().unwrap()),
            None => return texts,
        }
    }
}

/// A search first checks the company's newest messages one by one (`SEARCH_WALK_PER_RESULT` for
/// each result asked for), and asks the index when they leave the page short: both find the same
/// messages, by the same rules, in the same order, and the cursor goes from one to the other.
pub async fn message_search_walks_the_newest_messages_then_asks_the_index(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let ana = User { visibility: Visibility::Own, ..new_user(acme.id, "Ana", "ana-walk@acme.test", false) };
    store.create_user(&ana, "hash", &audit(acme.id, "user.created", Some(ana.id))).await.unwrap();
    store.set_user_channels(acme.id, ana.id, &[sim.id], &audit(acme.id, "user.channels_set", None)).await.unwrap();
    let (hers, theirs) = ("+5511900000001", "+5511900000002");
    // A page of 2 walks 3 × SEARCH_WALK_PER_RESULT messages: more common ones than that are newer
    // than the rare ones, which only the index then finds.
    let walked = usize::try_from(3 * crate::messages::SEARCH_WALK_PER_RESULT).unwrap();
    let common = walked + 20;
    let mut texts: Vec<String> = vec!["Boleto antigo 1".into(), "Boleto antigo 2".into()];
    texts.extend((0..common).map(|n| format!("Entrega número {n}")));
    texts.extend(["Ana pediu a nota", "Ana pediu a nota de novo", "Ana pediu a nota outra vez"].map(String::from));
    texts.extend(
        ["Mariana pediu a nota fiscal", "Mariana quer a nota fiscal", "Mariana já tem a nota fiscal"].map(String::from),
    );
    let count = i64::try_from(texts.len()).unwrap();
    let messages: Vec<ChannelMessage> = texts
        .iter()
        .enumerate()
        .map(|(n, text)| {
            let n = i64::try_from(n).unwrap();
            said(sim.id, if n % 2 == 0 { hers } else { theirs }, text, count - n)
        })
        .collect();
    received(&store, acme.id, &messages).await;
    assign(&store, acme.id, hers, &ana).await;
    let newest_first = |keep: &dyn Fn(usize, &str) -> bool| -> Vec<String> {
        texts.iter().enumerate().rev().filter(|(n, text)| keep(*n, text)).map(|(_, text)| text.clone()).collect()
    };

    let all = everything();
    let entrega = newest_first(&|_, text| text.starts_with("Entrega"));
    assert_eq!(found_in_pages(&store, acme.id, all, "entrega", 2).await, entrega, "the walk's pages, then the index's");
    assert_eq!(found_in_pages(&store, acme.id, all, "entrega", 200).await, entrega, "one page");
    assert_eq!(
        found_in_pages(&store, acme.id, all, "boleto", 2).await,
        ["Boleto antigo 2", "Boleto antigo 1"],
        "older than the walk: the index"
    );
    assert_eq!(
        found_in_pages(&store, acme.id, own(&ana), "entrega", 2).await,
        newest_first(&|n, text| n % 2 == 0 && text.starts_with("Entrega")),
        "only the conversations Ana sees, walked too"
    );
    // The rules of words, where the walk fills the page.
    assert_eq!(
        found_in_pages(&store, acme.id, all, "ANA", 2).await,
        ["Ana pediu a nota outra vez", "Ana pediu a nota de novo", "Ana pediu a nota"],
        "whole words, not inside others"
    );
    assert_eq!(
        found_in_pages(&store, acme.id, all, "nota fisc", 2).await,
        ["Mariana já tem a nota fiscal", "Mariana quer a nota fiscal", "Mariana pediu a nota fiscal"],
        "the last word a prefix"
    );
    assert_eq!(
        found_in_pages(&store, acme.id, all, "ja", 2).await,
        ["Mariana já tem a nota fiscal"],
        "without accents"
    );
    assert!(found_in_pages(&store, acme.id, all, "fisc nota", 2).await.is_empty(), "only the last word is a prefix");
    assert!(found_in_pages(&store, acme.id, all, "pedi", 2).await.len() == 4, "a prefix of several words");
}

/// Messages of the same moment, or of the same millisecond, come in the order of their time and
/// then of their ids, whatever the order they were written in, on every page; here the index finds
/// them (the newest messages walked first hold none).
pub async fn message_search_orders_messages_of_one_moment_exactly(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let moment = jiff::Timestamp::from_millisecond(now().as_millisecond()).unwrap() - SignedDuration::from_hours(1);
    let at = |micros: i64| moment + SignedDuration::from_micros(micros);
    // Written newest id first: five of one instant, then two a few microseconds apart, the later one first.
    let mut tied: Vec<ChannelMessage> = (0..5)
        .map(|n| ChannelMessage { sent_at: at(0), ..said(sim.id, "+5511900000001", &format!("Recibo {n}"), 0) })
        .collect();
    tied.push(ChannelMessage { sent_at: at(700), ..said(sim.id, "+5511900000002", "Recibo tarde", 0) });
    tied.push(ChannelMessage { sent_at: at(300), ..said(sim.id, "+5511900000002", "Recibo cedo", 0) });
    tied.reverse();
    let walked = usize::try_from(3 * crate::messages::SEARCH_WALK_PER_RESULT).unwrap();
    let newer: Vec<ChannelMessage> =
        (0..walked).map(|n| said(sim.id, "+5511900000003", &format!("Entrega {n}"), 30)).collect();
    received(&store, acme.id, &tied).await;
    received(&store, acme.id, &newer).await;

    let mut expected: Vec<&ChannelMessage> = tied.iter().collect();
    expected.sort_by_key(|message| std::cmp::Reverse((message.sent_at, message.id)));
    let expected: Vec<String> = expected.iter().map(|message| message.content.text.clone()).collect();
    assert_eq!(expected[..2], ["Recibo tarde".to_owned(), "Recibo cedo".to_owned()]);
    for limit in [1, 2, 3, 50] {
        assert_eq!(found_in_pages(&store, acme.id, everything(), "recibo", limit).await, expected, "pages of {limit}");
    }
}

/// Matches spread over two years come newest first across the index's time buckets (PostgreSQL asks
/// its days in windows of 1, 2, 4… days, newest first): pages end inside a day, cursors sit in
/// older days, days next to each other and far apart are all read, each once, in order; the newest
/// messages, walked first, hold none of them.
pub async fn message_search_pages_across_days_newest_first(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let ana = User { visibility: Visibility::Own, ..new_user(acme.id, "Ana", "ana-days@acme.test", false) };
    store.create_user(&ana, "hash", &audit(acme.id, "user.created", Some(ana.id))).await.unwrap();
    store.set_user_channels(acme.id, ana.id, &[sim.id], &audit(acme.id, "user.channels_set", None)).await.unwrap();
    let (hers, theirs) = ("+5511900000001", "+5511900000002");
    // Days before the newest of them: several in one day, days side by side, gaps across the
    // windows' edges (1, 2–3, 4–7, 8–15, 16–31, 32–63, 64–127, 128–255, 256–511, 512–1023 days back),
    // nearly two years back.
    let days = [0, 0, 1, 2, 2, 2, 3, 4, 6, 7, 7, 8, 15, 16, 31, 32, 63, 64, 255, 700];
    let base = now() - SignedDuration::from_hours(2);
    let spread: Vec<ChannelMessage> = days
        .iter()
        .enumerate()
        .map(|(n, days_back)| {
            let n_i64 = i64::try_from(n).unwrap();
            let at = base - SignedDuration::from_hours(24 * days_back) - SignedDuration::from_mins(7 * n_i64);
            ChannelMessage {
                sent_at: at,
                ..said(sim.id, if n % 2 == 0 { hers } else { theirs }, &format!("Fatura {n} em aberto"), 0)
            }
        })
        .collect();
    let walked = usize::try_from(3 * crate::messages::SEARCH_WALK_PER_RESULT).unwrap();
    let newer: Vec<ChannelMessage> =
        (0..walked).map(|n| said(sim.id, "+5511900000003", &format!("Entrega {n}"), 30)).collect();
    // Written oldest day first, so that neither the ids nor the order of writing follow the days.
    let mut written = spread.clone();
    written.reverse();
    received(&store, acme.id, &written).await;
    received(&store, acme.id, &newer).await;
    assign(&store, acme.id, hers, &ana).await;

    let newest_first = |keep: &dyn Fn(&ChannelMessage) -> bool| -> Vec<String> {
        let mut kept: Vec<&ChannelMessage> = spread.iter().filter(|message| keep(message)).collect();
        kept.sort_by_key(|message| std::cmp::Reverse((message.sent_at, message.id)));
        kept.iter().map(|message| message.content.text.clone()).collect()
    };
    let all = newest_first(&|_| true);
    assert_eq!(all.first().map(String::as_str), Some("Fatura 0 em aberto"));
    assert_eq!(all.last().map(String::as_str), Some("Fatura 19 em aberto"));
    for limit in [1, 2, 3, 4, 7, 50] {
        assert_eq!(found_in_pages(&store, acme.id, everything(), "fatura", limit).await, all, "pages of {limit}");
    }
    assert_eq!(
        found_in_pages(&store, acme.id, everything(), "fatura 1", 2).await,
        ["Fatura 1 em aberto", "Fatura 10 em aberto", "Fatura 11 em aberto", "Fatura 12 em aberto"]
            .into_iter()
            .chain(["Fatura 13 em aberto", "Fatura 14 em aberto", "Fatura 15 em aberto", "Fatura 16 em aberto"])
            .chain(["Fatura 17 em aberto", "Fatura 18 em aberto", "Fatura 19 em aberto"])
            .collect::<Vec<_>>(),
        "the last word a prefix, day after day"
    );
    assert_eq!(
        found_in_pages(&store, acme.id, everything(), "fatura 19", 2).await,
        ["Fatura 19 em aberto"],
        "the oldest day alone"
    );
    assert_eq!(
        found_in_pages(&store, acme.id, own(&ana), "fatura", 3).await,
        newest_first(&|message| message.chat_id == hers),
        "only the conversations Ana sees, in every window"
    );
}
