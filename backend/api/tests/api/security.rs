//! Security checks over HTTP, each on SQLite and PostgreSQL: forged and foreign access tokens,
//! refresh-token families, lockout and rate limits, access hours on every request, hostile bodies,
//! secrets kept out of the logs, and the security headers. Foundation stories cover the basics
//! (a reused refresh token, five failed logins, access hours at login); these go further.

use crate::common;

use std::io::{Read, Write};
use std::sync::{Arc, Mutex, OnceLock};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use blocopro_api::telemetry::{LogFormat, log_layer};
use blocopro_app::secrets::random_token;
use blocopro_domain::token::SubjectKind;
use blocopro_store::{RefreshToken, Subject};
use common::graph_mock::{APP_SECRET, PHONE_NUMBER_ID, VALID_TOKEN, deliver, graph_mock, text_message};
use common::{Backend, JWT_SECRET, OPERATOR_EMAIL, PASSWORD, Reply, TestApp};
use jiff::{SignedDuration, Timestamp};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

on_both_backends!(
    forged_expired_and_foreign_access_tokens_are_refused,
    a_reused_refresh_token_ends_its_own_session_only,
    lockout_counts_per_account_and_a_success_starts_over,
    auth_endpoints_are_rate_limited_per_client_address,
    access_hours_end_a_running_session_on_its_next_request,
    oversized_and_deeply_nested_bodies_are_refused_cleanly,
    secrets_never_reach_the_logs,
    responses_carry_the_security_headers,
);

fn assert_problem(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!((reply.status, reply.code()), (status, code), "{}", reply.body);
    assert_eq!(reply.body["status"], status.as_u16(), "{}", reply.body);
    assert_eq!(reply.body["type"], format!("urn:blocopro:problem:{code}"));
}

fn signed(claims: &Value, algorithm: Algorithm, secret: &str) -> String {
    jsonwebtoken::encode(&Header::new(algorithm), claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}

fn unsigned(claims: &Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    format!("{header}.{}.", URL_SAFE_NO_PAD.encode(claims.to_string()))
}

/// What a real access token of the administrator claims, valid for ten more minutes.
fn admin_claims(admin_id: &str, company_id: Uuid) -> Value {
    let now = Timestamp::now().as_second();
    json!({ "sub": admin_id, "cid": company_id, "knd": "user", "iat": now, "exp": now + 600 })
}

async fn forged_expired_and_foreign_access_tokens_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let session = app.login(&app.admin_email, PASSWORD).await.body;
    let admin_id = session["user"]["id"].as_str().unwrap();
    let claims = admin_claims(admin_id, app.company_id);
    assert_eq!(
        app.get("/api/v1/me", &signed(&claims, Algorithm::HS256, JWT_SECRET)).await.status,
        StatusCode::OK,
        "the forging itself is right"
    );

    let mut expired = claims.clone();
    expired["exp"] = json!(Timestamp::now().as_second() - 60);
    let forgeries = [
        ("alg none", unsigned(&claims)),
        ("wrong key", signed(&claims, Algorithm::HS256, "a-key-that-is-not-this-instances-0123456")),
        ("right key, other algorithm", signed(&claims, Algorithm::HS512, JWT_SECRET)),
        ("tampered payload", tampered(session["access_token"].as_str().unwrap(), &claims)),
        ("not a JWT", "abc.def".to_owned()),
    ];
    for (what, token) in forgeries {
        let refused = app.get("/api/v1/me", &token).await;
        assert_eq!((refused.status, refused.code()), (StatusCode::UNAUTHORIZED, "invalid_token"), "{what}");
    }
    assert_problem(
        &app.get("/api/v1/me", &signed(&expired, Algorithm::HS256, JWT_SECRET)).await,
        StatusCode::UNAUTHORIZED,
        "token_expired",
    );
    let missing = app.send(reqwest::Method::GET, "/api/v1/me", None, None).await;
    assert_problem(&missing, StatusCode::UNAUTHORIZED, "missing_token");

    // Same database, another secret: as a token from another deployment, or a misconfigured instance.
    let other =
        app.other_instance(|config| config.jwt_secret = "another-instance-secret-0123456789ab".to_owned().into()).await;
    let ours = session["access_token"].as_str().unwrap();
    assert_problem(&other.get("/api/v1/me", ours).await, StatusCode::UNAUTHORIZED, "invalid_token");
    let theirs = other.admin_token().await;
    assert_problem(&app.get("/api/v1/me", &theirs).await, StatusCode::UNAUTHORIZED, "invalid_token");
    assert_eq!(other.get("/api/v1/me", &theirs).await.status, StatusCode::OK);
}

