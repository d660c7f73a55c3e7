//! WhatsApp groups through the real application on both databases: the pre-import job, importing
//! a selection (idempotently), settings, un-import and re-import, sync, changes reported by the
//! connector, creating a group, the rules (feature, channel kind, connection, permissions) and
//! tenant isolation.

use crate::common;

use std::time::Duration;

use blocopro_domain::Timestamp;
use blocopro_domain::group::{GroupImportJob, GroupImportStatus, Progress};
use common::{Backend, TestApp};
use serde_json::{Value, json};
use uuid::Uuid;

on_both_backends!(
    groups_are_pre_imported_selected_and_imported_once,
    imported_groups_are_configured_un_imported_and_come_back,
    groups_follow_whatsapp_and_can_be_created,
    group_rules_are_explained,
    attendants_see_the_groups_of_their_channels,
    groups_are_isolated_per_company,
);

/// A connected simulator channel in a company with groups switched on, in `count` groups.
pub(crate) async fn channel_in_groups(app: &TestApp, admin: &str, count: usize) -> (String, Vec<String>) {
    app.set_groups_feature(true).await;
    let (channel, _) = app.paired_simulator(admin).await;
    let seeded = app
        .post(
            &format!("/api/v1/simulator/channels/{channel}/groups"),
            Some(admin),
            json!({ "count": count, "participants_per_group": 3 }),
        )
        .await;
    assert_eq!(seeded.status, 201, "{}", seeded.body);
    let ids = seeded.body["groups"].as_array().unwrap().iter().map(|g| g["external_id"].as_str().unwrap().into());
    (channel, ids.collect())
}

/// Starts a pre-import and waits for it to be `ready`; answers the job.
pub(crate) async fn pre_import(app: &TestApp, token: &str, channel: &str) -> Value {
    let started = app.post(&format!("/api/v1/channels/{channel}/group-imports"), Some(token), json!({})).await;
    assert_eq!(started.status, 202, "{}", started.body);
    assert_eq!(started.body["channel_id"], channel);
    let id = started.body["id"].as_str().unwrap().to_owned();
    for _ in 0..250 {
        let job = app.get(&format!("/api/v1/group-imports/{id}"), token).await;
        assert_eq!(job.status, 200, "{}", job.body);
        match job.body["status"].as_str().unwrap() {
            "running" => tokio::time::sleep(Duration::from_millis(20)).await,
            "ready" => return job.body,
            other => panic!("the pre-import ended {other}: {}", job.body),
        }
    }
    panic!("the pre-import never finished");
}

pub(crate) async fn import(app: &TestApp, token: &str, job: &Value, external_ids: &[&str]) -> common::Reply {
    let path = format!("/api/v1/group-imports/{}/import", job["id"].as_str().unwrap());
    app.post(&path, Some(token), json!({ "external_ids": external_ids })).await
}

fn field<'a>(items: &'a Value, name: &str) -> Vec<&'a str> {
    items.as_array().unwrap().iter().map(|item| item[name].as_str().unwrap()).collect()
}

async fn audit_actions(app: &TestApp, token: &str) -> Vec<String> {
    let log = app.get("/api/v1/audit-log?limit=200", token).await.body;
    field(&log["items"], "action").into_iter().map(str::to_owned).collect()
}

