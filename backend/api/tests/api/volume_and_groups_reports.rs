//! The volume and groups reports (issue 19.3, 19.4) through the real application on both
//! databases, against hand-computed figures: conversations started at controlled times around São
//! Paulo's midnight and on New York's fall-back night, laid out per weekday and hour; messages
//! written in seeded companies' imported groups per day and writer; who may read them; another
//! company's data never counted.

use crate::common;

use blocopro_connectors::{ConnectorEvent, ConnectorEventKind, InboundMessage};
use blocopro_domain::Timestamp;
use blocopro_domain::audit::{Actor, ActorKind, NewAuditEntry};
use blocopro_domain::conversation::{ConversationStatus, Routing};
use blocopro_domain::message::MessageContent;
use common::tenants::Tenant;
use common::{Backend, TestApp};
use serde_json::{Value, json};
use uuid::Uuid;

on_both_backends!(
    volume_counts_conversations_started_per_local_weekday_and_hour,
    group_messages_count_per_day_in_the_companys_zone_and_per_writer,
    volume_and_group_reports_are_for_who_may_read_them
);

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// A contact writes on a new simulator; answers the conversation's id.
async fn a_conversation(app: &TestApp, admin: &str, from: &str) -> Uuid {
    let (channel, _) = app.paired_simulator(admin).await;
    let inbound = json!({ "from": from, "text": "Oi, preciso de ajuda" });
    let received = app.post(&format!("/api/v1/simulator/channels/{channel}/inbound"), Some(admin), inbound).await;
    assert_eq!(received.status, 202, "{}", received.body);
    app.first_conversation(admin).await["id"].as_str().unwrap().parse().unwrap()
}

/// The conversation is closed a minute before each of `times` and reopened then: each reopening
/// starts a service cycle (a conversation started), at a controlled time.
async fn started_at(app: &TestApp, admin: &str, company_id: Uuid, id: Uuid, times: &[&str]) {
    let me = app.get("/api/v1/me", admin).await.body;
    let admin_id: Uuid = me["user"]["id"].as_str().unwrap().parse().unwrap();
    let conversation = app.store.find_conversations(&[id]).await.unwrap().pop().unwrap();
    let by_admin = |action: &'static str| NewAuditEntry {
        company_id,
        actor: Actor { kind: ActorKind::User, id: Some(admin_id) },
        action,
        target_type: "conversation",
        target_id: Some(id),
        summary: json!({}),
    };
    let route =
        |status| Routing { status, assigned_to: Some(admin_id), awaiting_choice: false, ..conversation.routing() };
    for time in times {
        let reopened = at(time);
        let closed_at = reopened - jiff::SignedDuration::from_mins(1);
        let (closed, open) = (route(ConversationStatus::Closed), route(ConversationStatus::Open));
        let audit = by_admin("conversation.closed");
        app.store.update_conversation_routing(company_id, id, &closed, closed_at, Some(&audit), None).await.unwrap();
        let audit = by_admin("conversation.reopened");
        app.store.update_conversation_routing(company_id, id, &open, reopened, Some(&audit), None).await.unwrap();
    }
}

/// The heatmap's row of `weekday`.
fn day<'a>(report: &'a Value, weekday: &str) -> &'a Value {
    let days = report["days"].as_array().unwrap();
    days.iter().find(|day| day["weekday"] == weekday).unwrap_or_else(|| panic!("no {weekday}: {report}"))
}

/// 24 hours, all zero but `hours`.
fn hours(counts: &[(usize, i64)]) -> Value {
    let mut row = vec![0; 24];
    for &(hour, count) in counts {
        row[hour] = count;
    }
    json!(row)
}

