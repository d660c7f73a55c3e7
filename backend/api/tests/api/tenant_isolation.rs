//! Tenant isolation: two companies seeded with the same shapes of data; every operation of the
//! OpenAPI document is called by company A (its administrator, then an API token holding every
//! permission) with company B's ids — in the path, in id query parameters, and in each id field
//! of the body in turn (the other fields holding A's own, valid ids). Whatever carries one of B's
//! ids must be refused: 404, or 422 naming that field, or an empty list. And no answer, to any
//! call, may contain B's ids, names, e-mails or numbers. Operations come from the document and
//! bodies from one table that must cover every operation with a body and every id field of its
//! schema, so a new endpoint is covered (or fails the test) without editing it.

use crate::common;

use blocopro_api::access::{self, Check, Rule};
use common::operations::{Operation, document, id_fields, operations};
use common::tenants::{
    Tenant, alternative_body_templates, body_template, kind_of_collection, kind_of_query_param, references, render,
    required_query_value,
};
use common::{Backend, Reply, TestApp};
use reqwest::StatusCode;
use serde_json::Value;

on_both_backends!(company_a_reaches_nothing_of_company_b);

/// One call of the sweep.
struct Case {
    path: String,
    body: Option<Value>,
    /// Where B's id is (`path`, a query parameter, or a body field and the fields it is nested
    /// in); empty when none is sent.
    foreign: Vec<String>,
}

/// The calls for `operation`: B's id in the path (A's valid body), then each id query parameter
/// and each id field of the body in turn (on A's own record, when the path has one).
fn cases(operation: &Operation, a: &Tenant, b: &Tenant) -> Result<Vec<Case>, String> {
    let label = operation.label();
    let template = match &operation.body {
        Some(schema) => {
            let template = body_template(operation.method.as_str(), &operation.path)
                .ok_or_else(|| format!("{label} takes a body: add one to `body_template`"))?;
            let alternatives = alternative_body_templates(operation.method.as_str(), &operation.path);
            let filled: Vec<String> =
                [&template].into_iter().chain(&alternatives).flat_map(references).map(|r| r.field).collect();
            let missing: Vec<_> = id_fields(&document(), schema).into_iter().filter(|f| !filled.contains(f)).collect();
            if !missing.is_empty() {
                return Err(format!("{label}: the body template leaves the id fields {missing:?} without an `@kind`"));
            }
            Some(template)
        }
        None => None,
    };
    let own_path = match operation.id_collection() {
        Some(collection) => {
            let kind = kind_of_collection(collection)
                .ok_or_else(|| format!("{label}: no seeded record for `{collection}`; seed one in tenants.rs"))?;
            let own_message = |path: String| path.replace("{message_id}", a.id("message"));
            Some((own_message(operation.path_with(a.id(kind))), own_message(operation.path_with(b.id(kind)))))
        }
        None => None,
    };
    let path = own_path.as_ref().map_or(operation.path.clone(), |(own, _)| own.clone());
    // The required query parameters that are not ids, filled alike for every case.
    let mut required = Vec::new();
    for param in operation.query_params.iter().filter(|param| param.required && !param.is_uuid) {
        let value = required_query_value(&param.name)
            .ok_or_else(|| format!("{label}: fill the required query parameter `{}`", param.name))?;
        required.push(format!("{}={value}", param.name));
    }
    let with_query = |path: String| if required.is_empty() { path } else { format!("{path}?{}", required.join("&")) };
    let (path, own_path) = (with_query(path), own_path.map(|(own, foreign)| (with_query(own), with_query(foreign))));
    let home_body = template.as_ref().map(|t| render(t, a, b, None));
    let mut cases = Vec::new();
    if let Some((_, foreign_path)) = &own_path {
        cases.push(Case { path: foreign_path.clone(), body: home_body.clone(), foreign: vec!["path".into()] });
    }
    if operation.path.contains("{message_id}") {
        // A's conversation, B's message.
        let foreign_message = path.replace(a.id("message"), b.id("message"));
        cases.push(Case { path: foreign_message, body: home_body.clone(), foreign: vec!["path".into()] });
    }
    for param in &operation.query_params {
        if param.is_uuid {
            let kind = kind_of_query_param(&param.name)
                .ok_or_else(|| format!("{label}: which record does `?{}=` name?", param.name))?;
            let separator = if path.contains('?') { '&' } else { '?' };
            let path = format!("{path}{separator}{}={}", param.name, b.id(kind));
            cases.push(Case { path, body: home_body.clone(), foreign: vec![param.name.clone()] });
        }
    }
    let alternatives = alternative_body_templates(operation.method.as_str(), &operation.path);
    for template in template.iter().chain(&alternatives) {
        for (index, reference) in references(template).into_iter().enumerate() {
            let body = Some(render(template, a, b, Some(index)));
            cases.push(Case { path: path.clone(), body, foreign: reference.within });
        }
    }
    if cases.is_empty() {
        cases.push(Case { path, body: home_body, foreign: Vec::new() });
    }
    Ok(cases)
}