/// A real token's signature over a payload that claims something else.
fn tampered(token: &str, claims: &Value) -> String {
    let mut parts = token.split('.');
    let (header, _, signature) = (parts.next().unwrap(), parts.next(), parts.next().unwrap());
    let mut other = claims.clone();
    other["sub"] = json!(Uuid::now_v7());
    format!("{header}.{}.{signature}", URL_SAFE_NO_PAD.encode(other.to_string()))
}

async fn refresh(app: &TestApp, refresh_token: &Value) -> Reply {
    app.post("/api/v1/auth/refresh", None, json!({ "refresh_token": refresh_token })).await
}

async fn a_reused_refresh_token_ends_its_own_session_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let laptop = app.login(&app.admin_email, PASSWORD).await.body;
    let phone = app.login(&app.admin_email, PASSWORD).await.body;
    let rotated = refresh(&app, &laptop["refresh_token"]).await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.body);
    let rotated_twice = refresh(&app, &rotated.body["refresh_token"]).await;
    assert_eq!(rotated_twice.status, StatusCode::OK, "{}", rotated_twice.body);

    // A thief replays the first token: the whole laptop family dies, however far it rotated.
    assert_problem(&refresh(&app, &laptop["refresh_token"]).await, StatusCode::UNAUTHORIZED, "refresh_token_reused");
    let newest = refresh(&app, &rotated_twice.body["refresh_token"]).await;
    assert_eq!(newest.status, StatusCode::UNAUTHORIZED, "{}", newest.body);
    let middle = refresh(&app, &rotated.body["refresh_token"]).await;
    assert_eq!(middle.status, StatusCode::UNAUTHORIZED, "{}", middle.body);

    let other_session = refresh(&app, &phone["refresh_token"]).await;
    assert_eq!(other_session.status, StatusCode::OK, "the phone's session is another family: {}", other_session.body);

    let admin_id: Uuid = laptop["user"]["id"].as_str().unwrap().parse().unwrap();
    let (expired_token, token_hash) = random_token("rt_");
    let month_ago = Timestamp::now() - SignedDuration::from_hours(31 * 24);
    let subject = Subject { kind: SubjectKind::User, id: admin_id, company_id: Some(app.company_id) };
    let expired = RefreshToken {
        id: Uuid::now_v7(),
        family_id: Uuid::now_v7(),
        subject,
        token_hash,
        created_at: month_ago,
        expires_at: Timestamp::now() - SignedDuration::from_secs(1),
    };
    app.store.create_refresh_token(&expired).await.unwrap();
    assert_problem(&refresh(&app, &json!(expired_token)).await, StatusCode::UNAUTHORIZED, "invalid_token");
    let unknown = refresh(&app, &json!(random_token("rt_").0)).await;
    assert_problem(&unknown, StatusCode::UNAUTHORIZED, "invalid_token");
}