async fn groups_are_pre_imported_selected_and_imported_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, external_ids) = channel_in_groups(&app, &admin, 5).await;

    let job = pre_import(&app, &admin, &channel).await;
    assert_eq!(job["progress"], json!({ "done": 5, "total": 5 }));
    let candidates = &job["candidates"];
    assert_eq!(field(candidates, "subject"), ["Grupo 0001", "Grupo 0002", "Grupo 0003", "Grupo 0004", "Grupo 0005"]);
    assert!(
        candidates.as_array().unwrap().iter().all(|c| c["already_imported"] == false && c["participant_count"] == 3)
    );
    let job_path = format!("/api/v1/group-imports/{}", job["id"].as_str().unwrap());
    let searched = app.get(&format!("{job_path}?q=0004"), &admin).await.body;
    assert_eq!(field(&searched["candidates"], "subject"), ["Grupo 0004"]);

    let chosen = [external_ids[0].as_str(), external_ids[2].as_str()];
    let imported = import(&app, &admin, &job, &chosen).await;
    assert_eq!(imported.status, 200, "{}", imported.body);
    let groups = &imported.body["groups"];
    assert_eq!(field(groups, "external_id"), chosen);
    assert_eq!(groups[0]["participant_count"], 3);
    assert_eq!(groups[0]["channel_id"], channel.as_str());

    let again = import(&app, &admin, &job, &chosen).await;
    assert_eq!(field(&again.body["groups"], "id"), field(groups, "id"), "importing twice creates nothing new");
    let listed = app.get("/api/v1/groups", &admin).await.body;
    assert_eq!(field(&listed["items"], "subject"), ["Grupo 0001", "Grupo 0003"]);

    let candidates = app.get(&job_path, &admin).await.body["candidates"].clone();
    let imported_flags: Vec<(bool, Value)> = candidates
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["already_imported"].as_bool().unwrap(), c["imported_group_id"].clone()))
        .collect();
    assert_eq!(imported_flags[0], (true, groups[0]["id"].clone()));
    assert_eq!(imported_flags[1], (false, Value::Null));

    let unknown = import(&app, &admin, &job, &[external_ids[1].as_str(), "999@g.us", "998@g.us"]).await;
    assert_eq!((unknown.status.as_u16(), unknown.code()), (422, "validation_failed"));
    let message = unknown.body["errors"]["external_ids"][0].as_str().unwrap();
    assert!(message.contains("999@g.us") && message.contains("998@g.us"), "{message}");
    let listed = app.get("/api/v1/groups", &admin).await.body;
    assert_eq!(listed["items"].as_array().unwrap().len(), 2, "a refused import stores nothing");

    let detail = app.get(&format!("/api/v1/groups/{}", groups[0]["id"].as_str().unwrap()), &admin).await;
    assert_eq!(detail.status, 200, "{}", detail.body);
    let participants = detail.body["participants"].as_array().unwrap();
    assert_eq!(participants.len(), 3);
    assert_eq!(participants.iter().filter(|p| p["is_admin"] == true).count(), 1, "the seeded admin");
    assert!(participants.iter().all(|p| p["contact_id"].is_string() && p["phone"].as_str().unwrap().starts_with('+')));
    let member = participants[0]["contact_id"].as_str().unwrap();
    let theirs = app.get(&format!("/api/v1/groups?contact_id={member}"), &admin).await.body;
    let ids: Vec<&Value> = theirs["items"].as_array().unwrap().iter().map(|group| &group["id"]).collect();
    assert!(ids.contains(&&groups[0]["id"]), "the groups a contact takes part in: {theirs}");

    let fresh = pre_import(&app, &admin, &channel).await;
    assert_ne!(fresh["id"], job["id"], "a new pre-import reads the groups afresh");
    assert_eq!(fresh["candidates"].as_array().unwrap().iter().filter(|c| c["already_imported"] == true).count(), 2);
    assert!(audit_actions(&app, &admin).await.iter().filter(|action| *action == "groups.imported").count() >= 2);
}

