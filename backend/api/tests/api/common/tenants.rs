//! Companies seeded with the same shapes of data through the API — users, a department, a
//! simulator and a Cloud API channel with a greeting flow, a contact, a conversation with
//! messages, an imported group, an agenda event, a webhook and an API token — and what of each
//! must never show in another company's answers.

use std::collections::BTreeMap;
use std::time::Duration;

use blocopro_domain::permissions::Permission;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::principals::api_token;
use super::{PASSWORD, TestApp};

/// One seeded company.
pub struct Tenant {
    pub company_id: Uuid,
    /// The administrator's access token.
    pub admin: String,
    /// An API token holding every permission.
    pub api_token: String,
    /// The id of each kind of record (`user`, `channel`, `contact`, …).
    ids: BTreeMap<&'static str, String>,
    /// Every id, name, e-mail and number of the company's data.
    pub markers: Vec<String>,
}

impl Tenant {
    /// The id of the company's record of `kind`.
    pub fn id(&self, kind: &str) -> &str {
        self.ids.get(kind).unwrap_or_else(|| panic!("no seeded record of kind `{kind}`"))
    }

    /// Keeps the id at `pointer` of a created record's reply as the company's `kind`.
    fn record(&mut self, kind: &'static str, reply: &super::Reply, pointer: &str) -> String {
        let id = reply.body.pointer(pointer).and_then(Value::as_str);
        let id = id.unwrap_or_else(|| panic!("{kind}: {} {}", reply.status, reply.body)).to_owned();
        self.ids.insert(kind, id.clone());
        self.markers.push(id.clone());
        id
    }

    fn mark(&mut self, values: impl IntoIterator<Item = impl Into<String>>) {
        self.markers.extend(values.into_iter().map(Into::into));
    }