/// Whether the guard lets this caller in at all (else a 403 `forbidden` is its answer).
fn admits(rule: Rule, session: bool) -> bool {
    match rule {
        Rule::Company(checks) => session || !checks.contains(&Check::UserSession),
        _ => true,
    }
}

/// The refusal B's id must meet: 404, a 422 naming the field that carried it (or one it is nested
/// in), or an empty list.
fn refused(reply: &Reply, fields: &[String]) -> bool {
    let names_field = || {
        let errors = reply.body["errors"].as_object();
        errors.is_some_and(|errors| errors.keys().any(|key| fields.iter().any(|field| key.contains(field.as_str()))))
    };
    match reply.status {
        StatusCode::NOT_FOUND => true,
        StatusCode::UNPROCESSABLE_ENTITY => names_field(),
        status if status.is_success() => reply.body["items"].as_array().is_some_and(Vec::is_empty),
        _ => false,
    }
}

/// B's markers in the answer, but for what the request itself sent (an error may repeat the
/// caller's own input: that discloses nothing).
fn leaks<'a>(reply: &Reply, b: &'a Tenant, request: &str) -> Vec<&'a str> {
    let text = reply.body.to_string().to_lowercase();
    let sent = request.to_lowercase();
    b.markers
        .iter()
        .map(|marker| marker.to_lowercase())
        .zip(&b.markers)
        .filter(|(marker, _)| text.contains(marker) && !sent.contains(marker))
        .map(|(_, marker)| marker.as_str())
        .collect()
}

async fn company_a_reaches_nothing_of_company_b(backend: Backend) {
    let app = TestApp::spawn_tweaked(backend, |config| config.auth_rate_limit.per_minute = 0).await;
    let a_admin = app.admin_token().await;
    let a = Tenant::seed(&app, &a_admin, app.company_id, "Acme", "acme", '1').await;
    let (b_company, b_admin) = app.other_company("Bravo", "admin@bravo.test").await;
    let b = Tenant::seed(&app, &b_admin, b_company, "Bravo", "bravo", '2').await;

    let mut failures = Vec::new();
    let (mut calls, mut foreign_calls) = (0, 0);
    let operations = operations();
    for (caller, token, session) in [("A's administrator", &a.admin, true), ("A's API token", &a.api_token, false)] {
        for operation in &operations {
            let method = operation.method.as_str().parse().unwrap();
            let rule = access::rule_for(&method, &operation.path).expect("every operation has a rule");
            let cases = match cases(operation, &a, &b) {
                Ok(cases) => cases,
                Err(problem) => {
                    failures.push(problem);
                    continue;
                }
            };
            for case in cases {
                let reply = app.send(operation.method.clone(), &case.path, Some(token), case.body.clone()).await;
                calls += 1;
                let what = format!("{caller}: {} {} {}", operation.method, case.path, case.body.unwrap_or_default());
                let leaked = leaks(&reply, &b, &what);
                if !leaked.is_empty() {
                    failures.push(format!("{what} → {} shows B's {leaked:?}: {}", reply.status, reply.body));
                }
                if case.foreign.is_empty() {
                    continue;
                }
                foreign_calls += 1;
                // Public operations (sign-in, Meta's webhooks) and the operator's act for no company.
                let ok = match rule {
                    Rule::Company(_) if !admits(rule, session) => {
                        (reply.status, reply.code()) == (StatusCode::FORBIDDEN, "forbidden")
                    }
                    Rule::Company(_) => refused(&reply, &case.foreign),
                    _ => true,
                };
                if !ok {
                    failures
                        .push(format!("{what} → {} with B's id in {:?}: {}", reply.status, case.foreign, reply.body));
                }
            }
        }
    }
    println!(
        "tenant isolation on {backend:?}: {} operations, {calls} calls ({foreign_calls} carrying B's ids), {} markers of B",
        operations.len(),
        b.markers.len()
    );
    assert!(failures.is_empty(), "{} findings:\n{}", failures.len(), failures.join("\n"));
}
