//! The permission matrix: every operation of the OpenAPI document × every kind of caller, with the
//! expected answer derived from the access table (`blocopro_api::access::ROUTES`) that also drives
//! the guard. A denial must be the exact status and problem `code`; an admitted caller must get
//! past the guard — neither 401 nor 403 — and no server error. Admitted calls use unknown ids and
//! empty bodies, so they end in 404 or 422 (or succeed for lists): this test proves who gets in,
//! not what the operation then does (the area tests and the tenant isolation test do that).

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use blocopro_api::access::{self, Check, Rule};
use blocopro_domain::permissions::{Permission, PermissionSet};
use common::operations::{Operation, operations};
use common::principals::{api_token, expired_token, inactive_user, session_token, user_holding};
use common::{Backend, TestApp};
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

on_both_backends!(every_operation_answers_every_kind_of_caller_as_the_table_says);

#[test]
fn the_table_and_the_document_name_the_same_operations() {
    let documented: BTreeSet<(String, String)> =
        operations().iter().map(|op| (op.method.to_string(), op.path.clone())).collect();
    let mut tabled = BTreeMap::new();
    for route in access::ROUTES {
        let key = (route.method.to_string(), route.path.to_owned());
        assert!(tabled.insert(key, route.rule).is_none(), "{} {} has two rules", route.method, route.path);
    }
    let tabled: BTreeSet<_> = tabled.into_keys().collect();
    let without_rule: Vec<_> = documented.difference(&tabled).collect();
    assert!(without_rule.is_empty(), "operations without an access rule: {without_rule:?}");
    let not_served: Vec<_> = tabled.difference(&documented).collect();
    assert!(not_served.is_empty(), "rules for operations the API does not document: {not_served:?}");
}

/// The kinds of caller the matrix tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Principal {
    Operator,
    Administrator,
    /// A non-administrator holding no permission at all.
    AttendantWithout,
    /// A non-administrator holding exactly the permissions the rule names.
    AttendantWithNeeded,
    InactiveUser,
    ExpiredToken,
    /// An API token holding every permission except the ones the rule names.
    ApiTokenWithoutScope,
}

const PRINCIPALS: [Principal; 7] = [
    Principal::Operator,
    Principal::Administrator,
    Principal::AttendantWithout,
    Principal::AttendantWithNeeded,
    Principal::InactiveUser,
    Principal::ExpiredToken,
    Principal::ApiTokenWithoutScope,
];

#[derive(Debug, PartialEq, Eq)]
enum Expected {
    Admitted,
    Denied(u16, &'static str),
}

/// The permissions a rule names.
fn named_permissions(rule: Rule) -> PermissionSet {
    let Rule::Company(checks) = rule else { return PermissionSet::new() };
    checks
        .iter()
        .flat_map(|check| match check {
            Check::Holds(p) | Check::SelfOr(p) => vec![*p],
            Check::UserSessionOr(ps) => ps.to_vec(),
            Check::UserSession => vec![],
        })
        .collect()
}

/// What a user session needs: the permissions of `Holds` and `SelfOr` (the ids used are never
/// the caller's); `UserSessionOr` admits any session.
fn session_needs(rule: Rule) -> PermissionSet {
    let Rule::Company(checks) = rule else { return PermissionSet::new() };
    checks
        .iter()
        .filter_map(|check| match check {
            Check::Holds(p) | Check::SelfOr(p) => Some(*p),
            Check::UserSessionOr(_) | Check::UserSession => None,
        })
        .collect()
}

/// A company caller as the checks see it: a session or not, and what it holds.
fn company_caller_passes(checks: &[Check], session: bool, holds: &PermissionSet) -> bool {
    checks.iter().all(|check| match check {
        Check::Holds(p) | Check::SelfOr(p) => holds.contains(p),
        Check::UserSession => session,
        Check::UserSessionOr(ps) => session || ps.iter().any(|p| holds.contains(p)),
    })
}

/// The answer the table promises `principal` on an operation with `rule`.
fn expected(rule: Rule, principal: Principal) -> Expected {
    const FORBIDDEN: Expected = Expected::Denied(403, "forbidden");
    let all: PermissionSet = Permission::ALL.iter().copied().collect();
    match (rule, principal) {
        (Rule::Public | Rule::SocketHandshake, _) => Expected::Admitted,
        (_, Principal::ExpiredToken) => Expected::Denied(401, "token_expired"),
        (Rule::Operator, Principal::Operator) => Expected::Admitted,
        (Rule::Operator, _) | (Rule::Company(_), Principal::Operator) => FORBIDDEN,
        (Rule::Company(_), Principal::InactiveUser) => Expected::Denied(401, "user_inactive"),
        (Rule::Company(checks), principal) => {
            let (session, holds) = match principal {
                Principal::Administrator => (true, all),
                Principal::AttendantWithout => (true, PermissionSet::new()),
                Principal::AttendantWithNeeded => (true, session_needs(rule)),
                _ => (false, all.difference(&named_permissions(rule)).copied().collect()),
            };
            if company_caller_passes(checks, session, &holds) { Expected::Admitted } else { FORBIDDEN }
        }
    }
}

/// Tokens for each kind of caller, made once per permission set.
struct Callers {
    operator: String,
    admin: String,
    without: String,
    inactive: String,
    expired: String,
    attendants: BTreeMap<Vec<Permission>, String>,
    api_tokens: BTreeMap<Vec<Permission>, String>,
}

impl Callers {
    async fn new(app: &TestApp) -> Self {
        let admin = app.admin_token().await;
        let admin_id = app.get("/api/v1/me", &admin).await.body["user"]["id"].as_str().unwrap().to_owned();
        let without = user_holding(app, &admin, "sem-permissoes@acme.test", &[]).await;
        let inactive = inactive_user(app, &admin, "inativo@acme.test").await;
        Callers {
            operator: app.operator_token().await,
            without: session_token(&without, app.company_id),
            inactive: session_token(&inactive, app.company_id),
            expired: expired_token(&admin_id, app.company_id),
            admin,
            attendants: BTreeMap::new(),
            api_tokens: BTreeMap::new(),
        }
    }