async fn volume_counts_conversations_started_per_local_weekday_and_hour(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let id = a_conversation(&app, &admin, "+5511977776666").await;
    started_at(
        &app,
        &admin,
        app.company_id,
        id,
        &[
            // Sunday 1 November, New York's fall-back night: 01:30 EDT, then 01:30 EST.
            "2026-11-01T05:30:00Z",
            "2026-11-01T06:30:00Z",
            // Saturday 28th, 23:59 in São Paulo: before the range.
            "2026-11-29T02:59:00Z",
            // Sunday 29th, 23:30 in São Paulo (UTC's Monday).
            "2026-11-30T02:30:00Z",
            // Monday 30th, 09:10 and 09:40.
            "2026-11-30T12:10:00Z",
            "2026-11-30T12:40:00Z",
            // Tuesday 1 December, 00:05: after the range.
            "2026-12-01T03:05:00Z",
        ],
    )
    .await;
    let (globex_id, globex) = app.other_company("Globex", "admin@globex.test").await;
    let theirs = a_conversation(&app, &globex, "+5511955554444").await;
    started_at(&app, &globex, globex_id, theirs, &["2026-11-30T12:15:00Z"]).await;

    let report = app.get("/api/v1/reports/volume?from=2026-11-29&to=2026-11-30", &admin).await;
    assert_eq!(report.status, 200, "{}", report.body);
    let body = &report.body;
    assert_eq!((&body["timezone"], &body["total"], &body["max"]), (&json!("America/Sao_Paulo"), &json!(3), &json!(2)));
    let weekdays: Vec<&Value> = body["days"].as_array().unwrap().iter().map(|day| &day["weekday"]).collect();
    assert_eq!(weekdays, ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]);
    assert_eq!(day(body, "sunday")["hours"], hours(&[(23, 1)]), "23:30 on Sunday, São Paulo's");
    assert_eq!(day(body, "monday")["hours"], hours(&[(9, 2)]), "Globex's 09:15 not counted");
    assert_eq!((&day(body, "monday")["total"], &day(body, "saturday")["total"]), (&json!(2), &json!(0)));

    let csv = app.get("/api/v1/reports/volume.csv?from=2026-11-29&to=2026-11-30", &admin).await;
    assert_eq!(csv.status, 200);
    let file = csv.body.as_str().unwrap();
    assert!(file.starts_with("\u{feff}dia_da_semana,00,01,02,"), "{file}");
    assert!(file.contains(",22,23,total,fuso_horario\n"), "{file}");
    assert!(
        file.contains("segunda-feira,0,0,0,0,0,0,0,0,0,2,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,America/Sao_Paulo"),
        "{file}"
    );
    assert!(file.contains("domingo,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,America/Sao_Paulo"), "{file}");
    let english = app.get("/api/v1/reports/volume.csv?from=2026-11-29&to=2026-11-30&lang=en", &admin).await;
    assert!(english.body.as_str().unwrap().starts_with("\u{feff}weekday,00,"), "{}", english.body);

    let moved = app.patch("/api/v1/company", &admin, json!({ "timezone": "America/New_York" })).await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let fall_back = app.get("/api/v1/reports/volume?from=2026-11-01&to=2026-11-01", &admin).await;
    assert_eq!(fall_back.body["total"], 2, "{}", fall_back.body);
    assert_eq!(
        day(&fall_back.body, "sunday")["hours"],
        hours(&[(1, 2)]),
        "each 01:30 counted once, both in the hour that happened twice"
    );
}

/// A message `sender` wrote in the group `external_id` of `channel`, at a controlled time.
async fn written(app: &TestApp, channel: &str, external_id: &str, sender: &str, time: &str) {
    let message = InboundMessage {
        external_id: format!("wamid.{}", Uuid::now_v7().simple()),
        chat_id: external_id.to_owned(),
        sender: sender.to_owned(),
        sender_name: None,
        content: MessageContent::text("Bom dia, grupo"),
        sent_at: at(time),
    };
    let event =
        ConnectorEvent { channel_id: channel.parse().unwrap(), kind: ConnectorEventKind::Message(Box::new(message)) };
    blocopro_app::channels::dispatcher::apply(&app.app, event).await.unwrap();
}

/// The seeded company's group: its channel, WhatsApp id and subject.
async fn group_of(app: &TestApp, tenant: &Tenant) -> (String, String, String) {
    let group = app.get(&format!("/api/v1/groups/{}", tenant.id("group")), &tenant.admin).await.body;
    let text = |field: &str| group[field].as_str().unwrap_or_else(|| panic!("{field}: {group}")).to_owned();
    (text("channel_id"), text("external_id"), text("subject"))
}

