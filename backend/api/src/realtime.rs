//! The realtime WebSocket, `GET /api/v1/realtime`: one per browser tab. The token comes in the
//! `Sec-WebSocket-Protocol` header (`blocopro.v1, bearer.<token>`) or as the first message
//! (`{"type":"auth","token":…}`); it is never logged. The socket first says `ready` (with
//! `resync: true` when events the client asked for with `?since=` are gone), then sends what it
//! missed, then every event the reader may see as it happens. A user is online while one of their
//! sockets is open; when their access hours end the socket closes with 4003.

use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, get, web};
use actix_ws::{CloseCode, CloseReason, Message, MessageStream, Session};
use blocopro_app::access::check_user_may_act;
use blocopro_app::events::LiveEvent;
use blocopro_app::presence;
use blocopro_domain::Timestamp;
use blocopro_domain::conversation::Viewer;
use blocopro_domain::event::EventKind;
use blocopro_domain::permissions::Permission;
use blocopro_domain::realtime::Audience;
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::auth::principal::authenticate;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{QueryParams, Validate};
use crate::state::ApiState;

/// The subprotocol clients offer (and the server selects) next to their token.
pub const PROTOCOL: &str = "blocopro.v1";
const TOKEN_PROTOCOL_PREFIX: &str = "bearer.";
/// How long a socket may take to send its token as a first message.
const AUTH_TIMEOUT: Duration = Duration::from_secs(10);
/// A client that does not take an event within this time is too slow, and is dropped.
const SEND_TIMEOUT: Duration = Duration::from_secs(5);
/// How often an open socket checks that its user may still act (and refreshes what they see).
const RECHECK_EVERY: Duration = Duration::from_secs(60);
const MAX_FRAME: usize = 64 * 1024;
const PAGE: u32 = 1_000;

/// The server is stopping: the client reconnects (to another instance) and resumes with `?since=`.
const CLOSE_GOING_AWAY: u16 = 1001;
const CLOSE_UNAUTHORIZED: u16 = 4001;
const CLOSE_OUTSIDE_ACCESS_HOURS: u16 = 4003;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(realtime);
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RealtimeQuery {
    /// The cursor of the last event received: the socket first sends every later event the
    /// reader may see (events are kept for six hours; older ones answer `ready` with `resync`).
    pub since: Option<i64>,
}

impl Validate for RealtimeQuery {
    fn validate(&self) -> Result<(), blocopro_domain::FieldErrors> {
        match self.since {
            Some(since) if since < 0 => Err(blocopro_domain::FieldErrors::single("since", "must not be negative")),
            _ => Ok(()),
        }
    }
}

/// Open the realtime WebSocket.
///
/// Messages are JSON objects `{"cursor": 42, "type": "message.created", "data": {…}}`. Types:
/// `ready`, `message.created`, `message.status`, `conversation.updated`, `channel.status`,
/// `channel.qr`, `group.updated`, `group.removed`, `group_import.progress`, `presence.changed`.
/// Close codes: 1001 (`shutting_down`: reconnect, with `?since=` the last cursor), 4001 (the token
/// is not valid, reason = the problem code), 4003 (`outside_access_hours`).
#[utoipa::path(
    operation_id = "open_realtime_socket",
    tag = "realtime",
    params(RealtimeQuery),
    responses(
        (status = 101, description = "Switching to the WebSocket protocol"),
        (status = 400, description = "Not a WebSocket handshake", body = Problem),
        (status = 401, description = "The token offered in `Sec-WebSocket-Protocol` is not valid", body = Problem),
        (status = 403, description = "`outside_access_hours`", body = Problem),
    )
)]
#[get("/realtime")]
async fn realtime(
    request: HttpRequest,
    payload: web::Payload,
    state: web::Data<ApiState>,
    query: QueryParams<RealtimeQuery>,
) -> ApiResult<HttpResponse> {
    let offered = match protocol_token(&request) {
        Some(token) => Some(Credentials::check(&state, token).await?),
        None => None,
    };
    let (response, session, messages) = actix_ws::handle_with_protocols(&request, payload, &[PROTOCOL])
        .map_err(|_| ApiError::new(actix_web::http::StatusCode::BAD_REQUEST, "not_a_websocket", "Open a WebSocket."))?;
    let messages = messages.max_frame_size(MAX_FRAME);
    // The socket's streams belong to this worker thread.
    actix_web::rt::spawn(serve(state.into_inner(), session, messages, offered, query.0.since));
    Ok(response)
}

fn protocol_token(request: &HttpRequest) -> Option<String> {
    let header = request.headers().get(actix_web::http::header::SEC_WEBSOCKET_PROTOCOL)?.to_str().ok()?;
    header.split(',').find_map(|protocol| protocol.trim().strip_prefix(TOKEN_PROTOCOL_PREFIX)).map(str::to_owned)
}

/// A socket's caller, with the token to check again later.
struct Credentials {
    token: String,
    auth: AuthUser,
}

impl Credentials {
    async fn check(state: &ApiState, token: String) -> ApiResult<Self> {
        let auth = authenticate(state, &token, Timestamp::now()).await?;
        Ok(Self { token, auth })
    }
}