    /// Seeds the company `company_id` (named `name`) through its administrator `admin`. `tag`
    /// and `digit` make its names and numbers its own.
    pub async fn seed(app: &TestApp, admin: &str, company_id: Uuid, name: &str, tag: &str, digit: char) -> Self {
        let (_, token) = api_token(app, admin, Permission::ALL).await;
        let mut tenant = Tenant {
            company_id,
            admin: admin.to_owned(),
            api_token: token,
            ids: BTreeMap::new(),
            markers: vec![company_id.to_string(), name.to_owned()],
        };
        let phone = |n: u32| format!("+55119{0}{0}{0}{0}000{n}", digit);
        let me = app.get("/api/v1/me", admin).await.body;
        tenant.mark([&me["user"]["id"], &me["user"]["email"]].map(|v| v.as_str().unwrap().to_owned()));
        tenant.ids.insert("admin", me["user"]["id"].as_str().unwrap().to_owned());

        let department =
            app.post("/api/v1/departments", Some(admin), json!({ "name": format!("Financeiro {tag}") })).await;
        let department = tenant.record("department", &department, "/id");
        let attendant = json!({
            "name": format!("Atendente {tag}"), "full_name": format!("Atendente Completa {tag}"),
            "email": format!("atendente@{tag}.test"), "password": PASSWORD, "phone": phone(1),
            "department_ids": [department], "agenda_access": true,
        });
        let attendant = app.post("/api/v1/users", Some(admin), attendant).await;
        assert_eq!(attendant.status, StatusCode::CREATED, "{}", attendant.body);
        let attendant = tenant.record("user", &attendant, "/id");
        tenant.mark([format!("Atendente {tag}"), format!("atendente@{tag}.test"), phone(1), phone(1)[1..].to_owned()]);

        let (channel, number) = app.paired_simulator_named(admin, &format!("WhatsApp {tag}")).await;
        tenant.ids.insert("channel", channel.clone());
        tenant.mark([channel.clone(), format!("WhatsApp {tag}"), number.clone(), number[1..].to_owned()]);
        let linked =
            app.put(&format!("/api/v1/users/{attendant}/channels"), admin, json!({ "channel_ids": [channel] })).await;
        assert_eq!(linked.status, StatusCode::OK, "{}", linked.body);
        let cloud = json!({
            "name": format!("Cloud {tag}"), "kind": "whatsapp_cloud", "phone_number_id": format!("1065403522429{0}{0}", digit),
            "access_token": format!("EAAG-{tag}"), "app_secret": format!("app-secret-{tag}"), "verify_token": format!("verify-{tag}"),
        });
        let cloud = app.post("/api/v1/channels", Some(admin), cloud).await;
        tenant.record("cloud_channel", &cloud, "/id");
        tenant.mark([format!("Cloud {tag}"), format!("1065403522429{0}{0}", digit)]);
        let flow = json!({
            "enabled": true, "greeting": format!("Olá, aqui é a {tag}!"),
            "options": [{ "number": 1, "label": format!("Financeiro {tag}"), "department_id": department }],
        });
        let flow = app.put(&format!("/api/v1/channels/{channel}/flow"), admin, flow).await;
        assert_eq!(flow.status, StatusCode::OK, "{}", flow.body);
        // Open all week, so that no customer of the fixture gets the answer; its text marks the tenant.
        let always: Vec<Value> = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
            .iter()
            .map(|day| json!({ "weekday": day, "start": "00:00", "end": "24:00" }))
            .collect();
        let hours = json!({ "enabled": true, "rules": always, "away_message": format!("Fechado na {tag}.") });
        let hours = app.put(&format!("/api/v1/channels/{channel}/business-hours"), admin, hours).await;
        assert_eq!(hours.status, StatusCode::OK, "{}", hours.body);
        tenant.mark([format!("Fechado na {tag}.")]);

        let contact = json!({
            "phone": phone(2), "name": format!("Cliente {tag}"), "email": format!("cliente@{tag}.test"), "owner_id": attendant,
        });
        let contact = app.post("/api/v1/contacts", Some(admin), contact).await;
        tenant.record("contact", &contact, "/id");
        tenant.mark([format!("Cliente {tag}"), format!("cliente@{tag}.test"), phone(2), phone(2)[1..].to_owned()]);
        tenant.seed_conversation(app, &channel, &phone(2), tag).await;
        tenant.seed_media(app, &channel, &phone(2)).await;
        tenant.seed_group(app, &channel).await;

        let event = json!({
            "title": format!("Visita {tag}"), "starts_at": "2030-01-02T13:00:00Z", "ends_at": "2030-01-02T14:00:00Z",
            "contact_id": tenant.id("contact"), "user_id": attendant,
        });
        let event = app.post("/api/v1/agenda/events", Some(admin), event).await;
        tenant.record("event", &event, "/id");
        tenant.mark([format!("Visita {tag}")]);
        let webhook = json!({ "url": format!("https://hooks.{tag}.test/blocopro"), "events": ["message.created"] });
        let webhook = app.post("/api/v1/webhooks", Some(admin), webhook).await;
        tenant.record("webhook", &webhook, "/webhook/id");
        tenant.mark([format!("hooks.{tag}.test")]);
        let reply = json!({ "shortcut": format!("resposta-{tag}"), "text": format!("Resposta da {tag}") });
        let reply = app.post("/api/v1/quick-replies", Some(admin), reply).await;
        tenant.record("quick_reply", &reply, "/id");
        tenant.mark([format!("resposta-{tag}"), format!("Resposta da {tag}")]);
        let label = json!({ "name": format!("Etiqueta {tag}"), "colour": "teal" });
        let label = app.post("/api/v1/labels", Some(admin), label).await;
        let label = tenant.record("label", &label, "/id");
        tenant.mark([format!("Etiqueta {tag}")]);
        let path = format!("/api/v1/conversations/{}/labels", tenant.id("conversation"));
        let labelled = app.put(&path, admin, json!({ "label_ids": [label] })).await;
        assert_eq!(labelled.status, StatusCode::OK, "{}", labelled.body);
        let (token_id, _) = api_token(app, admin, &[Permission::UsersView]).await;
        tenant.ids.insert("api_token", token_id.clone());
        tenant.mark([token_id]);
        tenant.ids.insert("company", company_id.to_string());
        tenant
    }

