//! A local stand-in for Meta's Graph API: the phone number profile, `/media` uploads and `/messages`, with the
//! errors Meta answers for an expired token, rate limits, the 24-hour window and undeliverable numbers;
//! received files (`GET /{version}/{media-id}` answers a download URL, which serves the bytes, or
//! the error a test sets); and Meta's signed webhook deliveries.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use blocopro_connectors::cloud_api::signature_header;
use serde_json::{Value, json};

use super::{Reply, TestApp};

pub const PHONE_NUMBER_ID: &str = "106540352242922";
pub const APP_SECRET: &str = "app-secret-value";
pub const VALID_TOKEN: &str = "EAAG-valid";

/// What the mock Graph API received on `/messages`.
pub type Sent = Arc<Mutex<Vec<Value>>>;
/// While set, the mock answers everything as Meta does when it is down or overloaded.
pub type Outage = Arc<AtomicBool>;
/// The files uploaded to `/media`: each part's name with its file name, type, size and SHA-256
/// (files) or text (other fields).
/// (A type of its own: the mock's handlers find their data by type.)
#[derive(Clone, Default)]
pub struct Uploads(Arc<Mutex<Vec<Value>>>);

impl Uploads {
    /// Every upload so far, oldest first.
    pub fn all(&self) -> Vec<Value> {
        self.0.lock().unwrap().clone()
    }
}

/// Reads an upload to the number's `/media` as Meta would, and answers its id.
async fn graph_upload(
    request: HttpRequest,
    mut form: actix_multipart::Multipart,
    uploads: web::Data<Uploads>,
) -> HttpResponse {
    use futures_util::StreamExt;
    use sha2::Digest;

    if bearer(&request) != Some(VALID_TOKEN) {
        return graph_error(401, 190, "Error validating access token");
    }
    let mut upload = serde_json::Map::new();
    while let Some(Ok(mut field)) = form.next().await {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.content_disposition().and_then(|d| d.get_filename()).map(str::to_owned);
        let mime_type = field.content_type().map(ToString::to_string);
        let (mut hasher, mut bytes) = (sha2::Sha256::new(), Vec::new());
        while let Some(Ok(chunk)) = field.next().await {
            hasher.update(&chunk);
            bytes.extend_from_slice(&chunk);
        }
        let value = match file_name {
            Some(file_name) => json!({
                "file_name": file_name, "mime_type": mime_type, "size": bytes.len(), "sha256": format!("{:x}", hasher.finalize()),
            }),
            None => json!(String::from_utf8_lossy(&bytes)),
        };
        upload.insert(name, value);
    }
    let mut uploads = uploads.0.lock().unwrap();
    uploads.push(Value::Object(upload));
    HttpResponse::Ok().json(json!({ "id": format!("media.{}", uploads.len()) }))
}

/// The WhatsApp Business Account whose templates the mock lists.
pub const WABA_ID: &str = "102290129340398";

/// The templates of the mocked WhatsApp Business Account (as Meta lists them), and the query of
/// every page asked.
#[derive(Clone, Default)]
pub struct Templates {
    listed: Arc<Mutex<Vec<Value>>>,
    asked: Arc<Mutex<Vec<HashMap<String, String>>>>,
}

impl Templates {
    /// From now on the account has these templates.
    pub fn set(&self, templates: Vec<Value>) {
        *self.listed.lock().unwrap() = templates;
    }

    /// The query of each page asked so far.
    pub fn asked(&self) -> Vec<HashMap<String, String>> {
        self.asked.lock().unwrap().clone()
    }
}

/// A template as Meta lists it, its body being `body`.
pub fn meta_template(name: &str, language: &str, status: &str, body: &str) -> Value {
    json!({
        "name": name, "language": language, "status": status, "category": "UTILITY",
        "id": format!("{name}-{language}"),
        "components": [
            { "type": "HEADER", "format": "TEXT", "text": "Acme Telecom" },
            { "type": "BODY", "text": body },
            { "type": "FOOTER", "text": "Não responda se já pagou" },
        ],
    })
}

/// `GET /{version}/{waba-id}/message_templates`: `limit` templates from the `after` cursor (an
/// index), with `paging.next` while more remain, as Meta pages.
async fn graph_templates(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<HashMap<String, String>>,
    templates: web::Data<Templates>,
    outage: web::Data<Outage>,
) -> HttpResponse {
    if let Some(refusal) = refused(&request, &outage) {
        return refusal;
    }
    let (version, waba_id) = path.into_inner();
    if waba_id != WABA_ID {
        return graph_error(400, 100, "Unsupported get request. Object with ID does not exist");
    }
    templates.asked.lock().unwrap().push(query.0.clone());
    let listed = templates.listed.lock().unwrap().clone();
    let limit: usize = query.get("limit").and_then(|limit| limit.parse().ok()).unwrap_or(25);
    let start: usize = query.get("after").and_then(|after| after.parse().ok()).unwrap_or(0);
    let end = (start + limit).min(listed.len());
    let mut paging = json!({ "cursors": { "before": start.to_string(), "after": end.to_string() } });
    if end < listed.len() {
        let host = request.connection_info().host().to_owned();
        paging["next"] =
            json!(format!("http://{host}/{version}/{waba_id}/message_templates?limit={limit}&after={end}"));
    }
    HttpResponse::Ok().json(json!({ "data": listed[start.min(end)..end], "paging": paging }))
}