#[derive(Deserialize)]
#[serde(tag = "type", rename = "auth")]
struct AuthMessage {
    token: String,
}

async fn first_message_credentials(state: &ApiState, messages: &mut MessageStream) -> ApiResult<Credentials> {
    let missing = || ApiError::unauthorized("missing_token", "Send `{\"type\":\"auth\",\"token\":…}` first.");
    let first = tokio::time::timeout(AUTH_TIMEOUT, messages.recv()).await.map_err(|_| missing())?;
    let Some(Ok(Message::Text(text))) = first else { return Err(missing()) };
    let message: AuthMessage = serde_json::from_str(&text).map_err(|_| missing())?;
    Credentials::check(state, message.token).await
}

async fn serve(
    state: Arc<ApiState>,
    mut session: Session,
    mut messages: MessageStream,
    offered: Option<Credentials>,
    since: Option<i64>,
) {
    let credentials = match offered {
        Some(credentials) => Ok(credentials),
        None => first_message_credentials(&state, &mut messages).await,
    };
    let credentials = match credentials {
        Ok(credentials) => credentials,
        Err(error) => return close(session, CLOSE_UNAUTHORIZED, error.code()).await,
    };
    let user_id = credentials.auth.user_id();
    if let Some(user_id) = user_id {
        presence::socket_opened(&state, credentials.auth.company_id, user_id).await;
    }
    state.metrics.socket_opened();
    let ending = Connection::new(&state, credentials).await.run(&mut session, &mut messages, since).await;
    state.metrics.socket_closed();
    match ending.close {
        Some((code, reason)) => close(session, code, &reason).await,
        None => close_quietly(session, None).await,
    }
    // After the close frame: counting the socket out waits for the presence grace.
    if let Some(user_id) = user_id {
        presence::socket_closed(&state, ending.company_id, user_id).await;
    }
}

async fn close(session: Session, code: u16, reason: &str) {
    let reason = CloseReason { code: CloseCode::Other(code), description: Some(reason.to_owned()) };
    close_quietly(session, Some(reason)).await;
}

/// A client that does not read never takes the close frame either: the socket is let go anyway,
/// and the connection ends once what is buffered for it is written.
async fn close_quietly(session: Session, reason: Option<CloseReason>) {
    let _ = tokio::time::timeout(SEND_TIMEOUT, session.close(reason)).await;
}

/// Who reads the socket, as the events' audiences need it.
enum Reader {
    User(Viewer),
    /// An API token: conversation events need the full wallet.
    Integration {
        full_wallet: bool,
    },
}

impl Reader {
    fn receives(&self, audience: &Audience) -> bool {
        match self {
            Reader::User(viewer) => audience.reaches(Some(viewer)),
            Reader::Integration { full_wallet } => *full_wallet || matches!(audience, Audience::Company),
        }
    }
}

/// How a connection ended: the close frame to send, if any (none when the client left).
struct Ending {
    company_id: Uuid,
    close: Option<(u16, String)>,
}

struct Connection {
    state: Arc<ApiState>,
    credentials: Credentials,
    reader: Reader,
    /// When the user's access hours end.
    access_ends_at: Option<Timestamp>,
    /// The newest cursor sent (or skipped): nothing at or before it is sent again.
    last_cursor: i64,
}

impl Connection {
    async fn new(state: &Arc<ApiState>, credentials: Credentials) -> Self {
        let mut connection = Self {
            state: state.clone(),
            credentials,
            reader: Reader::Integration { full_wallet: false },
            access_ends_at: None,
            last_cursor: 0,
        };
        // A failure here shows at the first recheck; until then the reader sees the least.
        let _ = connection.recheck().await;
        connection
    }

    fn company_id(&self) -> Uuid {
        self.credentials.auth.company_id
    }

    fn ending(&self, close: Option<(u16, String)>) -> Ending {
        Ending { company_id: self.company_id(), close }
    }

    async fn run(mut self, session: &mut Session, messages: &mut MessageStream, since: Option<i64>) -> Ending {
        let mut live = self.state.events.subscribe();
        if self.start(session, since).await.is_err() {
            return self.ending(None);
        }
        let mut recheck = tokio::time::interval(RECHECK_EVERY);
        recheck.tick().await;
        let stopping = self.state.stopping.clone();
        loop {
            let access_ends = sleep_until(self.access_ends_at);
            tokio::select! {
                event = live.recv() => {
                    let sent = match event {
                        Ok(event) if self.is_about_me(&event) => {
                            if let Err(error) = self.recheck().await {
                                return self.ending(Some(close_for(&error)));
                            }
                            self.send(session, &event).await
                        }
                        Ok(event) => self.send(session, &event).await,
                        Err(RecvError::Lagged(_)) => self.catch_up(session).await,
                        Err(RecvError::Closed) => return self.ending(Some(going_away())),
                    };
                    if sent.is_err() {
                        return self.ending(None);
                    }
                }
                message = messages.recv() => match message {
                    Some(Ok(Message::Ping(bytes))) => {
                        if session.pong(&bytes).await.is_err() {
                            return self.ending(None);
                        }
                    }
                    Some(Ok(Message::Close(_)) | Err(_)) | None => return self.ending(None),
                    Some(Ok(_)) => {}
                },
                () = stopping.cancelled() => return self.ending(Some(going_away())),
                () = access_ends => {
                    return self.ending(Some((CLOSE_OUTSIDE_ACCESS_HOURS, "outside_access_hours".into())));
                }
                _ = recheck.tick() => {
                    if let Err(error) = self.recheck().await {
                        return self.ending(Some(close_for(&error)));
                    }
                }
            }
        }
    }