async fn group_messages_count_per_day_in_the_companys_zone_and_per_writer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let acme = Tenant::seed(&app, &admin, app.company_id, "Acme", "acme", '1').await;
    let (bravo_id, bravo_admin) = app.other_company("Bravo", "admin@bravo.test").await;
    let bravo = Tenant::seed(&app, &bravo_admin, bravo_id, "Bravo", "bravo", '2').await;
    let (channel, group, subject) = group_of(&app, &acme).await;
    // The seeded contact "Cliente acme".
    let client = "+5511911110002";
    let stranger = "+5511977770001";
    for (sender, time) in [
        (client, "2026-11-30T02:30:00Z"), // Sunday 29th, 23:30 in São Paulo
        (client, "2026-11-30T12:00:00Z"),
        (stranger, "2026-11-30T13:00:00Z"),
        (client, "2026-11-30T14:00:00Z"),
        (stranger, "2026-12-01T02:59:00Z"),         // Monday 30th, 23:59
        ("+5511977770002", "2026-12-01T03:00:00Z"), // Tuesday 1 December: after the range
    ] {
        written(&app, &channel, &group, sender, time).await;
    }
    let (their_channel, their_group, _) = group_of(&app, &bravo).await;
    written(&app, &their_channel, &their_group, "+5511922220002", "2026-11-30T12:00:00Z").await;
    let group_id = acme.id("group");

    let report = app.get("/api/v1/reports/groups?from=2026-11-29&to=2026-11-30", &admin).await;
    assert_eq!(report.status, 200, "{}", report.body);
    assert_eq!(report.body["timezone"], "America/Sao_Paulo");
    assert_eq!(report.body["groups"], json!([{ "id": group_id, "subject": subject, "messages": 5 }]), "Acme's only");
    assert_eq!(
        report.body["items"],
        json!([
            { "first_day": "2026-11-29", "group_id": group_id, "subject": subject, "messages": 1 },
            { "first_day": "2026-11-30", "group_id": group_id, "subject": subject, "messages": 4 },
        ])
    );
    let month = app.get("/api/v1/reports/groups?from=2026-11-29&to=2026-11-30&granularity=month", &admin).await;
    let firsts: Vec<(&Value, &Value)> =
        month.body["items"].as_array().unwrap().iter().map(|row| (&row["first_day"], &row["messages"])).collect();
    assert_eq!(firsts, [(&json!("2026-11-29"), &json!(5))], "{}", month.body);

    let participants = app.get("/api/v1/reports/groups/participants?from=2026-11-29&to=2026-11-30", &admin).await;
    assert_eq!(participants.status, 200, "{}", participants.body);
    let items = participants.body["items"].as_array().unwrap();
    let read: Vec<(&Value, &Value, &Value, &Value, &Value)> = items
        .iter()
        .map(|row| (&row["group_id"], &row["rank"], &row["number"], &row["name"], &row["messages"]))
        .collect();
    assert_eq!(
        read,
        [
            (&json!(group_id), &json!(1), &json!(client), &json!("Cliente acme"), &json!(3)),
            (&json!(group_id), &json!(2), &json!(stranger), &Value::Null, &json!(2)),
        ],
        "{}",
        participants.body
    );
    assert_eq!(items[0]["contact_id"], json!(acme.id("contact")));
    let first = app
        .get(
            &format!("/api/v1/reports/groups/participants?from=2026-11-30&to=2026-11-30&group_id={group_id}&top=1"),
            &admin,
        )
        .await;
    let first: Vec<(&Value, &Value)> =
        first.body["items"].as_array().unwrap().iter().map(|row| (&row["number"], &row["messages"])).collect();
    assert_eq!(first, [(&json!(client), &json!(2))], "the 30th only, the most active only");

    let csv = app.get("/api/v1/reports/groups.csv?from=2026-11-29&to=2026-11-30", &admin).await;
    let file = csv.body.as_str().unwrap();
    assert!(file.starts_with("\u{feff}grupo,inicio_do_periodo,mensagens\n"), "{file}");
    assert!(file.contains(&format!("{subject},2026-11-30,4")), "{file}");
    let csv = app.get("/api/v1/reports/groups/participants.csv?from=2026-11-29&to=2026-11-30&lang=en", &admin).await;
    let file = csv.body.as_str().unwrap();
    assert!(file.starts_with("\u{feff}group,rank,participant,number,messages\n"), "{file}");
    assert!(
        file.contains(&format!("{subject},1,Cliente acme,{client},3\n{subject},2,{stranger},{stranger},2")),
        "{file}"
    );

    let theirs = app.get("/api/v1/reports/groups?from=2026-11-29&to=2026-11-30", &bravo.admin).await;
    let counts: Vec<&Value> = theirs.body["groups"].as_array().unwrap().iter().map(|g| &g["messages"]).collect();
    assert_eq!(counts, [&json!(1)], "Bravo's own message: {}", theirs.body);
    let foreign = format!("/api/v1/reports/groups/participants?from=2026-11-29&to=2026-11-30&group_id={group_id}");
    let refused = app.get(&foreign, &bravo.admin).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (422, "validation_failed"), "{}", refused.body);
}