async fn imported_groups_are_configured_un_imported_and_come_back(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, external_ids) = channel_in_groups(&app, &admin, 3).await;
    let job = pre_import(&app, &admin, &channel).await;
    let all: Vec<&str> = external_ids.iter().map(String::as_str).collect();
    let groups = import(&app, &admin, &job, &all).await.body["groups"].clone();
    let id = groups[1]["id"].as_str().unwrap().to_owned();
    let department = app.post("/api/v1/departments", Some(&admin), json!({ "name": "Comercial" })).await.body;
    let department_id = department["id"].as_str().unwrap();

    let path = format!("/api/v1/groups/{id}");
    let updated = app.patch(&path, &admin, json!({ "department_id": department_id, "muted": true })).await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    assert_eq!((updated.body["department_id"].as_str(), &updated.body["muted"]), (Some(department_id), &json!(true)));
    let archived = app.patch(&path, &admin, json!({ "archived": true })).await.body;
    assert_eq!((&archived["archived"], &archived["muted"]), (&json!(true), &json!(true)), "other settings stay");
    let by_department = app.get(&format!("/api/v1/groups?department_id={department_id}"), &admin).await.body;
    assert_eq!(field(&by_department["items"], "id"), [id.as_str()]);
    let active = app.get("/api/v1/groups?archived=false", &admin).await.body;
    assert_eq!(active["items"].as_array().unwrap().len(), 2);
    let first_page = app.get("/api/v1/groups?limit=2", &admin).await.body;
    let cursor = first_page["next_cursor"].as_str().unwrap();
    let second_page = app.get(&format!("/api/v1/groups?limit=2&cursor={cursor}"), &admin).await.body;
    assert_eq!(field(&second_page["items"], "subject"), ["Grupo 0003"]);
    assert_eq!(second_page["next_cursor"], Value::Null);

    let cleared = app.patch(&path, &admin, json!({ "department_id": null })).await.body;
    assert_eq!(cleared["department_id"], Value::Null);
    let stranger = app.patch(&path, &admin, json!({ "department_id": Uuid::now_v7() })).await;
    assert_eq!((stranger.status.as_u16(), stranger.code()), (422, "validation_failed"));
    assert!(stranger.body["errors"]["department_id"].is_array(), "{}", stranger.body);
    let unknown_field = app.patch(&path, &admin, json!({ "subject": "novo" })).await;
    assert_eq!(unknown_field.status, 422);

    let inbound = app
        .post(
            &format!("/api/v1/simulator/channels/{channel}/inbound"),
            Some(&admin),
            json!({ "from": "+5511955554444", "text": "Bom dia, grupo", "group_external_id": external_ids[1] }),
        )
        .await;
    assert_eq!(inbound.status, 202, "{}", inbound.body);
    let history_path = format!("/api/v1/channels/{channel}/messages?chat_id={}", external_ids[1]);
    wait_until(|| async { app.get(&history_path, &admin).await.body["items"].as_array().unwrap().len() == 1 }).await;

    assert_eq!(app.delete(&path, &admin).await.status, 204);
    assert_eq!(app.get(&path, &admin).await.status, 404);
    assert_eq!(app.delete(&path, &admin).await.status, 404);
    let listed = app.get("/api/v1/groups", &admin).await.body;
    assert_eq!(field(&listed["items"], "id").len(), 2, "an un-imported group leaves the list");

    let job = pre_import(&app, &admin, &channel).await;
    let back = import(&app, &admin, &job, &[external_ids[1].as_str()]).await.body;
    assert_eq!(back["groups"][0]["id"], id.as_str(), "the same group comes back");
    assert_eq!(back["groups"][0]["archived"], true, "with its settings");
    let history = app.get(&history_path, &admin).await.body;
    assert_eq!(history["items"][0]["text"], "Bom dia, grupo", "and its history");

    let actions = audit_actions(&app, &admin).await;
    for action in ["group.updated", "group.unimported", "groups.imported"] {
        assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
    }
}

