//! Callers for tests that try every kind of principal: users with exactly the permissions given,
//! an inactive user, an expired session, API tokens with chosen scopes. Sessions are signed with
//! the test servers' key directly, so that dozens of callers do not go through the (rate-limited)
//! login.

use blocopro_api::auth::tokens::JwtKeys;
use blocopro_domain::Timestamp;
use blocopro_domain::permissions::Permission;
use blocopro_domain::token::SubjectKind;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{JWT_SECRET, PASSWORD, TestApp};

fn keys() -> JwtKeys {
    JwtKeys::new(&JWT_SECRET.to_owned().into())
}

/// A fresh access token of a user of `company_id`, as login would issue it.
pub fn session_token(user_id: &str, company_id: Uuid) -> String {
    keys().issue(SubjectKind::User, user_id.parse().unwrap(), Some(company_id), Timestamp::now()).unwrap()
}

/// An access token of the user that expired a minute ago (beyond the verifier's leeway).
pub fn expired_token(user_id: &str, company_id: Uuid) -> String {
    let now = Timestamp::now().as_second();
    let claims = json!({ "sub": user_id, "cid": company_id, "knd": "user", "iat": now - 1000, "exp": now - 60 });
    let key = jsonwebtoken::EncodingKey::from_secret(JWT_SECRET.as_bytes());
    jsonwebtoken::encode(&jsonwebtoken::Header::default(), &claims, &key).unwrap()
}

/// Registers a non-administrator holding exactly `permissions` (the wallet and agenda flags
/// follow them); answers their id.
pub async fn user_holding(app: &TestApp, admin: &str, email: &str, permissions: &[Permission]) -> String {
    let body = json!({
        "name": "Atendente",
        "email": email,
        "password": PASSWORD,
        "view_full_wallet": permissions.contains(&Permission::WalletViewAll),
        "agenda_access": permissions.contains(&Permission::AgendaUse),
        "permissions": permissions,
    });
    let reply = app.post("/api/v1/users", Some(admin), body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let granted: Vec<Value> = permissions.iter().map(|p| json!(p.key())).collect();
    let mut held = reply.body["permissions"].as_array().cloned().unwrap_or_default();
    held.sort_by_key(|p| p.to_string());
    let mut wanted = granted;
    wanted.sort_by_key(|p| p.to_string());
    assert_eq!(held, wanted, "{email} holds exactly the permissions asked for");
    reply.body["id"].as_str().unwrap().to_owned()
}

/// A user whose account is then switched off; answers their id.
pub async fn inactive_user(app: &TestApp, admin: &str, email: &str) -> String {
    let id = user_holding(app, admin, email, Permission::ALL).await;
    let reply = app.patch(&format!("/api/v1/users/{id}"), admin, json!({ "status": "inactive" })).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    id
}

/// An API token with exactly `permissions`; answers (id, token).
pub async fn api_token(app: &TestApp, admin: &str, permissions: &[Permission]) -> (String, String) {
    let reply =
        app.post("/api/v1/api-tokens", Some(admin), json!({ "name": "Integração", "permissions": permissions })).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    (reply.body["api_token"]["id"].as_str().unwrap().to_owned(), reply.body["token"].as_str().unwrap().to_owned())
}
