//! User stories over HTTP, each run on SQLite and PostgreSQL.

use crate::common;

use common::{Backend, PASSWORD, TestApp};
use reqwest::StatusCode;
use serde_json::json;

async fn admin_registers_and_manages_an_attendant(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let created = app
        .post(
            "/api/v1/users",
            Some(&admin),
            json!({
                "name": "Bruna", "email": "Bruna@Acme.test", "password": PASSWORD, "phone": "+5511987654321",
                "status": "active", "view_full_wallet": true, "is_admin": false, "agenda_access": true,
                "visibility": "departments", "permissions": ["conversations.transfer"]
            }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["email"], "bruna@acme.test");
    assert_eq!(created.body["view_full_wallet"], true);
    assert_eq!(created.body["agenda_access"], true);
    assert!(created.body.get("password").is_none());
    let id = created.body["id"].as_str().unwrap();

    let list = app.get("/api/v1/users?q=brun&status=active", &admin).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);

    let duplicate = app
        .post("/api/v1/users", Some(&admin), json!({ "name": "B", "email": "bruna@acme.test", "password": PASSWORD }))
        .await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT);
    assert_eq!(duplicate.body["errors"]["email"][0], "is already in use");

    let updated = app
        .patch(
            &format!("/api/v1/users/{id}"),
            &admin,
            json!({ "full_name": "Bruna Souza", "sex": "female", "phone": null }),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.body);
    assert_eq!(updated.body["full_name"], "Bruna Souza");
    assert_eq!(updated.body["phone"], serde_json::Value::Null);
    let by_full_name = app.get("/api/v1/users?q=SOUZA", &admin).await;
    assert_eq!(by_full_name.body["items"][0]["id"], id, "the new full name is searched: {}", by_full_name.body);

    let bruna = app.token_for("bruna@acme.test").await;
    let me = app.get("/api/v1/me", &bruna).await;
    assert_eq!(me.body["user"]["id"], id);
    assert_eq!(me.body["company"]["name"], "Acme");
    assert_eq!(me.body["presence"], "online");

    assert_eq!(app.delete(&format!("/api/v1/users/{id}"), &admin).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&format!("/api/v1/users/{id}"), &admin).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/me", &bruna).await.status, StatusCode::UNAUTHORIZED);

    let log = app.get("/api/v1/audit-log", &admin).await;
    let actions: Vec<&str> =
        log.body["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(&actions[..3], ["user.deleted", "user.updated", "user.created"]);
}

