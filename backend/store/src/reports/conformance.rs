//! Reports read the company's attendants, with their access hours and the presence periods that
//! overlap the range, and nobody else's.

use blocopro_domain::access_hours::AccessHours;
use blocopro_domain::presence::PresenceStatus;
use jiff::SignedDuration;

use blocopro_domain::Timestamp;
use blocopro_domain::audit::NewAuditEntry;
use uuid::Uuid;

use crate::DynStore;
use crate::conformance::*;

pub async fn reports_read_the_companys_attendants_and_their_presence(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let globex = company(&store, "Globex").await;
    let bia = user(&store, acme.id, "Bia", "bia@acme.test", false).await;
    let ana = user(&store, acme.id, "Ana", "ana@acme.test", true).await;
    let theirs = user(&store, globex.id, "Gil", "gil@globex.test", false).await;
    let start = now() - SignedDuration::from_hours(10);
    let at = |hours: i64| start + SignedDuration::from_hours(hours);
    store.set_presence(acme.id, bia.id, PresenceStatus::Online, at(0)).await.unwrap();
    store.set_presence(acme.id, bia.id, PresenceStatus::Away, at(2)).await.unwrap();
    store.set_presence(acme.id, bia.id, PresenceStatus::Offline, at(3)).await.unwrap();
    store.set_presence(globex.id, theirs.id, PresenceStatus::Online, at(1)).await.unwrap();
    let hours = AccessHours { enabled: true, ..AccessHours::unrestricted("America/Sao_Paulo") };
    store
        .put_access_hours(acme.id, bia.id, &hours, &audit(acme.id, "user.access_hours_set", Some(bia.id)))
        .await
        .unwrap();

    let read = store.attendants_presence(acme.id, None, at(1), at(4)).await.unwrap();
    let names: Vec<&str> = read.iter().map(|attendant| attendant.name.as_str()).collect();
    assert_eq!(names, ["Ana", "Bia"], "the company's users, by name");
    assert_eq!(read[0].user_id, ana.id);
    assert!(read[0].periods.is_empty() && read[0].is_admin && read[0].access_hours.is_none());
    let statuses: Vec<PresenceStatus> = read[1].periods.iter().map(|period| period.status).collect();
    assert_eq!(
        statuses,
        [PresenceStatus::Online, PresenceStatus::Away, PresenceStatus::Offline],
        "overlapping, oldest first"
    );
    assert_eq!(read[1].access_hours, Some(hours));

    let later = store.attendants_presence(acme.id, Some(bia.id), at(5), at(6)).await.unwrap();
    assert_eq!(later.len(), 1);
    assert_eq!(later[0].periods.len(), 1, "the offline period still open");
    assert!(store.attendants_presence(acme.id, Some(theirs.id), at(0), at(9)).await.unwrap().is_empty());
    let others = store.attendants_presence(globex.id, None, at(0), at(9)).await.unwrap();
    assert_eq!((others.len(), others[0].periods.len()), (1, 1));
}

