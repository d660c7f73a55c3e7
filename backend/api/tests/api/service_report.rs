//! The service report (issue 19.2) through the real application on both databases: a conversation
//! received, answered, transferred and closed through the API counts today; one seeded at
//! controlled times around São Paulo's midnight gives hand-computed figures per day, as JSON and
//! as CSV; the queues now; who may read them.

use crate::common;

use blocopro_domain::Timestamp;
use blocopro_domain::audit::{Actor, ActorKind, NewAuditEntry};
use blocopro_domain::conversation::{ConversationStatus, Routing};
use common::{Backend, TestApp};
use jiff::tz::TimeZone;
use serde_json::{Value, json};
use uuid::Uuid;

on_both_backends!(
    a_conversation_served_through_the_api_counts_today,
    service_days_split_at_the_companys_midnight,
    service_reports_are_for_who_may_read_reports
);

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn service(query: &str) -> String {
    format!("/api/v1/reports/service?{query}")
}

/// The rows of a report, by their group's name.
fn row<'a>(report: &'a Value, name: &str) -> &'a Value {
    let rows = report["items"].as_array().unwrap();
    rows.iter().find(|row| row["name"] == name).unwrap_or_else(|| panic!("no row of {name:?}: {report}"))
}

/// A contact writes on a new simulator; answers the conversation's id and the channel's.
async fn a_waiting_conversation(app: &TestApp, admin: &str, from: &str) -> (String, String) {
    let (channel, _) = app.paired_simulator(admin).await;
    let inbound = json!({ "from": from, "text": "Oi, preciso de ajuda" });
    let received = app.post(&format!("/api/v1/simulator/channels/{channel}/inbound"), Some(admin), inbound).await;
    assert_eq!(received.status, 202, "{}", received.body);
    let id = app.first_conversation(admin).await["id"].as_str().unwrap().to_owned();
    (id, channel)
}

async fn a_conversation_served_through_the_api_counts_today(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let me = app.get("/api/v1/me", &admin).await.body["user"].clone();
    let (id, _) = a_waiting_conversation(&app, &admin, "+5511988887777").await;
    let path = format!("/api/v1/conversations/{id}");
    let sales = app.post("/api/v1/departments", Some(&admin), json!({ "name": "Vendas" })).await.body;

    let answered = app.post(&format!("{path}/messages"), Some(&admin), json!({ "text": "Olá!" })).await;
    assert_eq!(answered.status, 202, "{}", answered.body);
    let moved = app.patch(&path, &admin, json!({ "action": "transfer", "department_id": sales["id"] })).await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let closed = app.patch(&path, &admin, json!({ "action": "close" })).await;
    assert_eq!(closed.status, 200, "{}", closed.body);

    let today = Timestamp::now().to_zoned(TimeZone::get("America/Sao_Paulo").unwrap()).date();
    let report = app.get(&service(&format!("from={today}&to={today}")), &admin).await;
    assert_eq!(report.status, 200, "{}", report.body);
    assert_eq!(
        (&report.body["timezone"], &report.body["group_by"]),
        (&json!("America/Sao_Paulo"), &json!("attendant"))
    );
    let mine = row(&report.body, me["name"].as_str().unwrap());
    assert_eq!(
        (&mine["first_day"], &mine["taken"], &mine["transferred"], &mine["closed"], &mine["messages_sent"]),
        (&json!(today.to_string()), &json!(1), &json!(1), &json!(1), &json!(1)),
        "answering took it: {mine}"
    );
    assert!(mine["first_response_median_seconds"].as_i64().is_some_and(|seconds| seconds < 60), "{mine}");
    assert!(mine["resolution_p90_seconds"].as_i64().is_some(), "{mine}");
    let nobodys = row(&report.body, "");
    assert_eq!((&nobodys["received"], &nobodys["messages_received"]), (&json!(1), &json!(1)), "{}", report.body);

    let by_department = app.get(&service(&format!("from={today}&to={today}&group_by=department")), &admin).await;
    let vendas = row(&by_department.body, "Vendas");
    assert_eq!((&vendas["transferred"], &vendas["closed"]), (&json!(1), &json!(1)), "{}", by_department.body);
    let by_channel = app.get(&service(&format!("from={today}&to={today}&group_by=channel")), &admin).await;
    let items = by_channel.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", by_channel.body);
    assert_eq!(
        (&items[0]["received"], &items[0]["messages_received"], &items[0]["messages_sent"]),
        (&json!(1), &json!(1), &json!(1))
    );
}

