//! A local integrator's endpoint for webhook deliveries: it answers from a script (a status, or
//! never in time) and keeps what it received, so tests can check bodies, headers and signatures.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use blocopro_domain::webhook::{SIGNATURE_HEADER, signature_is_valid};
use serde_json::Value;

#[derive(Clone, Copy, Debug)]
pub enum Answer {
    Status(u16),
    /// Answers only long after any sender has given up.
    Never,
}

#[derive(Clone, Debug)]
pub struct Received {
    pub event: String,
    pub delivery: String,
    pub signature: String,
    pub body: Vec<u8>,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    /// Verified as an integrator would, with a five-minute tolerance.
    pub fn is_signed_with(&self, secret: &str) -> bool {
        let tolerance = jiff::SignedDuration::from_mins(5);
        signature_is_valid(secret, &self.signature, &self.body, jiff::Timestamp::now(), tolerance)
    }
}

#[derive(Default)]
struct Shared {
    /// Answers in order; 200 once they run out.
    script: Mutex<VecDeque<Answer>>,
    received: Mutex<Vec<Received>>,
}

#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    shared: Arc<Shared>,
}

fn header(request: &HttpRequest, name: &str) -> String {
    request.headers().get(name).and_then(|value| value.to_str().ok()).unwrap_or_default().to_owned()
}

async fn receive(request: HttpRequest, body: web::Bytes, shared: web::Data<Arc<Shared>>) -> HttpResponse {
    shared.received.lock().unwrap().push(Received {
        event: header(&request, "X-BlocoPro-Event"),
        delivery: header(&request, "X-BlocoPro-Delivery"),
        signature: header(&request, SIGNATURE_HEADER),
        body: body.to_vec(),
    });
    let answer = shared.script.lock().unwrap().pop_front().unwrap_or(Answer::Status(200));
    match answer {
        Answer::Status(status) => HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).finish(),
        Answer::Never => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            HttpResponse::Ok().finish()
        }
    }
}

impl Receiver {
    pub async fn start(script: &[Answer]) -> Self {
        Self::start_on(0, script).await
    }

    /// On a given port (0: any free one).
    pub async fn start_on(port: u16, script: &[Answer]) -> Self {
        let shared = Arc::new(Shared { script: Mutex::new(script.iter().copied().collect()), ..Shared::default() });
        let data = web::Data::new(shared.clone());
        let server = HttpServer::new(move || App::new().app_data(data.clone()).route("/hook", web::post().to(receive)))
            .workers(1)
            .bind(("127.0.0.1", port))
            .unwrap();
        let url = format!("http://{}/hook", server.addrs()[0]);
        actix_web::rt::spawn(server.run());
        Self { url, shared }
    }

    /// A URL on which nothing listens yet (a receiver may start there later).
    pub fn unreachable_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    /// Waits until at least `count` requests arrived.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        for _ in 0..500 {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("the receiver got {} requests, not {count}", self.received().len());
    }
}