async fn wait_until<F, Fut>(mut condition: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..250 {
        if condition().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the condition never held");
}

async fn groups_follow_whatsapp_and_can_be_created(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, external_ids) = channel_in_groups(&app, &admin, 1).await;
    let job = pre_import(&app, &admin, &channel).await;
    let group = import(&app, &admin, &job, &[external_ids[0].as_str()]).await.body["groups"][0].clone();
    let path = format!("/api/v1/groups/{}", group["id"].as_str().unwrap());

    let changes = format!("/api/v1/simulator/channels/{channel}/group-changes");
    let reported = app
        .post(
            &changes,
            Some(&admin),
            json!({ "group_external_id": external_ids[0], "subject": "Clientes VIP", "joined": ["+5511955554444"] }),
        )
        .await;
    assert_eq!(reported.status, 202, "{}", reported.body);
    wait_until(|| async {
        let detail = app.get(&path, &admin).await.body;
        detail["subject"] == "Clientes VIP" && detail["participant_count"] == 4
    })
    .await;
    let detail = app.get(&path, &admin).await.body;
    let joined = detail["participants"].as_array().unwrap().iter().find(|p| p["phone"] == "+5511955554444").unwrap();
    assert_eq!(joined["is_admin"], false);

    let leaving = detail["participants"].as_array().unwrap().iter().find(|p| p["phone"] != "+5511955554444").unwrap();
    let promoted =
        json!({ "group_external_id": external_ids[0], "promoted": ["+5511955554444"], "left": [leaving["phone"]] });
    app.post(&changes, Some(&admin), promoted).await;
    wait_until(|| async { app.get(&path, &admin).await.body["participant_count"] == 3 }).await;
    let synced = app.post(&format!("{path}/sync"), Some(&admin), json!({})).await;
    assert_eq!(synced.status, 200, "{}", synced.body);
    assert_eq!(synced.body["subject"], "Clientes VIP");
    let admins: Vec<&str> = synced.body["participants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["is_admin"] == true)
        .map(|p| p["phone"].as_str().unwrap())
        .collect();
    assert!(admins.contains(&"+5511955554444"), "{admins:?}");
    let bad_change = app.post(&changes, Some(&admin), json!({ "group_external_id": external_ids[0] })).await;
    assert_eq!(bad_change.status, 422);

    let created = app
        .post(
            "/api/v1/groups",
            Some(&admin),
            json!({ "channel_id": channel, "subject": "  Novos clientes ", "participants": ["+5511944443333", "+5511955554444"] }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(
        (created.body["subject"].as_str(), &created.body["participant_count"]),
        (Some("Novos clientes"), &json!(2))
    );
    assert_eq!(created.body["own_number_is_admin"], true);
    let listed = app.get(&format!("/api/v1/groups?channel_id={channel}&q=novos"), &admin).await.body;
    assert_eq!(field(&listed["items"], "id"), [created.body["id"].as_str().unwrap()]);
    let members = created.body["participants"].as_array().unwrap();
    let known = members.iter().find(|p| p["phone"] == "+5511955554444").unwrap();
    let before = detail["participants"].as_array().unwrap().iter().find(|p| p["phone"] == "+5511955554444").unwrap();
    assert_eq!(known["contact_id"], before["contact_id"], "a number already known is the same contact");

    let invalid = app
        .post(
            "/api/v1/groups",
            Some(&admin),
            json!({ "channel_id": channel, "subject": "", "participants": ["11999"] }),
        )
        .await;
    assert_eq!(invalid.status, 422);
    assert!(invalid.body["errors"]["subject"].is_array() && invalid.body["errors"]["participants"].is_array());
    assert!(audit_actions(&app, &admin).await.iter().any(|a| a == "group.created"));
}

async fn group_rules_are_explained(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let start = |channel: String| {
        let (app, admin) = (app.clone(), admin.clone());
        async move { app.post(&format!("/api/v1/channels/{channel}/group-imports"), Some(&admin), json!({})).await }
    };

    let off = start(channel.clone()).await;
    assert_eq!((off.status.as_u16(), off.code()), (403, "feature_not_enabled"));
    assert!(off.body["detail"].as_str().unwrap().contains("whatsapp_groups"));
    assert_eq!(app.get("/api/v1/groups", &admin).await.code(), "feature_not_enabled");
    app.set_groups_feature(true).await;

    let cloud = app
        .post(
            "/api/v1/channels",
            Some(&admin),
            json!({ "name": "Oficial", "kind": "whatsapp_cloud", "phone_number_id": "1234567890",
                    "access_token": "EAAG-token", "app_secret": "app-secret-value", "verify_token": "verify-me" }),
        )
        .await;
    assert_eq!(cloud.status, 201, "{}", cloud.body);
    let not_supported = start(cloud.body["id"].as_str().unwrap().into()).await;
    assert_eq!((not_supported.status.as_u16(), not_supported.code()), (422, "groups_not_supported"));
    assert!(not_supported.body["detail"].as_str().unwrap().contains("Cloud API"));
    let cloud_group = app
        .post(
            "/api/v1/groups",
            Some(&admin),
            json!({ "channel_id": cloud.body["id"], "subject": "VIP", "participants": ["+5511944443333"] }),
        )
        .await;
    assert_eq!(cloud_group.code(), "groups_not_supported");

    let offline = app.create_simulator(&admin, "Desligado").await;
    let not_connected = start(offline).await;
    assert_eq!((not_connected.status.as_u16(), not_connected.code()), (409, "channel_not_connected"));
    assert_eq!(start(Uuid::now_v7().to_string()).await.status, 404);

    app.create_attendant(&admin, "dora@acme.test", json!({})).await;
    let dora = app.token_for("dora@acme.test").await;
    let forbidden = app.post(&format!("/api/v1/channels/{channel}/group-imports"), Some(&dora), json!({})).await;
    assert_eq!((forbidden.status.as_u16(), forbidden.code()), (403, "forbidden"));
    let create = json!({ "channel_id": channel, "subject": "VIP", "participants": ["+5511944443333"] });
    assert_eq!(app.post("/api/v1/groups", Some(&dora), create).await.status, 403);

    // A job that has not listed the groups yet cannot be imported from.
    let company_id = app.company_id;
    let channel_id: Uuid = channel.parse().unwrap();
    let running = GroupImportJob {
        id: Uuid::now_v7(),
        company_id,
        channel_id,
        status: GroupImportStatus::Running,
        progress: Progress::default(),
        error: None,
        created_by: None,
        created_at: Timestamp::now(),
        finished_at: None,
    };
    app.store.start_group_import(&running).await.unwrap();
    let again = start(channel.clone()).await;
    assert_eq!(again.body["id"], running.id.to_string(), "a second request answers the running job");
    let not_ready = app
        .post(
            &format!("/api/v1/group-imports/{}/import", running.id),
            Some(&admin),
            json!({ "external_ids": ["1@g.us"] }),
        )
        .await;
    assert_eq!((not_ready.status.as_u16(), not_ready.code()), (409, "import_not_ready"));
    let malformed = app
        .post(&format!("/api/v1/group-imports/{}/import", running.id), Some(&admin), json!({ "external_ids": [] }))
        .await;
    assert_eq!(malformed.status, 422);

    app.set_groups_feature(false).await;
    let switched_off = app.get(&format!("/api/v1/group-imports/{}", running.id), &admin).await;
    assert_eq!(switched_off.code(), "feature_not_enabled");
}

async fn attendants_see_the_groups_of_their_channels(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, external_ids) = channel_in_groups(&app, &admin, 2).await;
    let other = app.create_simulator(&admin, "Outro").await;
    let job = pre_import(&app, &admin, &channel).await;
    let groups = import(&app, &admin, &job, &[external_ids[0].as_str()]).await.body["groups"].clone();
    let group_path = format!("/api/v1/groups/{}", groups[0]["id"].as_str().unwrap());

    let dora_id = app.create_attendant(&admin, "dora@acme.test", json!({})).await;
    let dora = app.token_for("dora@acme.test").await;
    assert!(app.get("/api/v1/groups", &dora).await.body["items"].as_array().unwrap().is_empty());
    assert_eq!(app.get(&group_path, &dora).await.status, 404);

    let linked =
        app.put(&format!("/api/v1/users/{dora_id}/channels"), &admin, json!({ "channel_ids": [channel] })).await;
    assert_eq!(linked.status, 200, "{}", linked.body);
    let listed = app.get("/api/v1/groups", &dora).await.body;
    assert_eq!(field(&listed["items"], "id"), [groups[0]["id"].as_str().unwrap()]);
    assert_eq!(app.get(&group_path, &dora).await.status, 200);
    assert_eq!(app.patch(&group_path, &dora, json!({ "muted": true })).await.status, 403);
    assert_eq!(app.delete(&group_path, &dora).await.status, 403);
    let job_path = format!("/api/v1/group-imports/{}", job["id"].as_str().unwrap());
    assert_eq!(app.get(&job_path, &dora).await.status, 403);

    app.put(&format!("/api/v1/users/{dora_id}/channels"), &admin, json!({ "channel_ids": [other] })).await;
    assert!(app.get("/api/v1/groups", &dora).await.body["items"].as_array().unwrap().is_empty());
}

async fn groups_are_isolated_per_company(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, external_ids) = channel_in_groups(&app, &admin, 1).await;
    let job = pre_import(&app, &admin, &channel).await;
    let group = import(&app, &admin, &job, &[external_ids[0].as_str()]).await.body["groups"][0].clone();

    let (globex, theirs) = app.other_company("Globex", "admin@globex.test").await;
    let operator = app.operator_token().await;
    app.patch(
        &format!("/api/v1/platform/companies/{globex}"),
        &operator,
        json!({ "features": { "whatsapp_groups": true } }),
    )
    .await;
    let job_id = job["id"].as_str().unwrap();
    let group_path = format!("/api/v1/groups/{}", group["id"].as_str().unwrap());
    assert_eq!(
        app.post(&format!("/api/v1/channels/{channel}/group-imports"), Some(&theirs), json!({})).await.status,
        404
    );
    assert_eq!(app.get(&format!("/api/v1/group-imports/{job_id}"), &theirs).await.status, 404);
    let steal = app
        .post(&format!("/api/v1/group-imports/{job_id}/import"), Some(&theirs), json!({ "external_ids": external_ids }))
        .await;
    assert_eq!(steal.status, 404);
    for reply in [
        app.get(&group_path, &theirs).await,
        app.patch(&group_path, &theirs, json!({ "muted": true })).await,
        app.post(&format!("{group_path}/sync"), Some(&theirs), json!({})).await,
        app.delete(&group_path, &theirs).await,
    ] {
        assert_eq!(reply.status, 404, "{}", reply.body);
    }
    let create = json!({ "channel_id": channel, "subject": "Intrusos", "participants": ["+5511944443333"] });
    assert_eq!(app.post("/api/v1/groups", Some(&theirs), create).await.status, 404);
    assert!(app.get("/api/v1/groups", &theirs).await.body["items"].as_array().unwrap().is_empty());
    let mine = app.get(&group_path, &admin).await.body;
    assert_eq!(mine["muted"], false, "nothing changed");
}
