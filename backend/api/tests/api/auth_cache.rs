//! The authentication cache (`blocopro_app::caller_cache`): a caller that was just admitted (and so
//! is cached) is refused on the next request after a change that matters made on the same
//! instance, and within the cache's bound after one made through another instance.

use std::time::{Duration, Instant};

use blocopro_app::caller_cache::TTL;
use blocopro_domain::permissions::Permission;
use reqwest::StatusCode;
use serde_json::json;

use crate::common::principals::{api_token, session_token, user_holding};
use crate::common::{Backend, TestApp};

/// Asks `path` with `token` until the answer's problem code is `code`; answers how long it took.
/// Fails past `bound` plus a second of slack for a loaded machine.
async fn refused_within(app: &TestApp, path: &str, token: &str, code: &str, bound: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let reply = app.get(path, token).await;
        if reply.code() == code {
            return started.elapsed();
        }
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(started.elapsed() < bound + Duration::from_secs(1), "still admitted after {:?}", started.elapsed());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn changes_on_this_instance_apply_to_the_next_request(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let id = user_holding(&app, &admin, "ana@acme.test", &[Permission::UsersView]).await;
    let ana = session_token(&id, app.company_id);
    let users = "/api/v1/users";
    assert_eq!(app.get(users, &ana).await.status, StatusCode::OK, "admitted, and now cached");

    // Permissions taken away.
    app.put(&format!("/api/v1/users/{id}/permissions"), &admin, json!({ "permissions": [] })).await;
    assert_eq!(app.get(users, &ana).await.status, StatusCode::FORBIDDEN);
    app.put(&format!("/api/v1/users/{id}/permissions"), &admin, json!({ "permissions": ["users.view"] })).await;
    assert_eq!(app.get(users, &ana).await.status, StatusCode::OK);

    // Access hours that exclude now (one minute a week, on another weekday than today's in the zone).
    let zone = jiff::tz::TimeZone::get("America/Sao_Paulo").unwrap();
    let today = jiff::Timestamp::now().to_zoned(zone).weekday();
    let weekday = if today == jiff::civil::Weekday::Monday { "tuesday" } else { "monday" };
    let hours = json!({ "enabled": true, "timezone": "America/Sao_Paulo", "rules": [{ "weekday": weekday, "start": "03:00", "end": "03:01" }] });
    let saved = app.put(&format!("/api/v1/users/{id}/access-hours"), &admin, hours).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(app.get(users, &ana).await.code(), "outside_access_hours");
    app.put(&format!("/api/v1/users/{id}/access-hours"), &admin, json!({ "enabled": false })).await;
    assert_eq!(app.get(users, &ana).await.status, StatusCode::OK);

    // Disabled, then deleted.
    app.patch(&format!("/api/v1/users/{id}"), &admin, json!({ "status": "inactive" })).await;
    assert_eq!(app.get(users, &ana).await.code(), "user_inactive");
    app.patch(&format!("/api/v1/users/{id}"), &admin, json!({ "status": "active" })).await;
    assert_eq!(app.get(users, &ana).await.status, StatusCode::OK);
    assert_eq!(app.delete(&format!("/api/v1/users/{id}"), &admin).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(users, &ana).await.code(), "invalid_token");

    // An API token revoked.
    let (token_id, token) = api_token(&app, &admin, &[Permission::UsersView]).await;
    assert_eq!(app.get(users, &token).await.status, StatusCode::OK);
    assert_eq!(app.delete(&format!("/api/v1/api-tokens/{token_id}"), &admin).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(users, &token).await.code(), "invalid_token");

    // The company suspended: its sessions and tokens alike.
    let (_, token) = api_token(&app, &admin, &[Permission::UsersView]).await;
    assert_eq!(app.get(users, &token).await.status, StatusCode::OK);
    assert_eq!(app.get(users, &admin).await.status, StatusCode::OK);
    let operator = app.operator_token().await;
    let company = format!("/api/v1/platform/companies/{}", app.company_id);
    assert_eq!(app.patch(&company, &operator, json!({ "active": false })).await.status, StatusCode::OK);
    assert_eq!(app.get(users, &admin).await.code(), "company_inactive");
    assert_eq!(app.get(users, &token).await.code(), "company_inactive");
}

async fn changes_on_another_instance_apply_within_the_bound(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let other = app.another_instance().await;
    let admin = app.admin_token().await;
    let id = user_holding(&app, &admin, "bia@acme.test", &[Permission::UsersView]).await;
    let bia = session_token(&id, app.company_id);
    let (token_id, token) = api_token(&app, &admin, &[Permission::UsersView]).await;
    let users = "/api/v1/users";
    assert_eq!(other.get(users, &bia).await.status, StatusCode::OK, "cached on the other instance");
    assert_eq!(other.get(users, &token).await.status, StatusCode::OK);

    // A user change travels as `user.updated`: well before the TTL.
    app.patch(&format!("/api/v1/users/{id}"), &admin, json!({ "status": "inactive" })).await;
    let took = refused_within(&other, users, &bia, "user_inactive", TTL).await;
    assert!(took < TTL, "the event reached the other instance after {took:?}");

    // No event says that a token was revoked: the other instance reads it again after the TTL.
    assert_eq!(app.delete(&format!("/api/v1/api-tokens/{token_id}"), &admin).await.status, StatusCode::NO_CONTENT);
    refused_within(&other, users, &token, "invalid_token", TTL).await;
}

on_both_backends!(
    changes_on_this_instance_apply_to_the_next_request,
    changes_on_another_instance_apply_within_the_bound
);