/// What Meta answers instead of serving a request: 503 during an outage, 401 without the channel's token.
fn refused(request: &HttpRequest, outage: &Outage) -> Option<HttpResponse> {
    if outage.load(Ordering::SeqCst) {
        return Some(unavailable());
    }
    (bearer(request) != Some(VALID_TOKEN)).then(|| graph_error(401, 190, "Error validating access token"))
}

fn unavailable() -> HttpResponse {
    let body = json!({ "error": {
        "message": "(#2) Service temporarily unavailable", "type": "OAuthException", "is_transient": true, "code": 2
    } });
    HttpResponse::ServiceUnavailable().json(body)
}

/// A received file the mock serves, and the status its download answers instead while one is set.
struct MockFile {
    mime_type: String,
    bytes: Vec<u8>,
    failing_with: Option<u16>,
}

/// The files customers "sent" to the mocked number, by media id.
#[derive(Clone, Default)]
pub struct MediaFiles(Arc<Mutex<HashMap<String, MockFile>>>);

impl MediaFiles {
    /// Serves `bytes` as the file `media_id`.
    pub fn serve(&self, media_id: &str, mime_type: &str, bytes: &[u8]) {
        let file = MockFile { mime_type: mime_type.into(), bytes: bytes.to_vec(), failing_with: None };
        self.0.lock().unwrap().insert(media_id.into(), file);
    }

    /// The download of `media_id` answers `status` until `heal`.
    pub fn fail(&self, media_id: &str, status: u16) {
        self.0.lock().unwrap().get_mut(media_id).expect("a served file").failing_with = Some(status);
    }

    pub fn heal(&self, media_id: &str) {
        self.0.lock().unwrap().get_mut(media_id).expect("a served file").failing_with = None;
    }
}

/// `GET /{version}/{id}`: the number's profile, or a received file's download URL.
async fn graph_object(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    outage: web::Data<Outage>,
    files: web::Data<MediaFiles>,
) -> HttpResponse {
    if let Some(refusal) = refused(&request, &outage) {
        return refusal;
    }
    let (_, id) = path.into_inner();
    if id != PHONE_NUMBER_ID {
        return media_url(&request, &id, &files);
    }
    HttpResponse::Ok()
        .json(json!({ "display_phone_number": "+55 11 4000-1234", "verified_name": "Acme", "id": PHONE_NUMBER_ID }))
}

async fn graph_send(
    request: HttpRequest,
    body: web::Json<Value>,
    sent: web::Data<Sent>,
    outage: web::Data<Outage>,
) -> HttpResponse {
    if let Some(refusal) = refused(&request, &outage) {
        return refusal;
    }
    let to = body["to"].as_str().unwrap_or_default().to_owned();
    sent.lock().unwrap().push(body.into_inner());
    match to.as_str() {
        "5511900000429" => graph_error(400, 130429, "Rate limit hit"),
        "5511900131047" => graph_error(400, 131047, "Re-engagement message"),
        "5511900131026" => graph_error(400, 131026, "Message undeliverable"),
        _ => HttpResponse::Ok().json(json!({
            "messaging_product": "whatsapp",
            "contacts": [{ "input": to, "wa_id": to }],
            "messages": [{ "id": format!("wamid.SENT.{to}") }],
        })),
    }
}

fn media_url(request: &HttpRequest, media_id: &str, files: &MediaFiles) -> HttpResponse {
    let files = files.0.lock().unwrap();
    let Some(file) = files.get(media_id) else {
        return graph_error(400, 100, "Unsupported get request. Object with ID does not exist");
    };
    let host = request.connection_info().host().to_owned();
    HttpResponse::Ok().json(json!({
        "messaging_product": "whatsapp",
        "url": format!("http://{host}/whatsapp_business/attachments/?mid={media_id}"),
        "mime_type": file.mime_type,
        "sha256": "not checked",
        "file_size": file.bytes.len().to_string(),
        "id": media_id,
    }))
}

#[derive(serde::Deserialize)]
struct Download {
    mid: String,
}

/// The download URL: the bytes, with the channel's token only.
async fn media_download(
    request: HttpRequest,
    query: web::Query<Download>,
    files: web::Data<MediaFiles>,
) -> HttpResponse {
    if bearer(&request) != Some(VALID_TOKEN) {
        return HttpResponse::Unauthorized().finish();
    }
    let files = files.0.lock().unwrap();
    match files.get(&query.mid) {
        None => HttpResponse::NotFound().finish(),
        Some(MockFile { failing_with: Some(status), .. }) => {
            HttpResponse::build(actix_web::http::StatusCode::from_u16(*status).unwrap()).finish()
        }
        Some(file) => HttpResponse::Ok().content_type(file.mime_type.as_str()).body(file.bytes.clone()),
    }
}

fn bearer(request: &HttpRequest) -> Option<&str> {
    request.headers().get("Authorization")?.to_str().ok()?.strip_prefix("Bearer ")
}