async fn volume_and_group_reports_are_for_who_may_read_them(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let acme = Tenant::seed(&app, &admin, app.company_id, "Acme", "acme", '1').await;
    let period = "from=2026-11-29&to=2026-11-30";
    let paths = ["volume", "volume.csv", "groups", "groups.csv", "groups/participants", "groups/participants.csv"]
        .map(|report| format!("/api/v1/reports/{report}?{period}"));

    app.create_attendant(&admin, "ana@acme.test", json!({})).await;
    let ana = app.token_for("ana@acme.test").await;
    for path in &paths {
        let refused = app.get(path, &ana).await;
        assert_eq!((refused.status.as_u16(), refused.code()), (403, "forbidden"), "{path}: {}", refused.body);
    }
    for bad in ["from=2026-12-02&to=2026-12-01", "from=2025-01-01&to=2026-12-31"] {
        for report in ["volume", "groups", "groups/participants"] {
            let refused = app.get(&format!("/api/v1/reports/{report}?{bad}"), &admin).await;
            assert_eq!((refused.status.as_u16(), refused.code()), (422, "validation_failed"), "{report}?{bad}");
        }
    }
    for bad in [
        "groups?from=2026-11-29&to=2026-11-30&granularity=hour",
        "groups/participants?from=2026-11-29&to=2026-11-30&top=0",
    ] {
        let refused = app.get(&format!("/api/v1/reports/{bad}"), &admin).await;
        assert_eq!((refused.status.as_u16(), refused.code()), (422, "validation_failed"), "{bad}: {}", refused.body);
    }

    // The seeded attendant reads reports and answers on the group's channel; Bia on none.
    let attendant = acme.id("user");
    let given = app
        .put(&format!("/api/v1/users/{attendant}/permissions"), &admin, json!({ "permissions": ["reports.view"] }))
        .await;
    assert_eq!(given.status, 200, "{}", given.body);
    let linked = app.token_for("atendente@acme.test").await;
    app.create_attendant(&admin, "bia@acme.test", json!({ "permissions": ["reports.view"] })).await;
    let bia = app.token_for("bia@acme.test").await;
    let group_id = acme.id("group");
    let seen = app.get(&paths[2], &linked).await;
    assert_eq!(seen.status, 200, "{}", seen.body);
    assert_eq!(seen.body["groups"][0]["id"], json!(group_id), "{}", seen.body);
    let unseen = app.get(&paths[2], &bia).await;
    assert_eq!((unseen.status.as_u16(), &unseen.body["groups"]), (200, &json!([])), "{}", unseen.body);
    let one = format!("/api/v1/reports/groups/participants?{period}&group_id={group_id}");
    assert_eq!(app.get(&one, &linked).await.status, 200);
    let refused = app.get(&one, &bia).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (422, "validation_failed"), "{}", refused.body);
    assert_eq!(app.get(&paths[0], &bia).await.status, 200, "the volume is the company's");

    app.set_groups_feature(false).await;
    let off = app.get(&paths[2], &admin).await;
    assert_eq!((off.status.as_u16(), off.code()), (403, "feature_not_enabled"), "{}", off.body);
}