    /// A message from the contact starts a conversation; its id and its messages' ids are marked.
    async fn seed_conversation(&mut self, app: &TestApp, channel: &str, from: &str, tag: &str) {
        let text = format!("Mensagem da {tag}");
        let body = json!({ "from": from, "text": text });
        let sent = app.post(&format!("/api/v1/simulator/channels/{channel}/inbound"), Some(&self.admin), body).await;
        assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.body);
        self.mark([text]);
        let conversation = poll(|| async {
            let listed = app.get("/api/v1/conversations", &self.admin).await.body;
            listed["items"].as_array().and_then(|items| items.first().cloned())
        })
        .await;
        let id = conversation["id"].as_str().unwrap().to_owned();
        let messages = app.get(&format!("/api/v1/conversations/{id}/messages"), &self.admin).await.body;
        for message in messages["items"].as_array().unwrap() {
            self.mark([message["id"].as_str().unwrap()]);
            self.ids.insert("message", message["id"].as_str().unwrap().to_owned());
        }
        self.ids.insert("conversation", id.clone());
        self.mark([id]);
    }

    /// The contact sends a photo whose bytes are stored (as the download worker leaves them).
    async fn seed_media(&mut self, app: &TestApp, channel: &str, from: &str) {
        use blocopro_connectors::{ConnectorEvent, ConnectorEventKind, InboundMessage};
        use blocopro_domain::message::{Media, MediaState, MessageContent, MessageKind};
        let bytes = futures_util::stream::iter([Ok::<_, std::io::Error>(actix_web::web::Bytes::from_static(b"photo"))]);
        let put = app.app.media.put(self.company_id, blocopro_media::byte_stream(bytes), 1024).await.unwrap();
        let media = Media {
            state: MediaState::Stored,
            size_bytes: Some(put.size),
            sha256: Some(put.sha256.to_string()),
            ..Media::pending("image/jpeg", None)
        };
        let id = media.id.to_string();
        let message = InboundMessage {
            sender_name: None,
            external_id: format!("wamid.{}", media.id.simple()),
            chat_id: from.into(),
            sender: from.into(),
            content: MessageContent { kind: MessageKind::Image, media: Some(media), ..MessageContent::default() },
            sent_at: blocopro_domain::Timestamp::now(),
        };
        let kind = ConnectorEventKind::Message(Box::new(message));
        let event = ConnectorEvent { channel_id: channel.parse().unwrap(), kind };
        blocopro_app::channels::dispatcher::apply(&app.app, event).await.unwrap();
        let path = format!("/api/v1/media/{id}");
        poll(|| async { (app.get(&path, &self.admin).await.status == StatusCode::OK).then_some(()) }).await;
        self.ids.insert("media", id.clone());
        self.mark([id]);

        // An upload to send: the same bytes, with no channel.
        let upload = Media {
            state: MediaState::Stored,
            size_bytes: Some(put.size),
            sha256: Some(put.sha256.to_string()),
            ..Media::pending("application/pdf", None)
        };
        let at = blocopro_domain::Timestamp::now();
        let upload = blocopro_store::Upload { kind: MessageKind::Document, media: upload };
        app.store.insert_upload(self.company_id, &upload, at).await.unwrap();
        self.ids.insert("upload", upload.media.id.to_string());
        self.mark([upload.media.id.to_string()]);
    }

    /// The company switches groups on, the channel's phone is in one group, which is imported.
    async fn seed_group(&mut self, app: &TestApp, channel: &str) {
        let operator = app.operator_token().await;
        let features = json!({ "features": { "whatsapp_groups": true } });
        let switched = app.patch(&format!("/api/v1/platform/companies/{}", self.company_id), &operator, features).await;
        assert_eq!(switched.status, StatusCode::OK, "{}", switched.body);
        let seeded = json!({ "count": 1, "participants_per_group": 2 });
        let seeded = app.post(&format!("/api/v1/simulator/channels/{channel}/groups"), Some(&self.admin), seeded).await;
        assert_eq!(seeded.status, StatusCode::CREATED, "{}", seeded.body);
        let group = &seeded.body["groups"][0];
        let external_id = group["external_id"].as_str().unwrap().to_owned();
        // The simulator names groups alike in every company; this one gets the company's own subject.
        let subject = format!("Grupo da {}", self.markers[1]);
        let renamed = json!({ "group_external_id": external_id, "subject": subject });
        let path = format!("/api/v1/simulator/channels/{channel}/group-changes");
        let renamed = app.post(&path, Some(&self.admin), renamed).await;
        assert!(renamed.status.is_success(), "{}", renamed.body);
        self.mark([external_id.clone(), subject]);
        let started =
            app.post(&format!("/api/v1/channels/{channel}/group-imports"), Some(&self.admin), json!({})).await;
        let job = self.record("group_import", &started, "/id");
        poll(|| async {
            let job = app.get(&format!("/api/v1/group-imports/{job}"), &self.admin).await.body;
            (job["status"] == "ready").then_some(())
        })
        .await;
        let imported = json!({ "external_ids": [external_id] });
        let imported = app.post(&format!("/api/v1/group-imports/{job}/import"), Some(&self.admin), imported).await;
        assert_eq!(imported.status, StatusCode::OK, "{}", imported.body);
        self.record("group", &imported, "/groups/0/id");
    }
}