/// A day of one conversation, at controlled times: received at 12:00 (UTC), routed to Vendas by
/// the menu, answered (and so taken) by Ana at 12:05, closed by Bia at 13:00; reopened by the
/// contact at 14:00 and answered by Ana at 14:02. Another contact waits since 15:00.
pub async fn service_events_are_written_with_the_changes_they_record(store: DynStore) {
    use blocopro_domain::audit::{Actor, ActorKind};
    use blocopro_domain::channel::{ChannelKind, ChannelMessage, MessageDirection};
    use blocopro_domain::conversation::{ConversationStatus, Routing};
    use blocopro_domain::reports::CalendarSpan;
    use blocopro_domain::reports::service::{
        EventCount, EventDuration, MessageCount, ServiceEventKind::*, ServiceGrouping,
    };

    use crate::{QueueWaiting, Taking};

    let acme = company(&store, "Acme").await;
    let globex = company(&store, "Globex").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let theirs = channel(&store, globex.id, "Deles", ChannelKind::Simulator).await;
    let sales = department(&store, acme.id, "Vendas").await;
    let ana = user(&store, acme.id, "Ana", "ana-service@acme.test", false).await;
    let bia = user(&store, acme.id, "Bia", "bia-service@acme.test", false).await;
    let day: Timestamp = "2026-11-30T12:00:00Z".parse().unwrap();
    let at = |minutes: i64| day + SignedDuration::from_mins(minutes);
    let receive = |company_id: Uuid, channel_id: Uuid, chat: &'static str, minutes: i64| {
        let store = store.clone();
        async move {
            let message = ChannelMessage {
                chat_id: chat.into(),
                sender: chat.into(),
                sent_at: at(minutes),
                created_at: at(minutes),
                ..crate::messages::conformance::inbound(channel_id, &format!("{chat}-{minutes}"), "Oi")
            };
            store.insert_inbound_messages(&[(company_id, message)]).await.unwrap();
            while !store.fold_received_messages(10, at(minutes)).await.unwrap().messages.is_empty() {}
        }
    };
    let by = |user_id: Uuid, action: &'static str, target: Uuid| NewAuditEntry {
        actor: Actor { kind: ActorKind::User, id: Some(user_id) },
        ..audit(acme.id, action, Some(target))
    };

    receive(acme.id, sim.id, "+5511900000001", 0).await;
    receive(globex.id, theirs.id, "+5511900000009", 0).await;
    let conversation = store.find_conversation_of_chat(sim.id, "+5511900000001").await.unwrap().unwrap();
    let chosen = Routing { department_id: Some(sales.id), ..conversation.routing() };
    store.update_conversation_routing(acme.id, conversation.id, &chosen, at(1), None, None).await.unwrap();
    let answer = ChannelMessage {
        chat_id: conversation.chat_id.clone(),
        created_at: at(5),
        sent_at: at(5),
        ..crate::outbox::conformance::queued(sim.id, "Olá!")
    };
    let taken = Routing { status: ConversationStatus::Open, assigned_to: Some(ana.id), ..chosen };
    let entry = by(ana.id, "conversation.assigned", conversation.id);
    let taking = Taking { conversation_id: conversation.id, user_id: ana.id, routing: &taken, audit: &entry };
    assert!(store.enqueue_answer(acme.id, &answer, None, &taking, at(5)).await.unwrap().taken);
    let closed = Routing { status: ConversationStatus::Closed, ..taken };
    let entry = by(bia.id, "conversation.closed", conversation.id);
    store.update_conversation_routing(acme.id, conversation.id, &closed, at(60), Some(&entry), None).await.unwrap();
    receive(acme.id, sim.id, "+5511900000001", 120).await;
    let again = ChannelMessage {
        chat_id: conversation.chat_id.clone(),
        created_at: at(122),
        sent_at: at(122),
        ..crate::outbox::conformance::queued(sim.id, "De volta!")
    };
    store.enqueue_outbound(acme.id, &again, None, Some(ana.id)).await.unwrap();
    let later =
        ChannelMessage { created_at: at(125), sent_at: at(125), ..crate::outbox::conformance::queued(sim.id, "Mais") };
    let later = ChannelMessage { chat_id: conversation.chat_id.clone(), ..later };
    store.enqueue_outbound(acme.id, &later, None, Some(ana.id)).await.unwrap();
    receive(acme.id, sim.id, "+5511900000002", 180).await;
    // A group's message counts in no service figure.
    let in_group = ChannelMessage {
        chat_id: "120363000000000001@g.us".into(),
        sent_at: at(30),
        created_at: at(30),
        ..crate::messages::conformance::inbound(sim.id, "group-30", "Bom dia, grupo")
    };
    store.insert_inbound_messages(&[(acme.id, in_group)]).await.unwrap();

    // Until 13:30, and after.
    let spans = [
        CalendarSpan { first_day: "2026-11-30".parse().unwrap(), start: at(-720), end: at(90) },
        CalendarSpan { first_day: "2026-12-01".parse().unwrap(), start: at(90), end: at(720) },
    ];
    let mut counts = store.service_event_counts(acme.id, &spans, ServiceGrouping::Department).await.unwrap();
    counts.sort_by_key(|count| (count.span, count.key, count.kind.as_str()));
    let count = |span, key, kind, count| EventCount { span, key, kind, count };
    let vendas = Some(sales.id);
    assert_eq!(
        counts,
        [
            count(0, vendas, Closed, 1),
            count(0, vendas, Received, 1),
            count(0, vendas, Responded, 1),
            count(0, vendas, Taken, 1),
            count(1, None, Received, 1),
            count(1, vendas, Received, 1),
            count(1, vendas, Responded, 1),
        ],
        "the menu's choice moves the cycle's reception to Vendas; the reopened cycle's first answer only"
    );
    let mut durations = store.service_durations(acme.id, &spans, ServiceGrouping::Attendant).await.unwrap();
    durations.sort_by_key(|duration| (duration.span, duration.kind.as_str()));
    let took = |span, key: Uuid, kind, seconds| EventDuration { span, key: Some(key), kind, seconds };
    assert_eq!(
        durations,
        [took(0, bia.id, Closed, 3600), took(0, ana.id, Responded, 300), took(1, ana.id, Responded, 120)],
        "closed by Bia an hour after it came; answered in 5 minutes, then in 2 from the reopening"
    );
    let mut messages = store.service_message_counts(acme.id, &spans, ServiceGrouping::Channel).await.unwrap();
    messages.sort_by_key(|count| (count.span, count.direction.as_str()));
    let sent = |span, direction, count| MessageCount { span, key: Some(sim.id), direction, count };
    use MessageDirection::{Inbound, Outbound};
    assert_eq!(messages, [sent(0, Inbound, 1), sent(0, Outbound, 1), sent(1, Inbound, 2), sent(1, Outbound, 2)]);
    let mut per_department = store.service_message_counts(acme.id, &spans, ServiceGrouping::Department).await.unwrap();
    per_department.sort_by_key(|count| (count.span, count.direction.as_str(), count.key));
    let of = |span, key, direction, count| MessageCount { span, key, direction, count };
    assert_eq!(
        per_department,
        [
            of(0, vendas, Inbound, 1),
            of(0, vendas, Outbound, 1),
            of(1, None, Inbound, 1),
            of(1, vendas, Inbound, 1),
            of(1, vendas, Outbound, 2)
        ],
        "in the conversation's department when written; the menu's choice takes its cycle's messages along"
    );
    let written = store.service_message_counts(acme.id, &spans, ServiceGrouping::Attendant).await.unwrap();
    let written: Vec<(usize, Option<Uuid>, i64)> =
        written.iter().map(|count| (count.span, count.key, count.count)).collect();
    assert_eq!(written.len(), 4, "{written:?}");
    assert!(written.contains(&(0, Some(ana.id), 1)) && written.contains(&(1, Some(ana.id), 2)), "{written:?}");
    assert!(written.contains(&(0, None, 1)) && written.contains(&(1, None, 2)), "received, nobody's: {written:?}");

    let queues = store.queues_waiting(acme.id).await.unwrap();
    assert_eq!(queues, [QueueWaiting { department_id: None, waiting: 1, oldest_since: at(180) }]);
    let names = store.service_group_names(acme.id, ServiceGrouping::Department).await.unwrap();
    assert_eq!(names, [(sales.id, "Vendas".to_owned())]);
    let others = store.service_event_counts(globex.id, &spans, ServiceGrouping::Channel).await.unwrap();
    assert_eq!(others, [count(0, Some(theirs.id), Received, 1)], "Globex's own, only");

    // Moved to another department (no longer waiting): what was written stays in Vendas.
    let finance = department(&store, acme.id, "Financeiro").await;
    let conversation = store.find_conversation_of_chat(sim.id, "+5511900000001").await.unwrap().unwrap();
    let moved = Routing { department_id: Some(finance.id), ..conversation.routing() };
    store.update_conversation_routing(acme.id, conversation.id, &moved, at(200), None, None).await.unwrap();
    receive(acme.id, sim.id, "+5511900000001", 210).await;
    let mut per_department = store.service_message_counts(acme.id, &spans, ServiceGrouping::Department).await.unwrap();
    per_department.sort_by_key(|count| (count.span, count.direction.as_str(), count.key));
    let mut expected = vec![
        of(0, vendas, Inbound, 1),
        of(0, vendas, Outbound, 1),
        of(1, None, Inbound, 1),
        of(1, vendas, Inbound, 1),
        of(1, Some(finance.id), Inbound, 1),
        of(1, vendas, Outbound, 2),
    ];
    expected.sort_by_key(|count| (count.span, count.direction.as_str(), count.key));
    assert_eq!(per_department, expected, "a later message counts in Financeiro, the earlier ones stay");
}

