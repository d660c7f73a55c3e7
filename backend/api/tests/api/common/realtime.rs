//! A realtime client for the stories: opens `/api/v1/realtime`, reads events with a deadline.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use http::{HeaderName, HeaderValue};
use serde_json::{Value, json};
use tokio_websockets::{ClientBuilder, MaybeTlsStream, Message, WebSocketStream};

use super::TestApp;

type Stream = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

pub struct Socket {
    stream: Stream,
    /// The cursor of `ready`.
    pub ready_cursor: i64,
    pub resync: bool,
}

/// How the server ended a socket.
#[derive(Debug, PartialEq, Eq)]
pub struct Closed {
    pub code: u16,
    pub reason: String,
}

fn url(app: &TestApp, since: Option<i64>) -> String {
    let query = since.map(|since| format!("?since={since}")).unwrap_or_default();
    format!("{}/api/v1/realtime{query}", app.base.replacen("http", "ws", 1))
}

/// A handshake offering `token` in `Sec-WebSocket-Protocol`.
fn with_token(app: &TestApp, token: &str, since: Option<i64>) -> ClientBuilder<'static> {
    let protocols = HeaderValue::from_str(&format!("blocopro.v1, bearer.{token}")).unwrap();
    ClientBuilder::new()
        .uri(&url(app, since))
        .unwrap()
        .add_header(HeaderName::from_static("sec-websocket-protocol"), protocols)
        .unwrap()
}

impl Socket {
    /// Opens a socket with the token in `Sec-WebSocket-Protocol`; answers the handshake's error
    /// status when the server refuses it.
    pub async fn open(app: &TestApp, token: &str, since: Option<i64>) -> Result<Socket, u16> {
        match with_token(app, token, since).connect().await {
            Ok((stream, _)) => Ok(Self::ready(stream).await),
            Err(tokio_websockets::Error::Upgrade(tokio_websockets::upgrade::Error::DidNotSwitchProtocols(status))) => {
                Err(status)
            }
            Err(error) => panic!("connecting failed: {error}"),
        }
    }

    /// Opens a socket that sends its token as the first message.
    pub async fn open_then_authenticate(app: &TestApp, token: &str) -> Result<Socket, Closed> {
        let (mut stream, _) = ClientBuilder::new().uri(&url(app, None)).unwrap().connect().await.unwrap();
        stream.send(Message::text(json!({ "type": "auth", "token": token }).to_string())).await.unwrap();
        let mut socket = Socket { stream, ready_cursor: 0, resync: false };
        match socket.next().await {
            Ok(ready) => {
                assert_eq!(ready["type"], "ready");
                socket.ready_cursor = ready["cursor"].as_i64().unwrap();
                Ok(socket)
            }
            Err(closed) => Err(closed),
        }
    }

    /// A socket with a tiny receive buffer that the test may leave unread (a slow client).
    pub async fn open_unread(app: &TestApp, token: &str) -> Socket {
        let address = app.base.trim_start_matches("http://").parse::<std::net::SocketAddr>().unwrap();
        let tcp = tokio::net::TcpSocket::new_v4().unwrap();
        tcp.set_recv_buffer_size(4096).unwrap();
        let stream = tcp.connect(address).await.unwrap();
        let (stream, _) = with_token(app, token, None).connect_on(MaybeTlsStream::Plain(stream)).await.unwrap();
        Self::ready(stream).await
    }

    /// Reads until the server ends the socket; answers how many events of `kind` came.
    pub async fn count_until_closed(mut self, kind: &str) -> usize {
        let marker = format!("\"type\":\"{kind}\"");
        let mut count = 0;
        loop {
            match tokio::time::timeout(Duration::from_secs(30), self.stream.next()).await {
                Ok(Some(Ok(message))) => count += usize::from(message.as_text().is_some_and(|t| t.contains(&marker))),
                Ok(_) => return count,
                Err(_) => panic!("the server never closed the socket"),
            }
        }
    }

    async fn ready(stream: Stream) -> Socket {
        let mut socket = Socket { stream, ready_cursor: 0, resync: false };
        let ready = socket.next().await.expect("ready");
        assert_eq!(ready["type"], "ready", "{ready}");
        socket.ready_cursor = ready["cursor"].as_i64().unwrap();
        socket.resync = ready["data"]["resync"].as_bool().unwrap();
        socket
    }

    /// The next event, or how the socket closed; panics after 10 s of silence.
    pub async fn next(&mut self) -> Result<Value, Closed> {
        loop {
            let message =
                tokio::time::timeout(Duration::from_secs(10), self.stream.next()).await.expect("no event within 10 s");
            let message = match message {
                Some(Ok(message)) => message,
                _ => return Err(Closed { code: 1006, reason: String::new() }),
            };
            if let Some((code, reason)) = message.as_close() {
                return Err(Closed { code: u16::from(code), reason: reason.to_owned() });
            }
            if let Some(text) = message.as_text() {
                return Ok(serde_json::from_str(text).unwrap());
            }
        }
    }

    /// The next event of type `kind` that satisfies `wanted`, skipping others.
    pub async fn next_of(&mut self, kind: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let event = self.next().await.unwrap_or_else(|closed| panic!("closed waiting for {kind}: {closed:?}"));
            if event["type"] == kind && wanted(&event["data"]) {
                return event;
            }
        }
    }

    /// Every event that arrives within `quiet` of the previous one.
    pub async fn drain(&mut self, quiet: Duration) -> Vec<Value> {
        let mut events = Vec::new();
        while let Ok(Some(Ok(message))) = tokio::time::timeout(quiet, self.stream.next()).await {
            if let Some(text) = message.as_text() {
                events.push(serde_json::from_str(text).unwrap());
            }
        }
        events
    }

    pub async fn close(mut self) {
        let _ = self.stream.close().await;
    }

    /// Closes the socket and waits for the server's answering close frame, which it sends once it
    /// stopped serving the socket (presence follows after the grace: see `presence::socket_closed`).
    pub async fn close_and_wait(mut self) {
        let _ = self.stream.close().await;
        let answered = tokio::time::timeout(Duration::from_secs(10), async {
            while let Some(Ok(_)) = self.stream.next().await {}
        });
        answered.await.expect("the server answers a close within 10 s");
    }
}