/// Polls `probe` until it answers something.
async fn poll<T, F: std::future::Future<Output = Option<T>>>(probe: impl Fn() -> F) -> T {
    for _ in 0..250 {
        if let Some(found) = probe().await {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the seeded data never showed up");
}

/// The kind of record a path's `{id}` names, by the collection before it.
pub fn kind_of_collection(collection: &str) -> Option<&'static str> {
    Some(match collection {
        "users" => "user",
        "channels" => "channel",
        "whatsapp-cloud" => "cloud_channel",
        "contacts" => "contact",
        "conversations" => "conversation",
        "departments" => "department",
        "group-imports" => "group_import",
        "groups" => "group",
        "events" => "event",
        "webhooks" => "webhook",
        "api-tokens" => "api_token",
        "companies" => "company",
        "media" => "media",
        "quick-replies" => "quick_reply",
        "labels" => "label",
        _ => return None,
    })
}

/// The kind of record a query parameter holding an id names.
pub fn kind_of_query_param(name: &str) -> Option<&'static str> {
    Some(match name {
        "user_id" | "owner_id" | "assigned_to" => "user",
        "channel_id" => "channel",
        "department_id" => "department",
        "conversation_id" => "conversation",
        "label_id" => "label",
        "contact_id" => "contact",
        "around" => "message",
        "group_id" => "group",
        _ => return None,
    })
}

/// The value of each required query parameter that is not an id: one that would find B's records
/// as well as A's (every seeded conversation has a "Mensagem da …").
pub fn required_query_value(name: &str) -> Option<&'static str> {
    Some(match name {
        "q" => "mensagem",
        "from" => "2026-11-01",
        "to" => "2026-11-30",
        _ => return None,
    })
}

/// Further valid bodies of an operation whose fields exclude those of `body_template` (a template
/// message takes no text or file): their `@kind` fields are swept as well.
pub fn alternative_body_templates(method: &str, path: &str) -> Vec<Value> {
    match (method, path.trim_start_matches("/api/v1")) {
        ("POST", "/conversations/{id}/messages") => vec![json!({
            "template": { "name": "boas_vindas", "language": "pt_BR", "header_media_id": "@upload" },
        })],
        _ => Vec::new(),
    }
}

