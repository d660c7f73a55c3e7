//! A local stand-in for Meta's Graph API (Meta itself is not reachable from here): it answers the
//! number's profile and `POST /{version}/{phone_number_id}/messages`, counts every message it
//! accepts by its text, and can be told to refuse everything for a while with the answer Meta
//! gives when it is overloaded (503, error code 2, `is_transient`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use serde_json::{Value, json};

pub const ACCESS_TOKEN: &str = "EAAG-crash-check";

#[derive(Default)]
pub struct Graph {
    refusing: AtomicBool,
    next_id: AtomicU64,
    /// Texts of the messages accepted for sending, with how many times each was.
    accepted: Mutex<HashMap<String, u32>>,
    /// Texts of the sends refused while refusing, with how many times each was.
    refused: Mutex<HashMap<String, u32>>,
}

impl Graph {
    pub fn refuse(&self, refusing: bool) {
        self.refusing.store(refusing, Ordering::SeqCst);
    }

    pub fn accepted(&self) -> HashMap<String, u32> {
        self.accepted.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    pub fn refused(&self) -> HashMap<String, u32> {
        self.refused.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    fn record(&self, book: &Mutex<HashMap<String, u32>>, text: &str) {
        *book.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).entry(text.to_owned()).or_default() += 1;
    }
}

/// Starts the fake Graph API on a free port; answers its base URL.
pub fn start(graph: Arc<Graph>) -> anyhow::Result<String> {
    let data = web::Data::from(graph);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .route("/{version}/{phone_number_id}", web::get().to(profile))
            .route("/{version}/{phone_number_id}/messages", web::post().to(send))
    })
    .workers(1)
    .disable_signals()
    .bind("127.0.0.1:0")?;
    let base_url = format!("http://{}", server.addrs()[0]);
    actix_web::rt::spawn(server.run());
    Ok(base_url)
}

async fn profile(graph: web::Data<Graph>, request: HttpRequest) -> HttpResponse {
    if let Some(refusal) = refusal(&graph, &request) {
        return refusal;
    }
    HttpResponse::Ok().json(json!({ "display_phone_number": "+55 11 4000-1234", "verified_name": "Crash Check" }))
}

async fn send(graph: web::Data<Graph>, request: HttpRequest, body: web::Json<Value>) -> HttpResponse {
    let text = body["text"]["body"].as_str().unwrap_or_default();
    if let Some(refusal) = refusal(&graph, &request) {
        graph.record(&graph.refused, text);
        return refusal;
    }
    graph.record(&graph.accepted, text);
    let id = graph.next_id.fetch_add(1, Ordering::SeqCst);
    let to = body["to"].as_str().unwrap_or_default();
    HttpResponse::Ok().json(json!({
        "messaging_product": "whatsapp",
        "contacts": [{ "input": to, "wa_id": to }],
        "messages": [{ "id": format!("wamid.CRASHOUT{id:08}") }],
    }))
}

/// Meta's answers for a wrong token, and while it is down.
fn refusal(graph: &Graph, request: &HttpRequest) -> Option<HttpResponse> {
    let bearer = request.headers().get("Authorization").and_then(|value| value.to_str().ok());
    if bearer != Some(&format!("Bearer {ACCESS_TOKEN}")) {
        let error =
            json!({ "error": { "message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190 } });
        return Some(HttpResponse::Unauthorized().json(error));
    }
    graph.refusing.load(Ordering::SeqCst).then(|| {
        HttpResponse::ServiceUnavailable().json(json!({ "error": {
            "message": "(#2) Service temporarily unavailable",
            "type": "OAuthException",
            "is_transient": true,
            "code": 2,
            "fbtrace_id": "AcrashCheck",
        } }))
    })
}