async fn fail_logins(app: &TestApp, path: &str, email: &str, times: usize) {
    for _ in 0..times {
        let wrong = app.post(path, None, json!({ "email": email, "password": "not-the-password" })).await;
        assert_problem(&wrong, StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
}

async fn lockout_counts_per_account_and_a_success_starts_over(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    app.create_attendant(&admin, "bia@acme.test", json!({})).await;
    let login = "/api/v1/auth/login";

    fail_logins(&app, login, "bia@acme.test", 4).await;
    assert_eq!(app.login("bia@acme.test", PASSWORD).await.status, StatusCode::OK);
    fail_logins(&app, login, "bia@acme.test", 4).await;
    assert_eq!(app.login("bia@acme.test", PASSWORD).await.status, StatusCode::OK, "a success starts the count over");

    fail_logins(&app, login, "bia@acme.test", 5).await;
    let locked = app.login("bia@acme.test", PASSWORD).await;
    assert_problem(&locked, StatusCode::TOO_MANY_REQUESTS, "login_locked");
    assert_eq!(app.login(&app.admin_email, PASSWORD).await.status, StatusCode::OK, "other accounts are not locked");
    let retry_after = app
        .client
        .post(format!("{}{login}", app.base))
        .json(&json!({ "email": "bia@acme.test", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(retry_after.status(), StatusCode::TOO_MANY_REQUESTS);
    let seconds: u64 = retry_after.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=15 * 60).contains(&seconds), "{seconds}");

    let operator_login = "/api/v1/platform/auth/login";
    fail_logins(&app, operator_login, OPERATOR_EMAIL, 5).await;
    let operator = app.post(operator_login, None, json!({ "email": OPERATOR_EMAIL, "password": PASSWORD })).await;
    assert_problem(&operator, StatusCode::TOO_MANY_REQUESTS, "login_locked");
}

async fn auth_endpoints_are_rate_limited_per_client_address(backend: Backend) {
    use blocopro_api::config::AuthRateLimit;
    let app = TestApp::spawn_tweaked(backend, |config| {
        config.auth_rate_limit = AuthRateLimit { per_minute: 1, burst: 3 };
    })
    .await;
    let token = app.admin_token().await;
    assert_eq!(refresh(&app, &json!("rt_unknown")).await.status, StatusCode::UNAUTHORIZED);
    fail_logins(&app, "/api/v1/platform/auth/login", "nobody@ops.test", 1).await;

    for path in ["/api/v1/auth/login", "/api/v1/platform/auth/login", "/api/v1/auth/refresh"] {
        let over = app
            .client
            .post(format!("{}{path}", app.base))
            .header("x-forwarded-for", "198.51.100.7")
            .json(&json!({ "email": app.admin_email, "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(over.status(), StatusCode::TOO_MANY_REQUESTS, "{path}");
        assert_eq!(over.headers()["content-type"], "application/problem+json");
        let seconds: u64 = over.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&seconds), "{seconds}");
        assert_eq!(over.json::<Value>().await.unwrap()["code"], "rate_limited");
    }
    assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::OK, "authenticated requests are not throttled");

    let behind_proxy = TestApp::spawn_tweaked(backend, |config| {
        config.auth_rate_limit = AuthRateLimit { per_minute: 1, burst: 1 };
        config.trust_forwarded_for = true;
    })
    .await;
    let login_from = |address: &'static str| {
        behind_proxy
            .client
            .post(format!("{}/api/v1/auth/login", behind_proxy.base))
            .header("x-forwarded-for", address)
            .json(&json!({ "email": "nobody@acme.test", "password": PASSWORD }))
            .send()
    };
    assert_eq!(login_from("203.0.113.1").await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(login_from("203.0.113.1").await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(login_from("203.0.113.2").await.unwrap().status(), StatusCode::UNAUTHORIZED, "another client");
}

async fn access_hours_end_a_running_session_on_its_next_request(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let id = app.create_attendant(&admin, "tarde@acme.test", json!({ "permissions": ["contacts.manage"] })).await;
    let session = app.login("tarde@acme.test", PASSWORD).await.body;
    let token = session["access_token"].as_str().unwrap();
    assert_eq!(app.get("/api/v1/me", token).await.status, StatusCode::OK);

    // One minute a week, and not now: Sunday 03:00-03:01 in Pago Pago (or Wednesday when that is now).
    let zone = jiff::tz::TimeZone::get("Pacific/Pago_Pago").unwrap();
    let now_local = Timestamp::now().to_zoned(zone);
    let weekday = if now_local.weekday() == jiff::civil::Weekday::Sunday { "wednesday" } else { "sunday" };
    let hours = json!({ "enabled": true, "timezone": "Pacific/Pago_Pago", "admins_bypass": true,
        "rules": [{ "weekday": weekday, "start": "03:00", "end": "03:01" }] });
    let saved = app.put(&format!("/api/v1/users/{id}/access-hours"), &admin, hours).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);

    let requests = [
        app.get("/api/v1/contacts", token).await,
        app.post("/api/v1/contacts", Some(token), json!({ "phone": "+5511987650000" })).await,
        app.put("/api/v1/me/presence", token, json!({ "status": "away" })).await,
        refresh(&app, &session["refresh_token"]).await,
    ];
    for refused in &requests {
        assert_problem(refused, StatusCode::FORBIDDEN, "outside_access_hours");
        assert!(refused.body["next_allowed_at"].as_str().is_some_and(|at| at.ends_with('Z')), "{}", refused.body);
    }
    let contacts = app.get("/api/v1/contacts", &admin).await;
    assert_eq!(contacts.body["items"], json!([]), "the refused write stored nothing");
}

/// Sends raw HTTP/1.1 (reqwest always sends a length for fixed bodies) and answers the reply's head
/// and body.
async fn raw_http(base: &str, request: String) -> String {
    let address = base.trim_start_matches("http://").to_owned();
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut reply = Vec::new();
        let _ = stream.read_to_end(&mut reply);
        String::from_utf8_lossy(&reply).into_owned()
    })
    .await
    .unwrap()
}

/// A chunked body of `size` bytes of JSON text, with no length announced.
fn chunked_post(path: &str, size: usize) -> String {
    let body = format!("{{\"name\":\"{}\"}}", "x".repeat(size));
    let chunks: String = body
        .as_bytes()
        .chunks(8192)
        .map(|chunk| format!("{:x}\r\n{}\r\n", chunk.len(), String::from_utf8_lossy(chunk)))
        .collect();
    format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{chunks}0\r\n\r\n"
    )
}