async fn bad_input_gets_field_errors_never_500(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let invalid = app
        .post("/api/v1/users", Some(&admin), json!({ "name": "", "email": "nope", "password": "x", "phone": "123" }))
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["name", "email", "password", "phone"] {
        assert!(invalid.body["errors"][field].is_array(), "{field}: {}", invalid.body);
    }
    let wrong_enum = app
        .post(
            "/api/v1/users",
            Some(&admin),
            json!({ "name": "A", "email": "a@a.test", "password": PASSWORD, "visibility": "everyone" }),
        )
        .await;
    assert_eq!(wrong_enum.body["errors"]["visibility"].as_array().unwrap().len(), 1);
    let unknown_field = app
        .post(
            "/api/v1/users",
            Some(&admin),
            json!({ "name": "A", "email": "a@a.test", "password": PASSWORD, "role": "x" }),
        )
        .await;
    assert_eq!(unknown_field.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown_permission = app
        .post(
            "/api/v1/users",
            Some(&admin),
            json!({ "name": "A", "email": "a@a.test", "password": PASSWORD, "permissions": ["fly"] }),
        )
        .await;
    assert!(unknown_permission.body["errors"]["permissions[0]"].is_array(), "{}", unknown_permission.body);
    assert_eq!(app.get("/api/v1/users/not-a-uuid", &admin).await.body["errors"]["id"][0], "must be a UUID");
    assert_eq!(app.get("/api/v1/users?limit=many", &admin).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get("/api/v1/users?cursor=zzz", &admin).await.code(), "validation_failed");
    let nul = app.post("/api/v1/departments", Some(&admin), json!({ "name": "Fin\u{0}anceiro" })).await;
    assert_eq!((nul.status, nul.code()), (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"), "{}", nul.body);
    let nul_query = app.get("/api/v1/users?q=a%00b", &admin).await;
    assert!(nul_query.body["errors"]["q"].is_array(), "{}", nul_query.body);

    let raw = |body: &'static str, content_type: &'static str| {
        app.client
            .post(format!("{}/api/v1/departments", app.base))
            .bearer_auth(&admin)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    assert_eq!(raw("{\"name\":", "application/json").await.unwrap().status(), StatusCode::BAD_REQUEST);
    assert_eq!(raw("name=x", "text/plain").await.unwrap().status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = format!("{{\"name\":\"{}\"}}", "x".repeat(100 * 1024));
    let oversized = app
        .client
        .post(format!("{}/api/v1/departments", app.base))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(oversized.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let problem = app.get("/api/v1/nowhere", &admin).await;
    assert_eq!((problem.status, problem.code()), (StatusCode::NOT_FOUND, "not_found"));

    for limit in ["0", "201", "-1"] {
        let page = app.get(&format!("/api/v1/users?limit={limit}"), &admin).await;
        assert!(page.body["errors"]["limit"].is_array(), "limit={limit}: {}", page.body);
    }
    assert_eq!(app.get("/api/v1/users?limit=200", &admin).await.status, StatusCode::OK);

    let wrong_method = app.client.request(reqwest::Method::PUT, format!("{}/api/v1/departments", app.base));
    let wrong_method = wrong_method.bearer_auth(&admin).send().await.unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.headers()["allow"], "GET, POST");
    assert_eq!(wrong_method.headers()["content-type"], "application/problem+json");
    let templated = app.send(reqwest::Method::TRACE, "/api/v1/users/any-id/permissions", Some(&admin), None).await;
    assert_eq!((templated.status, templated.code()), (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"));
}

async fn a_body_that_may_be_left_out_is_still_read_when_sent(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let id = app.create_simulator(&admin, "Recepção").await;
    let connect = format!("{}/api/v1/channels/{id}/connect", app.base);
    let send = |body: &'static str, content_type: &'static str| {
        app.client.post(&connect).bearer_auth(&admin).header("content-type", content_type).body(body).send()
    };
    assert_eq!(send("{\"pair_again\":", "application/json").await.unwrap().status(), StatusCode::BAD_REQUEST);
    assert_eq!(send("{\"pair\":true}", "application/json").await.unwrap().status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(send("pair", "text/plain").await.unwrap().status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(app.client.post(&connect).bearer_auth(&admin).send().await.unwrap().status(), StatusCode::ACCEPTED);
    assert_eq!(send("null", "application/json").await.unwrap().status(), StatusCode::ACCEPTED);
    let disconnect = format!("/api/v1/channels/{id}/disconnect");
    let disconnected = app.send(reqwest::Method::POST, &disconnect, Some(&admin), None).await;
    assert_eq!((disconnected.status, &disconnected.body["status"]), (StatusCode::OK, &json!("disconnected")));
}

async fn logins_lock_after_five_failures(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let unknown = app.login("ghost@acme.test", PASSWORD).await;
    assert_eq!((unknown.status, unknown.code()), (StatusCode::UNAUTHORIZED, "invalid_credentials"));
    for _ in 0..5 {
        let wrong = app.login(&app.admin_email, "wrong-password").await;
        assert_eq!(wrong.code(), "invalid_credentials");
    }
    let locked = app.login(&app.admin_email, PASSWORD).await;
    assert_eq!((locked.status, locked.code()), (StatusCode::TOO_MANY_REQUESTS, "login_locked"));
    assert!(locked.body["locked_until"].is_string());
    assert_eq!(locked.body["timezone"], "America/Sao_Paulo", "the company's zone, to show the time in");
}

async fn inactive_users_cannot_log_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let id = app.create_attendant(&admin, "ina@acme.test", json!({})).await;
    let token = app.token_for("ina@acme.test").await;
    app.patch(&format!("/api/v1/users/{id}"), &admin, json!({ "status": "inactive" })).await;
    assert_eq!(app.login("ina@acme.test", PASSWORD).await.code(), "user_inactive");
    assert_eq!(app.get("/api/v1/me", &token).await.code(), "user_inactive");
}

async fn refresh_tokens_rotate_and_reuse_revokes_the_family(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let session = app.login(&app.admin_email, PASSWORD).await.body;
    let first = session["refresh_token"].as_str().unwrap();
    let rotated = app.post("/api/v1/auth/refresh", None, json!({ "refresh_token": first })).await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.body);
    let second = rotated.body["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/me", rotated.body["access_token"].as_str().unwrap()).await.status, StatusCode::OK);

    let reuse = app.post("/api/v1/auth/refresh", None, json!({ "refresh_token": first })).await;
    assert_eq!(reuse.code(), "refresh_token_reused");
    let after = app.post("/api/v1/auth/refresh", None, json!({ "refresh_token": second })).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);

    let fresh = app.login(&app.admin_email, PASSWORD).await.body;
    let logout = app.post("/api/v1/auth/logout", None, json!({ "refresh_token": fresh["refresh_token"] })).await;
    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    let dead = app.post("/api/v1/auth/refresh", None, json!({ "refresh_token": fresh["refresh_token"] })).await;
    assert_eq!(dead.status, StatusCode::UNAUTHORIZED);
    let forged = app.get("/api/v1/me", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").await;
    assert_eq!(forged.code(), "invalid_token");
}

async fn permissions_are_enforced_and_the_last_admin_kept(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    app.create_attendant(&admin, "att@acme.test", json!({})).await;
    let attendant = app.token_for("att@acme.test").await;
    let refused = app
        .post("/api/v1/users", Some(&attendant), json!({ "name": "X", "email": "x@acme.test", "password": PASSWORD }))
        .await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "forbidden"));
    assert_eq!(app.get("/api/v1/users", &attendant).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/permissions", &attendant).await.status, StatusCode::OK);
    let roles = app.get("/api/v1/roles", &attendant).await;
    assert_eq!(roles.body.as_array().unwrap().len(), 3);

    let manager =
        app.create_attendant(&admin, "mgr@acme.test", json!({ "permissions": ["users.manage", "users.view"] })).await;
    let manager_token = app.token_for("mgr@acme.test").await;
    let escalate = app
        .put(
            &format!("/api/v1/users/{manager}/permissions"),
            &manager_token,
            json!({ "permissions": ["users.manage", "users.view", "audit.view"] }),
        )
        .await;
    assert_eq!(escalate.status, StatusCode::FORBIDDEN);
    let make_admin = app.patch(&format!("/api/v1/users/{manager}"), &manager_token, json!({ "is_admin": true })).await;
    assert_eq!(make_admin.status, StatusCode::FORBIDDEN);

    let me = app.get("/api/v1/me", &admin).await;
    let admin_id = me.body["user"]["id"].as_str().unwrap();
    let demote = app.patch(&format!("/api/v1/users/{admin_id}"), &admin, json!({ "is_admin": false })).await;
    assert_eq!((demote.status, demote.code()), (StatusCode::CONFLICT, "last_admin"));
}

async fn companies_are_isolated(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let user = app.create_attendant(&admin, "a1@acme.test", json!({})).await;
    let department = app.post("/api/v1/departments", Some(&admin), json!({ "name": "RH" })).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let operator = app.operator_token().await;
    let other = app.post("/api/v1/platform/companies", Some(&operator), json!({ "name": "Beta" })).await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.body);
    let beta_id = other.body["id"].as_str().unwrap();
    let admin_reply = app
        .post(
            &format!("/api/v1/platform/companies/{beta_id}/admins"),
            Some(&operator),
            json!({ "name": "Beta Admin", "email": "admin@beta.test", "password": PASSWORD }),
        )
        .await;
    assert_eq!(admin_reply.status, StatusCode::CREATED, "{}", admin_reply.body);
    let beta = app.token_for("admin@beta.test").await;

    for path in [
        format!("/api/v1/users/{user}"),
        format!("/api/v1/users/{user}/access-hours"),
        format!("/api/v1/users/{user}/presence-history"),
    ] {
        assert_eq!(app.get(&path, &beta).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        app.patch(&format!("/api/v1/users/{user}"), &beta, json!({ "name": "Hacked" })).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.delete(&format!("/api/v1/users/{user}"), &beta).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.patch(&format!("/api/v1/departments/{department}"), &beta, json!({ "name": "X" })).await.status,
        StatusCode::NOT_FOUND
    );
    let beta_user = app.create_attendant(&beta, "b1@beta.test", json!({})).await;
    let cross = app
        .put(&format!("/api/v1/users/{beta_user}/departments"), &beta, json!({ "department_ids": [department] }))
        .await;
    assert_eq!(cross.status, StatusCode::UNPROCESSABLE_ENTITY);
    let listed = app.get("/api/v1/users", &beta).await;
    assert!(!listed.body.to_string().contains("acme.test"));
    assert!(app.get("/api/v1/audit-log", &beta).await.body.to_string().find("a1@acme.test").is_none());
}

async fn access_hours_block_login_and_requests(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let id = app.create_attendant(&admin, "night@acme.test", json!({})).await;
    let token = app.token_for("night@acme.test").await;
    // One minute a week that is never "now" for long: Sunday 03:00-03:01 in Pago Pago.
    let hours = json!({ "enabled": true, "timezone": "Pacific/Pago_Pago", "rules": [{ "weekday": "sunday", "start": "03:00", "end": "03:01" }], "admins_bypass": true });
    let saved = app.put(&format!("/api/v1/users/{id}/access-hours"), &admin, hours).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let now_local = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::get("Pacific/Pago_Pago").unwrap());
    if now_local.weekday() == jiff::civil::Weekday::Sunday && now_local.hour() == 3 && now_local.minute() == 0 {
        return; // inside the only allowed minute: nothing to assert this time
    }
    let refused = app.login("night@acme.test", PASSWORD).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "outside_access_hours"));
    assert!(refused.body["next_allowed_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(refused.body["timezone"], "Pacific/Pago_Pago", "the zone the hours are read in, to show the time in");
    assert_eq!(app.get("/api/v1/me", &token).await.code(), "outside_access_hours");
    assert_eq!(app.get("/api/v1/me", &admin).await.status, StatusCode::OK, "admins unaffected");

    let bad = app.put(&format!("/api/v1/users/{id}/access-hours"), &admin, json!({ "enabled": true, "timezone": "Mars/Base", "rules": [{ "weekday": "funday", "start": "25:00", "end": "08:00" }] })).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reversed = app
        .put(
            &format!("/api/v1/users/{id}/access-hours"),
            &admin,
            json!({ "enabled": true, "rules": [{ "weekday": "monday", "start": "18:00", "end": "08:00" }] }),
        )
        .await;
    assert!(reversed.body["errors"]["rules[0].end"].is_array(), "{}", reversed.body);
    let open = app.put(&format!("/api/v1/users/{id}/access-hours"), &admin, json!({ "enabled": false })).await;
    assert_eq!(open.body["timezone"], "America/Sao_Paulo");
    assert_eq!(app.login("night@acme.test", PASSWORD).await.status, StatusCode::OK);
}

async fn presence_history_has_periods_and_totals(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let id = app.create_attendant(&admin, "p@acme.test", json!({})).await;
    let token = app.token_for("p@acme.test").await;
    assert_eq!(app.put("/api/v1/me/presence", &token, json!({ "status": "away" })).await.status, StatusCode::OK);
    assert_eq!(
        app.put("/api/v1/me/presence", &token, json!({ "status": "busy" })).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let history = app.get(&format!("/api/v1/users/{id}/presence-history"), &admin).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.body);
    let statuses: Vec<&str> =
        history.body["periods"].as_array().unwrap().iter().map(|p| p["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["online", "away"]);
    assert!(history.body["periods"][1]["ended_at"].is_null());
    assert!(history.body["totals"]["online_seconds"].as_i64().unwrap() >= 0);
    let own = app.get(&format!("/api/v1/users/{id}/presence-history"), &token).await;
    assert_eq!(own.status, StatusCode::OK);
    let range = app
        .get(&format!("/api/v1/users/{id}/presence-history?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"), &admin)
        .await;
    assert_eq!(range.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn api_tokens_carry_only_their_scopes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let created =
        app.post("/api/v1/api-tokens", Some(&admin), json!({ "name": "ERP", "permissions": ["users.view"] })).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let secret = created.body["token"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("bp_"));
    let listed = app.get("/api/v1/api-tokens", &admin).await;
    assert!(!listed.body.to_string().contains(&secret), "secrets are shown once");
    assert_eq!(app.get("/api/v1/users", &secret).await.status, StatusCode::OK);
    assert_eq!(
        app.post("/api/v1/departments", Some(&secret), json!({ "name": "X" })).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get("/api/v1/me", &secret).await.status, StatusCode::FORBIDDEN);
    let id = created.body["api_token"]["id"].as_str().unwrap();
    assert_eq!(app.delete(&format!("/api/v1/api-tokens/{id}"), &admin).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/users", &secret).await.code(), "invalid_token");
}

async fn operators_manage_companies_and_features(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let operator = app.operator_token().await;
    let admin = app.admin_token().await;
    assert_eq!(app.get("/api/v1/platform/companies", &admin).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/users", &operator).await.status, StatusCode::FORBIDDEN);
    let companies = app.get("/api/v1/platform/companies", &operator).await;
    assert_eq!(companies.body["items"][0]["features"]["whatsapp_groups"], false);
    let id = app.company_id;
    let switched = app
        .patch(
            &format!("/api/v1/platform/companies/{id}"),
            &operator,
            json!({ "features": { "whatsapp_groups": true } }),
        )
        .await;
    assert_eq!(switched.body["features"]["whatsapp_groups"], true, "{}", switched.body);
    let unknown = app
        .patch(&format!("/api/v1/platform/companies/{id}"), &operator, json!({ "features": { "teleport": true } }))
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let missing = app.get(&format!("/api/v1/platform/companies/{}", uuid::Uuid::now_v7()), &operator).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    app.patch(&format!("/api/v1/platform/companies/{id}"), &operator, json!({ "active": false })).await;
    assert_eq!(app.login(&app.admin_email, PASSWORD).await.code(), "company_inactive");
}

async fn departments_link_to_users(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let sales = app.post("/api/v1/departments", Some(&admin), json!({ "name": "Comercial" })).await;
    assert_eq!(sales.status, StatusCode::CREATED);
    let sales_id = sales.body["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.post("/api/v1/departments", Some(&admin), json!({ "name": "Comercial" })).await.status,
        StatusCode::CONFLICT
    );
    let user = app.create_attendant(&admin, "d@acme.test", json!({ "department_ids": [sales_id] })).await;
    let filtered = app.get(&format!("/api/v1/users?department_id={sales_id}"), &admin).await;
    assert_eq!(filtered.body["items"].as_array().unwrap().len(), 1);
    let unknown = uuid::Uuid::now_v7();
    let bad =
        app.put(&format!("/api/v1/users/{user}/departments"), &admin, json!({ "department_ids": [unknown] })).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let renamed = app.patch(&format!("/api/v1/departments/{sales_id}"), &admin, json!({ "name": "Vendas" })).await;
    assert_eq!(renamed.body["name"], "Vendas");
    assert_eq!(app.delete(&format!("/api/v1/departments/{sales_id}"), &admin).await.status, StatusCode::NO_CONTENT);
    let after = app.get(&format!("/api/v1/users/{user}"), &admin).await;
    assert_eq!(after.body["department_ids"], json!([]));
}

on_both_backends!(
    admin_registers_and_manages_an_attendant,
    bad_input_gets_field_errors_never_500,
    a_body_that_may_be_left_out_is_still_read_when_sent,
    logins_lock_after_five_failures,
    inactive_users_cannot_log_in,
    refresh_tokens_rotate_and_reuse_revokes_the_family,
    permissions_are_enforced_and_the_last_admin_kept,
    companies_are_isolated,
    access_hours_block_login_and_requests,
    presence_history_has_periods_and_totals,
    api_tokens_carry_only_their_scopes,
    operators_manage_companies_and_features,
    departments_link_to_users,
);