    /// `ready`, then what the client missed since its cursor (or a request to start afresh).
    async fn start(&mut self, session: &mut Session, since: Option<i64>) -> Result<(), ()> {
        let store = &self.state.store;
        let last = store.last_event_cursor().await.map_err(drop)?;
        let first_kept = store.first_event_cursor().await.map_err(drop)?.unwrap_or(last + 1);
        let resumable = since.filter(|since| *since <= last && *since >= first_kept - 1);
        let resync = since.is_some() && resumable.is_none();
        self.last_cursor = resumable.unwrap_or(last);
        let ready = serde_json::json!({ "cursor": self.last_cursor, "type": "ready", "data": { "resync": resync } });
        send_text(session, ready.to_string()).await?;
        if resumable.is_some() { self.catch_up(session).await } else { Ok(()) }
    }

    fn is_about_me(&self, event: &LiveEvent) -> bool {
        let me = self.credentials.auth.user_id();
        event.kind == Some(EventKind::UserUpdated) && me.is_some_and(|id| event.audience == Audience::User { id })
    }

    async fn send(&mut self, session: &mut Session, event: &LiveEvent) -> Result<(), ()> {
        if event.cursor <= self.last_cursor || event.company_id != self.company_id() {
            return Ok(());
        }
        self.last_cursor = event.cursor;
        if !self.reader.receives(&event.audience) {
            return Ok(());
        }
        send_text(session, event.json.clone()).await
    }

    /// Reads what the live feed could not keep for this socket from the log.
    async fn catch_up(&mut self, session: &mut Session) -> Result<(), ()> {
        loop {
            let events =
                self.state.store.events_after(Some(self.company_id()), self.last_cursor, PAGE).await.map_err(drop)?;
            for event in &events {
                self.send(session, &LiveEvent::from(event)).await?;
            }
            if events.len() < PAGE as usize {
                return Ok(());
            }
        }
    }

    /// Checks that the caller may still act, and refreshes what they see and when access ends.
    async fn recheck(&mut self) -> ApiResult<()> {
        let now = Timestamp::now();
        let state = &self.state;
        let Some(user_id) = self.credentials.auth.user_id() else {
            self.credentials.auth = authenticate(state, &self.credentials.token, now).await?;
            let full_wallet = self.credentials.auth.permissions.contains(&Permission::WalletViewAll);
            self.reader = Reader::Integration { full_wallet };
            return Ok(());
        };
        let auth = state
            .store
            .find_user_auth(user_id)
            .await?
            .ok_or_else(|| ApiError::unauthorized("invalid_token", "The user no longer exists."))?;
        self.access_ends_at = check_user_may_act(&auth, now)?;
        state.store.touch_last_seen(user_id, now).await?;
        let user = auth.user;
        let channel_ids = state.store.user_channel_ids(user.company_id, user_id).await?;
        self.reader = Reader::User(Viewer {
            user_id,
            is_admin: user.is_admin,
            visibility: user.visibility,
            department_ids: user.department_ids,
            channel_ids,
        });
        Ok(())
    }
}

fn going_away() -> (u16, String) {
    (CLOSE_GOING_AWAY, "shutting_down".into())
}

/// Access hours that ended close with 4003, a token or user no longer valid with 4001.
fn close_for(error: &ApiError) -> (u16, String) {
    let code = match error.code() {
        "outside_access_hours" => CLOSE_OUTSIDE_ACCESS_HOURS,
        _ if error.status() == actix_web::http::StatusCode::UNAUTHORIZED => CLOSE_UNAUTHORIZED,
        _ => 1011,
    };
    (code, error.code().to_owned())
}

/// A slow client is dropped rather than waited for. Most sends find room in the socket's buffer at
/// once; only one that has to wait takes a timer (a send per socket per event adds up).
async fn send_text(session: &mut Session, text: impl Into<bytestring::ByteString>) -> Result<(), ()> {
    let mut sending = std::pin::pin!(session.text(text));
    let sent = match std::future::poll_fn(|cx| Poll::Ready(sending.as_mut().poll(cx))).await {
        Poll::Ready(sent) => sent,
        Poll::Pending => tokio::time::timeout(SEND_TIMEOUT, sending).await.map_err(drop)?,
    };
    sent.map_err(drop)
}

async fn sleep_until(at: Option<Timestamp>) {
    match at {
        Some(at) => {
            let wait = Duration::try_from(at.duration_since(Timestamp::now())).unwrap_or(Duration::ZERO);
            tokio::time::sleep(wait).await;
        }
        None => std::future::pending().await,
    }
}