/// The service report's message counts follow what happens to a message after it is written: an
/// answer sent later than it was queued counts when it was sent, a removed department's messages count
/// in none; and they read the same whether or not the spans start and end on quarter hours (SQLite
/// keeps counts per quarter hour, and counts the messages themselves for other spans).
pub async fn service_message_counts_follow_later_changes(store: DynStore) {
    use blocopro_domain::channel::{ChannelKind, ChannelMessage, MessageDirection::*};
    use blocopro_domain::conversation::Routing;
    use blocopro_domain::reports::CalendarSpan;
    use blocopro_domain::reports::service::{MessageCount, ServiceGrouping};

    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let sales = department(&store, acme.id, "Vendas").await;
    let ana = user(&store, acme.id, "Ana", "ana-counts@acme.test", false).await;
    let day: Timestamp = "2026-11-30T12:00:00Z".parse().unwrap();
    let at = |minutes: i64| day + SignedDuration::from_mins(minutes);
    let chat = "+5511900000001";
    let received = ChannelMessage {
        chat_id: chat.into(),
        sender: chat.into(),
        sent_at: at(0),
        created_at: at(0),
        ..crate::messages::conformance::inbound(sim.id, "counts-0", "Oi")
    };
    store.insert_inbound_messages(&[(acme.id, received)]).await.unwrap();
    while !store.fold_received_messages(10, at(0)).await.unwrap().messages.is_empty() {}
    let conversation = store.find_conversation_of_chat(sim.id, chat).await.unwrap().unwrap();
    let routed = Routing { department_id: Some(sales.id), ..conversation.routing() };
    store.update_conversation_routing(acme.id, conversation.id, &routed, at(1), None, None).await.unwrap();
    let answer = ChannelMessage {
        chat_id: chat.into(),
        created_at: at(5),
        sent_at: at(5),
        ..crate::outbox::conformance::queued(sim.id, "Olá!")
    };
    let (answer, _) = store.enqueue_outbound(acme.id, &answer, None, Some(ana.id)).await.unwrap();

    // Until 13:30, and after; the same moments a second off the quarter hours.
    let on_quarters = [
        CalendarSpan { first_day: "2026-11-30".parse().unwrap(), start: at(-720), end: at(90) },
        CalendarSpan { first_day: "2026-12-01".parse().unwrap(), start: at(90), end: at(720) },
    ];
    let second = SignedDuration::from_secs(1);
    let off_quarters =
        on_quarters.map(|span| CalendarSpan { start: span.start + second, end: span.end + second, ..span });
    let counts = |by: ServiceGrouping| {
        let store = store.clone();
        async move {
            let mut read = Vec::new();
            for spans in [&on_quarters, &off_quarters] {
                let mut counts = store.service_message_counts(acme.id, spans, by).await.unwrap();
                counts.sort_by_key(|count| (count.span, count.direction.as_str(), count.key));
                read.push(counts);
            }
            assert_eq!(read[0], read[1], "{by:?} on quarter hours and off them");
            read.swap_remove(0)
        }
    };
    let of = |span, key, direction, count| MessageCount { span, key, direction, count };
    let vendas = Some(sales.id);
    assert_eq!(counts(ServiceGrouping::Department).await, [of(0, vendas, Inbound, 1), of(0, vendas, Outbound, 1)]);

    store.mark_outbound_sent(answer.id, "wamid.counts-sent", at(95)).await.unwrap().unwrap();
    assert_eq!(
        counts(ServiceGrouping::Attendant).await,
        [of(0, None, Inbound, 1), of(1, Some(ana.id), Outbound, 1)],
        "queued at 12:05, sent at 13:35: counted when sent"
    );

    store.delete_department(acme.id, sales.id, &audit(acme.id, "department.deleted", Some(sales.id))).await.unwrap();
    assert_eq!(
        counts(ServiceGrouping::Department).await,
        [of(0, None, Inbound, 1), of(1, None, Outbound, 1)],
        "a removed department's messages count in no department"
    );
}