/// A valid request body for each operation that takes one. Strings `@kind` stand for the id of a
/// record of that kind; the test fills them from the company it aims at.
pub fn body_template(method: &str, path: &str) -> Option<Value> {
    let event = json!({
        "title": "Retorno", "starts_at": "2030-03-04T10:00:00Z", "ends_at": "2030-03-04T11:00:00Z",
        "contact_id": "@contact", "user_id": "@user",
    });
    let login = json!({ "email": "ninguem@nenhures.test", "password": "senha-errada-123" });
    let refresh = json!({ "refresh_token": "rt_nao-existe" });
    Some(match (method, path.trim_start_matches("/api/v1")) {
        ("POST", "/agenda/events") | ("PATCH", "/agenda/events/{id}") => event,
        ("POST", "/api-tokens") => json!({ "name": "Outra integração", "permissions": ["users.view"] }),
        ("POST", "/auth/login") | ("POST", "/platform/auth/login") => login,
        ("POST", "/auth/logout") | ("POST", "/auth/refresh") => refresh,
        ("POST", "/channels") => json!({ "name": "Canal novo", "kind": "simulator" }),
        ("PATCH", "/channels/{id}") => json!({ "name": "Canal renomeado" }),
        ("POST", "/channels/{id}/connect") => json!({}),
        ("POST", "/channels/{id}/disconnect") => json!({ "logout": false }),
        ("PUT", "/channels/{id}/flow") => json!({
            "enabled": true, "greeting": "Olá!",
            "options": [{ "number": 1, "label": "Financeiro", "department_id": "@department" }],
        }),
        ("PUT", "/channels/{id}/business-hours") => json!({
            "enabled": true, "rules": [{ "weekday": "monday", "start": "09:00", "end": "18:00" }], "away_message": "Fechado.",
        }),
        ("POST", "/channels/{id}/messages") => json!({ "to": "+5511977770001", "text": "Olá" }),
        ("PATCH", "/company") => json!({ "timezone": "America/Manaus" }),
        ("POST", "/contacts") => json!({ "phone": "+5511977770002", "name": "Contato novo", "owner_id": "@user" }),
        ("PATCH", "/contacts/{id}") => json!({ "name": "Contato renomeado", "owner_id": "@user" }),
        ("PATCH", "/conversations/{id}") => {
            json!({ "action": "transfer", "user_id": "@user", "department_id": "@department" })
        }
        ("POST", "/conversations/{id}/messages") => {
            json!({ "text": "Olá", "media_id": "@upload", "reply_to_message_id": "@message" })
        }
        ("POST", "/conversations/{id}/messages/{message_id}/reactions") => json!({ "emoji": "👍" }),
        ("POST", "/conversations/{id}/notes") => json!({ "text": "Nota da equipe" }),
        ("PUT", "/conversations/{id}/labels") => json!({ "label_ids": ["@label"] }),
        ("POST", "/labels") | ("PATCH", "/labels/{id}") => json!({ "name": "Etiqueta nova", "colour": "blue" }),
        ("POST", "/quick-replies")
        | ("PATCH", "/quick-replies/{id}")
        | ("POST", "/me/quick-replies")
        | ("PATCH", "/me/quick-replies/{id}") => json!({ "shortcut": "nova", "text": "Olá!" }),
        // Not multipart: refused as such, whoever asks.
        ("POST", "/media") => json!({}),
        ("POST", "/departments") | ("PATCH", "/departments/{id}") => json!({ "name": "Departamento novo" }),
        ("POST", "/group-imports/{id}/import") => json!({ "external_ids": ["120363000000000001@g.us"] }),
        ("POST", "/groups") => {
            json!({ "channel_id": "@channel", "subject": "Grupo novo", "participants": ["+5511977770003"] })
        }
        ("PATCH", "/groups/{id}") => json!({ "muted": true, "department_id": "@department" }),
        ("PUT", "/me/presence") => json!({ "status": "online" }),
        ("POST", "/platform/companies") => json!({ "name": "Empresa nova" }),
        ("PATCH", "/platform/companies/{id}") => json!({ "name": "Empresa renomeada" }),
        ("POST", "/platform/companies/{id}/admins") => {
            json!({ "name": "Admin", "email": "admin-novo@nenhures.test", "password": PASSWORD })
        }
        ("POST", "/simulator/channels/{id}/group-changes") => {
            json!({ "group_external_id": "120363000000000001@g.us", "subject": "Assunto novo" })
        }
        ("POST", "/simulator/channels/{id}/groups") => json!({ "count": 1, "participants_per_group": 2 }),
        ("POST", "/simulator/channels/{id}/inbound") => json!({ "from": "+5511977770004", "text": "Oi" }),
        ("POST", "/simulator/channels/{id}/reactions") => {
            json!({ "from": "+5511977770004", "target_external_id": "SIM.nenhum", "emoji": "👍" })
        }
        ("POST", "/users") => json!({
            "name": "Usuário novo", "email": "usuario-novo@nenhures.test", "password": PASSWORD, "department_ids": ["@department"],
        }),
        ("PATCH", "/users/{id}") => json!({ "name": "Usuário renomeado" }),
        ("PUT", "/users/{id}/access-hours") => json!({ "enabled": false }),
        ("PUT", "/users/{id}/channels") => json!({ "channel_ids": ["@channel"] }),
        ("PUT", "/users/{id}/departments") => json!({ "department_ids": ["@department"] }),
        ("PUT", "/users/{id}/permissions") => json!({ "permissions": ["users.view"] }),
        ("POST", "/webhooks") => json!({ "url": "https://hooks.nenhures.test/x", "events": ["message.created"] }),
        ("POST", "/webhooks/whatsapp-cloud/{id}") => json!({ "object": "whatsapp_business_account", "entry": [] }),
        _ => return None,
    })
}