    async fn token(&mut self, app: &TestApp, rule: Rule, principal: Principal) -> String {
        match principal {
            Principal::Operator => self.operator.clone(),
            Principal::Administrator => self.admin.clone(),
            Principal::AttendantWithout => self.without.clone(),
            Principal::InactiveUser => self.inactive.clone(),
            Principal::ExpiredToken => self.expired.clone(),
            Principal::AttendantWithNeeded => {
                let needed: Vec<_> = session_needs(rule).into_iter().collect();
                if !self.attendants.contains_key(&needed) {
                    let email = format!("atendente-{}@acme.test", Uuid::now_v7().simple());
                    let id = user_holding(app, &self.admin, &email, &needed).await;
                    self.attendants.insert(needed.clone(), session_token(&id, app.company_id));
                }
                self.attendants[&needed].clone()
            }
            Principal::ApiTokenWithoutScope => {
                let named = named_permissions(rule);
                let scope: Vec<_> = Permission::ALL.iter().copied().filter(|p| !named.contains(p)).collect();
                if !self.api_tokens.contains_key(&scope) {
                    let (_, token) = api_token(app, &self.admin, &scope).await;
                    self.api_tokens.insert(scope.clone(), token);
                }
                self.api_tokens[&scope].clone()
            }
        }
    }
}

async fn call(app: &TestApp, operation: &Operation, token: &str) -> common::Reply {
    let path = operation.path_with(&Uuid::now_v7().to_string());
    let body = operation.body.as_ref().map(|_| json!({}));
    app.send(operation.method.clone(), &path, Some(token), body).await
}

async fn every_operation_answers_every_kind_of_caller_as_the_table_says(backend: Backend) {
    let app = TestApp::spawn_tweaked(backend, |config| config.auth_rate_limit.per_minute = 0).await;
    app.set_groups_feature(true).await;
    let mut callers = Callers::new(&app).await;
    let mut failures = Vec::new();
    let mut cases = 0;
    for operation in operations() {
        let method = operation.method.as_str().parse().unwrap();
        let rule = access::rule_for(&method, &operation.path).expect("every operation has a rule");
        for principal in PRINCIPALS {
            let token = callers.token(&app, rule, principal).await;
            let reply = call(&app, &operation, &token).await;
            cases += 1;
            let status = reply.status;
            let fine = match expected(rule, principal) {
                Expected::Admitted => {
                    status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN && !status.is_server_error()
                }
                Expected::Denied(wanted, code) => status.as_u16() == wanted && reply.code() == code,
            };
            if !fine {
                failures.push(format!(
                    "{} as {principal:?} ({rule:?}): expected {:?}, got {status} {}",
                    operation.label(),
                    expected(rule, principal),
                    reply.body
                ));
            }
        }
    }
    println!(
        "permission matrix on {backend:?}: {} operations × {} callers = {cases} cases",
        cases / 7,
        PRINCIPALS.len()
    );
    assert!(failures.is_empty(), "{} of {cases} cases differ:\n{}", failures.len(), failures.join("\n"));
}