fn graph_error(status: u16, code: i64, message: &str) -> HttpResponse {
    let body = json!({ "error": { "message": message, "type": "OAuthException", "code": code, "fbtrace_id": "A1" } });
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).json(body)
}

/// Starts the Graph API mock; answers its base URL and what it receives.
pub async fn graph_mock() -> (String, Sent) {
    let (base, sent, _) = graph_mock_with_outage().await;
    (base, sent)
}

/// The Graph API mock with a switch that makes it answer as Meta does while it is down.
pub async fn graph_mock_with_outage() -> (String, Sent, Outage) {
    let mock = start().await;
    (mock.base, mock.sent, mock.outage)
}

/// The Graph API mock with the files it serves.
pub async fn graph_mock_with_media() -> (String, MediaFiles) {
    let mock = start().await;
    (mock.base, mock.files)
}

/// The Graph API mock, with the files uploaded to it.
pub async fn graph_mock_with_uploads() -> (String, Sent, Outage, Uploads) {
    let mock = start().await;
    (mock.base, mock.sent, mock.outage, mock.uploads)
}

/// The Graph API mock with the templates of its WhatsApp Business Account (`WABA_ID`).
pub async fn graph_mock_with_templates() -> (String, Sent, Outage, Templates) {
    let mock = start().await;
    (mock.base, mock.sent, mock.outage, mock.templates)
}

/// A running mock and what it holds.
struct Mock {
    base: String,
    sent: Sent,
    outage: Outage,
    files: MediaFiles,
    uploads: Uploads,
    templates: Templates,
}

async fn start() -> Mock {
    let sent: Sent = Arc::default();
    let outage: Outage = Arc::default();
    let files = MediaFiles::default();
    let uploads = Uploads::default();
    let templates = Templates::default();
    let listed = web::Data::new(templates.clone());
    let data = web::Data::new(sent.clone());
    let down = web::Data::new(outage.clone());
    let served = web::Data::new(files.clone());
    let uploaded = web::Data::new(uploads.clone());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(down.clone())
            .app_data(served.clone())
            .app_data(uploaded.clone())
            .app_data(listed.clone())
            .route("/{version}/{waba_id}/message_templates", web::get().to(graph_templates))
            .route("/whatsapp_business/attachments/", web::get().to(media_download))
            .route("/{version}/{id}", web::get().to(graph_object))
            .route("/{version}/{phone_number_id}/messages", web::post().to(graph_send))
            .route("/{version}/{phone_number_id}/media", web::post().to(graph_upload))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let base = format!("http://{}", server.addrs()[0]);
    actix_web::rt::spawn(server.run());
    Mock { base, sent, outage, files, uploads, templates }
}

/// Posts a webhook delivery signed as Meta signs it.
pub async fn deliver(app: &TestApp, id: &str, payload: &Value) -> Reply {
    deliver_signed_with(app, id, payload, APP_SECRET).await
}

pub async fn deliver_signed_with(app: &TestApp, id: &str, payload: &Value, app_secret: &str) -> Reply {
    try_deliver_signed_with(app, id, payload, app_secret).await.unwrap()
}

/// A delivery to a server that may be stopping: the connection may be refused or cut.
pub async fn try_deliver(app: &TestApp, id: &str, payload: &Value) -> reqwest::Result<Reply> {
    try_deliver_signed_with(app, id, payload, APP_SECRET).await
}

async fn try_deliver_signed_with(app: &TestApp, id: &str, payload: &Value, app_secret: &str) -> reqwest::Result<Reply> {
    let body = serde_json::to_vec(payload).unwrap();
    let response = app
        .client
        .post(format!("{}/api/v1/webhooks/whatsapp-cloud/{id}", app.base))
        .header("Content-Type", "application/json")
        .header("X-Hub-Signature-256", signature_header(app_secret, &body))
        .body(body)
        .send()
        .await?;
    let status = response.status();
    let text = response.text().await?;
    Ok(Reply { status, body: serde_json::from_str(&text).unwrap_or(Value::String(text)) })
}

pub fn webhook(value: Value) -> Value {
    let mut value = value;
    value["messaging_product"] = json!("whatsapp");
    value["metadata"] = json!({ "display_phone_number": "551140001234", "phone_number_id": PHONE_NUMBER_ID });
    json!({ "object": "whatsapp_business_account", "entry": [{ "id": "2001", "changes": [{ "field": "messages", "value": value }] }] })
}

/// A text from the customer Maria, written now (so her 24-hour window is open).
pub fn text_message(id: &str, text: &str) -> Value {
    text_message_at(id, text, blocopro_domain::Timestamp::now())
}

/// A text from the customer Maria, written at `at`.
pub fn text_message_at(id: &str, text: &str, at: blocopro_domain::Timestamp) -> Value {
    let timestamp = at.as_second().to_string();
    webhook(json!({
        "contacts": [{ "profile": { "name": "Maria" }, "wa_id": "5511988887777" }],
        "messages": [{ "from": "5511988887777", "id": id, "timestamp": timestamp, "type": "text", "text": { "body": text } }]
    }))
}