/// One `@kind` placeholder of a template: the field it fills, the fields it is nested in (the
/// outermost first, the field last) and the kind of record.
#[derive(Debug, Clone)]
pub struct Reference {
    pub field: String,
    pub within: Vec<String>,
    pub kind: String,
}

/// The placeholders of `template`, in the order `render` fills them.
pub fn references(template: &Value) -> Vec<Reference> {
    let mut found = Vec::new();
    walk(template, &mut Vec::new(), &mut |within, kind| {
        let field = within.last().cloned().unwrap_or_else(|| "body".to_owned());
        found.push(Reference { field, within: within.to_vec(), kind: kind.to_owned() })
    });
    found
}

fn walk(value: &Value, within: &mut Vec<String>, visit: &mut impl FnMut(&[String], &str)) {
    match value {
        Value::String(text) => {
            if let Some(kind) = text.strip_prefix('@') {
                visit(within, kind);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| walk(item, within, visit)),
        Value::Object(fields) => {
            for (name, item) in fields {
                within.push(name.clone());
                walk(item, within, visit);
                within.pop();
            }
        }
        _ => {}
    }
}

/// `template` with every placeholder filled from `home`, except the `foreign`-th one (if any),
/// filled from `other`.
pub fn render(template: &Value, home: &Tenant, other: &Tenant, foreign: Option<usize>) -> Value {
    let mut index = 0;
    fill(template, &mut |kind| {
        let tenant = if foreign == Some(index) { other } else { home };
        index += 1;
        tenant.id(kind).to_owned()
    })
}

fn fill(value: &Value, id_of: &mut impl FnMut(&str) -> String) -> Value {
    match value {
        Value::String(text) => match text.strip_prefix('@') {
            Some(kind) => Value::String(id_of(kind)),
            None => value.clone(),
        },
        Value::Array(items) => Value::Array(items.iter().map(|item| fill(item, id_of)).collect()),
        Value::Object(fields) => {
            Value::Object(fields.iter().map(|(name, item)| (name.clone(), fill(item, id_of))).collect())
        }
        other => other.clone(),
    }
}