async fn post_raw(app: &TestApp, path: &str, token: Option<&str>, body: String) -> Reply {
    let mut request =
        app.client.post(format!("{}{path}", app.base)).header("content-type", "application/json").body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    Reply { status, body: response.json().await.unwrap() }
}

async fn oversized_and_deeply_nested_bodies_are_refused_cleanly(backend: Backend) {
    let (graph, _) = graph_mock().await;
    let app = TestApp::spawn_with_graph(backend, &graph).await;
    let admin = app.admin_token().await;

    let announced = post_raw(&app, "/api/v1/auth/login", None, "x".repeat(65 * 1024)).await;
    assert_problem(&announced, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    let streamed = raw_http(&app.base, chunked_post("/api/v1/auth/login", 100 * 1024)).await;
    assert!(streamed.starts_with("HTTP/1.1 413"), "{}", &streamed[..streamed.len().min(300)]);
    assert!(streamed.contains("\"code\":\"payload_too_large\""), "{streamed}");

    // Typed bodies refuse the first value of the wrong type (422) before going deep; anything
    // parsed as free JSON stops at serde_json's depth limit (400). Never a crash or a 500.
    let deep_array = "[".repeat(10_000);
    let deep_object = "{\"a\":".repeat(10_000);
    let balanced = format!("{}{}", "[".repeat(30_000), "]".repeat(30_000));
    for (what, body) in [("arrays", &deep_array), ("objects", &deep_object), ("balanced", &balanced)] {
        for (path, token) in [("/api/v1/auth/login", None), ("/api/v1/departments", Some(admin.as_str()))] {
            let refused = post_raw(&app, path, token, body.clone()).await;
            let expected =
                [(StatusCode::BAD_REQUEST, "malformed_json"), (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")];
            assert!(expected.contains(&(refused.status, refused.code())), "{what} on {path}: {}", refused.body);
        }
    }

    let request = json!({ "name": "Oficial", "kind": "whatsapp_cloud", "phone_number_id": PHONE_NUMBER_ID,
        "access_token": VALID_TOKEN, "app_secret": APP_SECRET, "verify_token": "verify-me" });
    let channel = app.post("/api/v1/channels", Some(&admin), request).await;
    let id = channel.body["id"].as_str().unwrap();
    // Meta's message items are read as free JSON: depth there reaches the parser's limit.
    let mut delivery = text_message("wamid.DEEP", "Oi");
    delivery["entry"][0]["changes"][0]["value"]["messages"][0]["context"] = json!("DEEP");
    let deep_value = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    let nested_delivery = serde_json::to_string(&delivery).unwrap().replace("\"DEEP\"", &deep_value);
    let signed = deliver_raw(&app, id, nested_delivery).await;
    assert_problem(&signed, StatusCode::BAD_REQUEST, "malformed_webhook");
    assert_eq!(app.channel_messages(&admin, id).await.len(), 0, "nothing stored");
    assert_eq!(deliver(&app, id, &text_message("wamid.OK", "Oi")).await.status, StatusCode::OK, "still serving");
    assert_eq!(app.get("/api/v1/me", &admin).await.status, StatusCode::OK);
}

async fn deliver_raw(app: &TestApp, id: &str, body: String) -> Reply {
    let response = app
        .client
        .post(format!("{}/api/v1/webhooks/whatsapp-cloud/{id}", app.base))
        .header("Content-Type", "application/json")
        .header("X-Hub-Signature-256", blocopro_connectors::cloud_api::signature_header(APP_SECRET, body.as_bytes()))
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    Reply { status, body: response.json().await.unwrap_or(Value::Null) }
}

/// Everything logged in this process, in the binary's two formats, at `debug` (production logs `info`).
#[derive(Clone, Default)]
struct CapturedLogs(Arc<Mutex<Vec<u8>>>);

impl CapturedLogs {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for CapturedLogs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'w> tracing_subscriber::fmt::MakeWriter<'w> for CapturedLogs {
    type Writer = CapturedLogs;

    fn make_writer(&'w self) -> Self::Writer {
        self.clone()
    }
}

fn captured_logs() -> CapturedLogs {
    static LOGS: OnceLock<CapturedLogs> = OnceLock::new();
    LOGS.get_or_init(|| {
        use tracing_subscriber::layer::SubscriberExt;
        use tracing_subscriber::util::SubscriberInitExt;
        let logs = CapturedLogs::default();
        tracing_subscriber::registry()
            .with(tracing_subscriber::EnvFilter::new("debug"))
            .with(log_layer(LogFormat::Json, logs.clone()))
            .with(log_layer(LogFormat::Text, logs.clone()))
            .init();
        logs
    })
    .clone()
}

async fn secrets_never_reach_the_logs(backend: Backend) {
    let logs = captured_logs();
    let (graph, _) = graph_mock().await;
    let app = TestApp::spawn_with_graph(backend, &graph).await;
    let mut secrets = vec![PASSWORD.to_owned(), JWT_SECRET.to_owned(), VALID_TOKEN.to_owned(), APP_SECRET.to_owned()];

    let session = app.login(&app.admin_email, PASSWORD).await.body;
    let rotated = refresh(&app, &session["refresh_token"]).await.body;
    let admin = rotated["access_token"].as_str().unwrap().to_owned();
    for tokens in [&session, &rotated] {
        secrets.extend(["access_token", "refresh_token"].map(|name| tokens[name].as_str().unwrap().to_owned()));
    }
    let attendant_password = "Senha-Da-Atendente-Nunca-Logada-42";
    app.create_attendant(&admin, "sigilo@acme.test", json!({ "password": attendant_password })).await;
    assert_eq!(app.login("sigilo@acme.test", "Senha-Errada-Tambem-Secreta-7").await.status, StatusCode::UNAUTHORIZED);
    secrets.extend([attendant_password.to_owned(), "Senha-Errada-Tambem-Secreta-7".to_owned()]);

    let api_token =
        app.post("/api/v1/api-tokens", Some(&admin), json!({ "name": "ERP", "permissions": ["users.view"] })).await;
    let api_token = api_token.body["token"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/users", &api_token).await.status, StatusCode::OK);
    secrets.push(api_token);

    let verify_token = "verify-token-that-stays-out-of-logs";
    let request = json!({ "name": "Oficial", "kind": "whatsapp_cloud", "phone_number_id": PHONE_NUMBER_ID,
        "access_token": VALID_TOKEN, "app_secret": APP_SECRET, "verify_token": verify_token });
    let channel = app.post("/api/v1/channels", Some(&admin), request).await;
    assert_eq!(channel.status, StatusCode::CREATED, "{}", channel.body);
    let id = channel.body["id"].as_str().unwrap();
    assert_eq!(
        app.post(&format!("/api/v1/channels/{id}/connect"), Some(&admin), json!({})).await.status,
        StatusCode::ACCEPTED
    );
    app.wait_for_channel_status(&admin, id, "connected").await;
    let handshake = app.client.get(format!("{}/api/v1/webhooks/whatsapp-cloud/{id}", app.base)).query(&[
        ("hub.mode", "subscribe"),
        ("hub.verify_token", verify_token),
        ("hub.challenge", "1"),
    ]);
    assert_eq!(handshake.send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(deliver(&app, id, &text_message("wamid.LOGS", "Oi")).await.status, StatusCode::OK);
    secrets.push(verify_token.to_owned());
    let logout = app.post("/api/v1/auth/logout", None, json!({ "refresh_token": rotated["refresh_token"] })).await;
    assert_eq!(logout.status, StatusCode::NO_CONTENT);

    let written = logs.text();
    assert!(written.contains("user logged in") && written.contains("/api/v1/auth/refresh"), "the capture works");
    assert!(written.contains("/api/v1/webhooks/whatsapp-cloud/"), "the webhook requests were logged");
    for secret in &secrets {
        assert!(secret.len() >= 10, "{secret}");
        assert!(!written.contains(secret), "a secret is in the logs: {secret}");
    }
}

async fn responses_carry_the_security_headers(backend: Backend) {
    let app = crate::spa::Source::Embedded.spawn(backend).await;

    let docs = app.client.get(format!("{}/api/docs/", app.base)).send().await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK, "the docs UI opens");
    for path in
        ["/", "/chat/conversas", "/assets/app-Bw3Zabw0.js", "/api/v1/me", "/api/v1/nowhere", "/api/docs", "/healthz"]
    {
        let response = app.client.get(format!("{}{path}", app.base)).send().await.unwrap();
        let headers = response.headers();
        let header = |name: &str| headers.get(name).map(|value| value.to_str().unwrap().to_owned()).unwrap_or_default();
        let policy = header("content-security-policy");
        for directive in [
            "default-src 'self'",
            "script-src 'self';",
            "style-src 'self' 'unsafe-inline'",
            "media-src 'self' blob:",
            "connect-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(policy.contains(directive), "{path}: `{directive}` missing from `{policy}`");
        }
        assert!(!policy.contains("unsafe-eval"), "{path}: {policy}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
    }
}