/// The admin, at controlled times (São Paulo is UTC−3): the conversation, closed on the 28th, is
/// reopened at 23:50 on the 29th, answered at 00:10 on the 30th and closed at 01:50.
async fn service_days_split_at_the_companys_midnight(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let me = app.get("/api/v1/me", &admin).await.body["user"].clone();
    let admin_id: Uuid = me["id"].as_str().unwrap().parse().unwrap();
    let name = me["name"].as_str().unwrap().to_owned();
    let (id, channel) = a_waiting_conversation(&app, &admin, "+5511977776666").await;
    let id: Uuid = id.parse().unwrap();
    let conversation = app.store.find_conversations(&[id]).await.unwrap().pop().unwrap();
    let by_admin = |action: &'static str| NewAuditEntry {
        company_id: app.company_id,
        actor: Actor { kind: ActorKind::User, id: Some(admin_id) },
        action,
        target_type: "conversation",
        target_id: Some(id),
        summary: json!({}),
    };
    let route = |status: ConversationStatus| Routing {
        status,
        assigned_to: Some(admin_id),
        awaiting_choice: false,
        ..conversation.routing()
    };
    let store = &app.store;
    let company = app.company_id;
    let closed = route(ConversationStatus::Closed);
    let audit = by_admin("conversation.closed");
    store
        .update_conversation_routing(company, id, &closed, at("2026-11-29T02:00:00Z"), Some(&audit), None)
        .await
        .unwrap();
    let open = route(ConversationStatus::Open);
    let audit = by_admin("conversation.reopened");
    store
        .update_conversation_routing(company, id, &open, at("2026-11-30T02:50:00Z"), Some(&audit), None)
        .await
        .unwrap();
    let channel_id: Uuid = channel.parse().unwrap();
    let channel = store.get_channel(company, channel_id).await.unwrap().unwrap();
    let answer = blocopro_app::channels::queued_message(
        &channel,
        conversation.chat_id.clone(),
        blocopro_domain::message::MessageContent::text("Bom dia!"),
    );
    let answer = blocopro_domain::channel::ChannelMessage {
        created_at: at("2026-11-30T03:10:00Z"),
        sent_at: at("2026-11-30T03:10:00Z"),
        // Sent already: the outbox leaves it (and its time) alone.
        status: blocopro_domain::channel::DeliveryStatus::Sent,
        ..answer
    };
    store.enqueue_outbound(company, &answer, None, Some(admin_id)).await.unwrap();
    let audit = by_admin("conversation.closed");
    store
        .update_conversation_routing(company, id, &closed, at("2026-11-30T04:50:00Z"), Some(&audit), None)
        .await
        .unwrap();

    let report = app.get(&service("from=2026-11-29&to=2026-11-30"), &admin).await;
    assert_eq!(report.status, 200, "{}", report.body);
    let expected = json!([
        {
            "first_day": "2026-11-29", "id": admin_id, "name": name,
            // Reopened by the admin at 23:50, São Paulo's 29th (UTC's 30th).
            "received": 1, "taken": 0, "transferred": 0, "closed": 0,
            "first_response_median_seconds": null, "first_response_p90_seconds": null,
            "resolution_median_seconds": null, "resolution_p90_seconds": null,
            "messages_sent": 0, "messages_received": 0,
        },
        {
            "first_day": "2026-11-30", "id": admin_id, "name": name,
            "received": 0, "taken": 0, "transferred": 0, "closed": 1,
            // 23:50 to 00:10, and to 01:50.
            "first_response_median_seconds": 1200, "first_response_p90_seconds": 1200,
            "resolution_median_seconds": 7200, "resolution_p90_seconds": 7200,
            "messages_sent": 1, "messages_received": 0,
        },
    ]);
    assert_eq!(report.body["items"], expected);
    let week = app.get(&service("from=2026-11-29&to=2026-11-30&granularity=week"), &admin).await;
    let weeks: Vec<&Value> = week.body["items"].as_array().unwrap().iter().map(|row| &row["first_day"]).collect();
    assert_eq!(weeks, ["2026-11-29", "2026-11-30"], "Sunday ends a week; Monday starts the next");

    let csv = app.get("/api/v1/reports/service.csv?from=2026-11-29&to=2026-11-30", &admin).await;
    assert_eq!(csv.status, 200);
    let file = csv.body.as_str().unwrap();
    assert!(
        file.starts_with("\u{feff}atendente,inicio_do_periodo,recebidas,assumidas,transferidas,encerradas"),
        "{file}"
    );
    assert!(file.contains(&format!("{name},2026-11-30,0,0,0,1,0:20:00,0:20:00,2:00:00,2:00:00,1,0")), "{file}");
    let english =
        app.get("/api/v1/reports/service.csv?from=2026-11-29&to=2026-11-30&group_by=channel&lang=en", &admin).await;
    assert!(
        english.body.as_str().unwrap().starts_with("\u{feff}channel,period_start,received,taken"),
        "{}",
        english.body
    );
}

async fn service_reports_are_for_who_may_read_reports(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    a_waiting_conversation(&app, &admin, "+5511966665555").await;
    let queues = app.get("/api/v1/reports/queues", &admin).await;
    assert_eq!(queues.status, 200, "{}", queues.body);
    let items = queues.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", queues.body);
    assert_eq!((&items[0]["department_id"], &items[0]["waiting"]), (&Value::Null, &json!(1)), "in no department");
    assert!(items[0]["oldest_wait_seconds"].as_i64().is_some_and(|seconds| seconds < 60));
    let file = app.get("/api/v1/reports/queues.csv?lang=en", &admin).await;
    assert!(
        file.body.as_str().unwrap().starts_with("\u{feff}department,waiting,oldest_waiting_since"),
        "{}",
        file.body
    );

    app.create_attendant(&admin, "ana@acme.test", json!({})).await;
    let ana = app.token_for("ana@acme.test").await;
    for path in [service("from=2026-11-30&to=2026-11-30"), "/api/v1/reports/queues".to_owned()] {
        let refused = app.get(&path, &ana).await;
        assert_eq!((refused.status.as_u16(), refused.code()), (403, "forbidden"), "{path}: {}", refused.body);
    }
    for bad in ["from=2026-12-02&to=2026-12-01", "from=2026-11-30&to=2026-11-30&group_by=contact"] {
        let refused = app.get(&service(bad), &admin).await;
        assert_eq!((refused.status.as_u16(), refused.code()), (422, "validation_failed"), "{bad}: {}", refused.body);
    }
    let (_, globex) = app.other_company("Globex", "admin@globex.test").await;
    let theirs = app.get("/api/v1/reports/queues", &globex).await;
    assert_eq!(theirs.body["items"], json!([]), "Acme's queue is not Globex's");
    let today = Timestamp::now().to_zoned(TimeZone::get("America/Sao_Paulo").unwrap()).date();
    let theirs = app.get(&service(&format!("from={today}&to={today}&group_by=channel")), &globex).await;
    assert_eq!(theirs.body["items"], json!([]), "{}", theirs.body);
}
