//! Reports through the real application on both databases, against figures computed by hand: the
//! working time of an attendant seeded with a Monday of presence in São Paulo, by day and by week,
//! as JSON and as the CSV Excel opens; who may read them; and the ranges refused.

use crate::common;

use blocopro_domain::Timestamp;
use blocopro_domain::presence::PresenceStatus;
use common::{Backend, TestApp};
use serde_json::{Value, json};
use uuid::Uuid;

on_both_backends!(working_time_adds_up_a_seeded_day_and_week, working_time_is_for_who_may_read_reports);

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// Bia, with access hours Monday 08:00–18:00 (São Paulo), worked Monday 2026-11-30: online 08:00–12:00, away
/// 12:00–13:00, online 13:00–18:30, then offline.
async fn seeded_bia(app: &TestApp, admin: &str) -> String {
    let bia = app.create_attendant(admin, "bia@acme.test", json!({})).await;
    let hours = json!({ "enabled": true, "rules": [{ "weekday": "monday", "start": "08:00", "end": "18:00" }] });
    assert_eq!(app.put(&format!("/api/v1/users/{bia}/access-hours"), admin, hours).await.status, 200);
    let user_id: Uuid = bia.parse().unwrap();
    for (status, moment) in [
        (PresenceStatus::Online, "2026-11-30T11:00:00Z"),
        (PresenceStatus::Away, "2026-11-30T15:00:00Z"),
        (PresenceStatus::Online, "2026-11-30T16:00:00Z"),
        (PresenceStatus::Offline, "2026-11-30T21:30:00Z"),
    ] {
        app.store.set_presence(app.company_id, user_id, status, at(moment)).await.unwrap();
    }
    bia
}

fn report(query: &str) -> String {
    format!("/api/v1/reports/working-time?{query}")
}

async fn working_time_adds_up_a_seeded_day_and_week(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let bia = seeded_bia(&app, &admin).await;

    let day = app.get(&report(&format!("from=2026-11-30&to=2026-11-30&user_id={bia}")), &admin).await;
    assert_eq!(day.status, 200, "{}", day.body);
    assert_eq!(day.body["timezone"], "America/Sao_Paulo");
    let rows = day.body["items"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let expected = json!({
        "user_id": bia, "user_name": "Atendente", "first_day": "2026-11-30",
        "online_seconds": 9 * 3600 + 1800, "away_seconds": 3600,
        // 18:30 to the company's midnight.
        "offline_seconds": 5 * 3600 + 1800,
        // 18:00 to 18:30, after her access hours.
        "outside_access_hours_seconds": 1800,
        "first_online_at": "2026-11-30T11:00:00Z", "last_online_at": "2026-11-30T21:30:00Z",
    });
    assert_eq!(rows[0], expected);

    let week = app.get(&report(&format!("from=2026-11-30&to=2026-12-01&granularity=week&user_id={bia}")), &admin).await;
    let rows = week.body["items"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "one week, clipped to the range");
    assert_eq!(rows[0]["offline_seconds"], 5 * 3600 + 1800 + 24 * 3600, "Tuesday offline all day");
    assert_eq!(rows[0]["online_seconds"], 9 * 3600 + 1800);

    let everyone = app.get(&report("from=2026-11-30&to=2026-12-01"), &admin).await;
    let names: Vec<&Value> = everyone.body["items"].as_array().unwrap().iter().map(|row| &row["user_id"]).collect();
    assert_eq!(names.len(), 4, "the administrator and Bia, each on both days: {names:?}");

    let csv =
        app.get(&format!("/api/v1/reports/working-time.csv?from=2026-11-30&to=2026-11-30&user_id={bia}"), &admin).await;
    assert_eq!(csv.status, 200);
    let file = csv.body.as_str().unwrap();
    assert!(file.starts_with("\u{feff}atendente,inicio_do_periodo,online,ausente,offline"), "{file}");
    assert!(
        file.contains(",2026-11-30,9:30,1:00,5:30,0:30,2026-11-30 08:00,2026-11-30 18:30,America/Sao_Paulo"),
        "{file}"
    );
    let english = app
        .get(&format!("/api/v1/reports/working-time.csv?from=2026-11-30&to=2026-11-30&lang=en&user_id={bia}"), &admin)
        .await;
    assert!(
        english.body.as_str().unwrap().starts_with("\u{feff}attendant,period_start,online,away,offline"),
        "{}",
        english.body
    );
}

async fn working_time_is_for_who_may_read_reports(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    app.create_attendant(&admin, "ana@acme.test", json!({})).await;
    let ana = app.token_for("ana@acme.test").await;
    let path = report("from=2026-11-30&to=2026-11-30");
    let refused = app.get(&path, &ana).await;
    assert_eq!((refused.status.as_u16(), refused.code()), (403, "forbidden"), "{}", refused.body);
    let reader = app.create_attendant(&admin, "rita@acme.test", json!({})).await;
    let granted = app
        .put(&format!("/api/v1/users/{reader}/permissions"), &admin, json!({ "permissions": ["reports.view"] }))
        .await;
    assert_eq!(granted.status, 200, "{}", granted.body);
    let rita = app.token_for("rita@acme.test").await;
    assert_eq!(app.get(&path, &rita).await.status, 200);

    for bad in [
        "from=2026-12-02&to=2026-12-01",
        "from=2025-01-01&to=2026-12-31",
        "from=2026-13-01&to=2026-12-01",
        "to=2026-12-01",
    ] {
        let refused = app.get(&report(bad), &admin).await;
        assert_eq!((refused.status.as_u16(), refused.code()), (422, "validation_failed"), "{bad}: {}", refused.body);
    }
    let stranger = app.get(&report(&format!("from=2026-11-30&to=2026-11-30&user_id={}", Uuid::now_v7())), &admin).await;
    assert_eq!((stranger.status.as_u16(), stranger.code()), (422, "validation_failed"), "{}", stranger.body);
    let (_, globex) = app.other_company("Globex", "admin@globex.test").await;
    let theirs = app.get(&path, &globex).await;
    let names: Vec<&Value> = theirs.body["items"].as_array().unwrap().iter().map(|row| &row["user_name"]).collect();
    assert_eq!(names.len(), 1, "only Globex's administrator: {names:?}");
}