/// Acme's group "Vendas" and Globex's "Deles" (the same WhatsApp id on each company's channel), written in at
/// controlled times around 13:00 (UTC); a contact starts a direct conversation at 12:00. Ana is linked to no channel.
pub async fn volume_and_group_reports_count_the_companys_own(store: DynStore) {
    use blocopro_domain::channel::{ChannelKind, ChannelMessage};
    use blocopro_domain::reports::CalendarSpan;
    use blocopro_domain::reports::groups::GroupMessageCount;
    use blocopro_domain::reports::volume::{SLOT_SECONDS, SlotCount};

    use crate::groups::conformance::snapshot;

    let acme = company(&store, "Acme").await;
    let globex = company(&store, "Globex").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let theirs = channel(&store, globex.id, "Deles", ChannelKind::Simulator).await;
    let ana = user(&store, acme.id, "Ana", "ana-groups@acme.test", false).await;
    let members = [("+5511900000001", true)];
    let imported = |company_id: Uuid, channel_id: Uuid, subject: &'static str| {
        let store = store.clone();
        async move {
            let audit = audit(company_id, "groups.imported", None);
            let group = snapshot("120363000000000001@g.us", subject, &members);
            store.import_groups(company_id, channel_id, &[group], now(), &audit).await.unwrap().remove(0)
        }
    };
    let vendas = imported(acme.id, sim.id, "Vendas").await;
    let deles = imported(globex.id, theirs.id, "Deles").await;
    let day: Timestamp = "2026-11-30T12:00:00Z".parse().unwrap();
    let at = |minutes: i64| day + SignedDuration::from_mins(minutes);
    let write = |company_id: Uuid, channel_id: Uuid, chat: &'static str, sender: &'static str, minutes: i64| {
        let store = store.clone();
        async move {
            let message = ChannelMessage {
                chat_id: chat.into(),
                sender: sender.into(),
                sent_at: at(minutes),
                created_at: at(minutes),
                ..crate::messages::conformance::inbound(channel_id, &format!("{sender}-{minutes}"), "Oi")
            };
            store.insert_inbound_messages(&[(company_id, message)]).await.unwrap();
            while !store.fold_received_messages(10, at(minutes)).await.unwrap().messages.is_empty() {}
        }
    };
    let group = "120363000000000001@g.us";
    write(acme.id, sim.id, "+5511900000009", "+5511900000009", 0).await;
    write(acme.id, sim.id, group, "+5511900000001", 50).await;
    write(acme.id, sim.id, group, "+5511900000002", 55).await;
    write(acme.id, sim.id, group, "+5511900000001", 70).await;
    write(globex.id, theirs.id, group, "+5511900000001", 50).await;

    let started = store.conversations_started(acme.id, at(-60), at(60)).await.unwrap();
    assert_eq!(started, [SlotCount { slot: at(0).as_second() / SLOT_SECONDS, count: 1 }], "the direct one only");
    assert!(store.conversations_started(acme.id, at(1), at(60)).await.unwrap().is_empty());
    assert!(store.conversations_started(globex.id, at(-60), at(60)).await.unwrap().is_empty());

    assert_eq!(store.report_groups(acme.id, None).await.unwrap(), [(vendas.id, "Vendas".to_owned())]);
    assert!(store.report_groups(acme.id, Some(ana.id)).await.unwrap().is_empty(), "none of Ana's channels");
    let spans = [
        CalendarSpan { first_day: "2026-11-30".parse().unwrap(), start: at(-720), end: at(60) },
        CalendarSpan { first_day: "2026-12-01".parse().unwrap(), start: at(60), end: at(720) },
    ];
    let mut counts = store.group_message_counts(acme.id, &spans, None).await.unwrap();
    counts.sort_by_key(|count| count.span);
    let count = |span, count| GroupMessageCount { span, group_id: vendas.id, count };
    assert_eq!(counts, [count(0, 2), count(1, 1)], "Globex's message and the direct one left out");
    assert!(store.group_message_counts(acme.id, &spans, Some(ana.id)).await.unwrap().is_empty());

    let mut senders = store.group_sender_counts(acme.id, at(-720), at(720), None, None).await.unwrap();
    senders.sort_by(|a, b| a.number.cmp(&b.number));
    let read: Vec<(Uuid, &str, i64)> = senders.iter().map(|s| (s.group_id, s.number.as_str(), s.count)).collect();
    assert_eq!(read, [(vendas.id, "+5511900000001", 2), (vendas.id, "+5511900000002", 1)]);
    let member = store.group_members(acme.id, vendas.id).await.unwrap().remove(0);
    assert_eq!(senders[0].contact_id, Some(member.contact_id), "the participant's contact");
    let only = store.group_sender_counts(acme.id, at(60), at(720), Some(vendas.id), None).await.unwrap();
    assert_eq!(only.iter().map(|s| s.count).collect::<Vec<_>>(), [1]);
    assert!(store.group_sender_counts(acme.id, at(-720), at(720), Some(deles.id), None).await.unwrap().is_empty());
    assert!(store.group_sender_counts(acme.id, at(-720), at(720), None, Some(ana.id)).await.unwrap().is_empty());
}
