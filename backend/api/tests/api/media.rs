//! Media files through the real application on both databases: received messages whose files are
//! in the media store (put there as the download worker would), read whole or by byte range by
//! those who see their conversation, and by nobody else; files not fetched yet or whose fetch
//! failed answer a conflict; an SVG is only ever an attachment.

use crate::common;

use actix_web::web::Bytes;
use blocopro_app::channels::dispatcher;
use blocopro_connectors::{ConnectorEvent, ConnectorEventKind, InboundMessage};
use blocopro_domain::Timestamp;
use blocopro_domain::message::{Media, MediaState, MessageContent, MessageKind};
use common::realtime::Socket;
use common::{Backend, TestApp};
use reqwest::header::{self, HeaderMap};

on_both_backends!(stored_files_are_served_whole_or_by_range_to_those_who_see_their_conversation);

const CUSTOMER: &str = "+5511988887777";
const SVG: &[u8] = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;

/// `bytes` put in the company's media store: the file as the download worker leaves it.
async fn stored(app: &TestApp, mime_type: &str, file_name: Option<&str>, bytes: &'static [u8]) -> Media {
    let content = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(bytes))]);
    let put = app.app.media.put(app.company_id, blocopro_media::byte_stream(content), 1 << 20).await.unwrap();
    Media {
        state: MediaState::Stored,
        size_bytes: Some(put.size),
        sha256: Some(put.sha256.to_string()),
        file_name: file_name.map(str::to_owned),
        ..Media::pending(mime_type, None)
    }
}

/// The customer sends a file; answers its id once the message is in its conversation.
async fn received(app: &TestApp, channel: &str, socket: &mut Socket, kind: MessageKind, media: Media) -> String {
    let external_id = format!("wamid.{}", media.id.simple());
    let message = InboundMessage {
        sender_name: None,
        external_id: external_id.clone(),
        chat_id: CUSTOMER.into(),
        sender: CUSTOMER.into(),
        content: MessageContent { kind, media: Some(media.clone()), ..MessageContent::default() },
        sent_at: Timestamp::now(),
    };
    let event =
        ConnectorEvent { channel_id: channel.parse().unwrap(), kind: ConnectorEventKind::Message(Box::new(message)) };
    dispatcher::apply(&app.app, event).await.unwrap();
    socket.next_of("message.created", |data| data["external_id"] == external_id.as_str()).await;
    media.id.to_string()
}

struct Download {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

impl Download {
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or_default()
    }

    fn code(&self) -> String {
        let problem: serde_json::Value = serde_json::from_slice(&self.body).unwrap_or_default();
        problem["code"].as_str().unwrap_or_default().to_owned()
    }
}

async fn download(app: &TestApp, token: &str, id: &str, range: Option<&str>) -> Download {
    let mut request = app.client.get(format!("{}/api/v1/media/{id}", app.base)).bearer_auth(token);
    if let Some(range) = range {
        request = request.header(header::RANGE, range);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status().as_u16(), response.headers().clone());
    Download { status, headers, body: response.bytes().await.unwrap() }
}

async fn stored_files_are_served_whole_or_by_range_to_those_who_see_their_conversation(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin_token().await;
    let (channel, _) = app.paired_simulator(&admin).await;
    let mut socket = Socket::open(&app, &admin, None).await.unwrap();
    let jpeg: &'static [u8] = b"\xff\xd8\xff\xe0 a photo of the shop front \xff\xd9";
    let photo = stored(&app, "image/jpeg", None, jpeg).await;
    let photo_id = received(&app, &channel, &mut socket, MessageKind::Image, photo).await;

    let whole = download(&app, &admin, &photo_id, None).await;
    assert_eq!((whole.status, &whole.body[..]), (200, jpeg));
    assert_eq!(whole.header(header::CONTENT_TYPE), "image/jpeg");
    assert_eq!(whole.header(header::CONTENT_LENGTH), jpeg.len().to_string());
    let name = format!("midia-{photo_id}.jpg");
    let encoded = name.replace('-', "%2D");
    let disposition = format!("inline; filename=\"{name}\"; filename*=UTF-8''{encoded}");
    assert_eq!(whole.header(header::CONTENT_DISPOSITION), disposition);
    assert_eq!(whole.header(header::ACCEPT_RANGES), "bytes");
    assert_eq!(whole.header(header::CACHE_CONTROL), "private");
    assert_eq!(whole.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");

    let part = download(&app, &admin, &photo_id, Some("bytes=4-9")).await;
    assert_eq!((part.status, &part.body[..]), (206, &jpeg[4..10]));
    assert_eq!(part.header(header::CONTENT_RANGE), format!("bytes 4-9/{}", jpeg.len()));
    assert_eq!(part.header(header::CONTENT_LENGTH), "6");
    let tail = download(&app, &admin, &photo_id, Some("bytes=-2")).await;
    assert_eq!((tail.status, &tail.body[..]), (206, &b"\xff\xd9"[..]));
    let two = download(&app, &admin, &photo_id, Some("bytes=0-1,4-5")).await;
    assert_eq!((two.status, two.body.len()), (200, jpeg.len()), "several ranges: the whole file");
    let outside = download(&app, &admin, &photo_id, Some(&format!("bytes={}-", jpeg.len()))).await;
    assert_eq!((outside.status, outside.code().as_str()), (416, "range_not_satisfiable"));
    assert_eq!(outside.header(header::CONTENT_RANGE), format!("bytes */{}", jpeg.len()));

    let (_, globex) = app.other_company("Globex", "admin@globex.test").await;
    assert_eq!(download(&app, &globex, &photo_id, None).await.status, 404, "another company's file");
    app.create_attendant(&admin, "dora@acme.test", serde_json::json!({ "visibility": "own" })).await;
    let dora = app.token_for("dora@acme.test").await;
    let hidden = download(&app, &dora, &photo_id, None).await;
    assert_eq!((hidden.status, hidden.code().as_str()), (404, "not_found"), "she does not see the conversation");
    let unknown = uuid::Uuid::now_v7().to_string();
    assert_eq!(download(&app, &admin, &unknown, None).await.status, 404);

    // No reference to fetch it by: it stays `pending`, as while the worker is fetching it.
    let pending = Media::pending("audio/ogg; codecs=opus", None);
    let voice_id = received(&app, &channel, &mut socket, MessageKind::VoiceNote, pending).await;
    let not_ready = download(&app, &admin, &voice_id, None).await;
    assert_eq!((not_ready.status, not_ready.code().as_str()), (409, "media_not_ready"));
    let failed = Media { state: MediaState::Failed, ..Media::pending("video/mp4", None) };
    let video_id = received(&app, &channel, &mut socket, MessageKind::Video, failed).await;
    let gone = download(&app, &admin, &video_id, None).await;
    assert_eq!((gone.status, gone.code().as_str()), (409, "media_failed"));

    let drawing = stored(&app, "image/svg+xml", Some("../relatório final.svg"), SVG).await;
    let drawing_id = received(&app, &channel, &mut socket, MessageKind::Document, drawing).await;
    let svg = download(&app, &admin, &drawing_id, None).await;
    assert_eq!((svg.status, &svg.body[..]), (200, SVG));
    assert_eq!(svg.header(header::CONTENT_TYPE), "application/octet-stream", "never run as an image of the site");
    assert_eq!(
        svg.header(header::CONTENT_DISPOSITION),
        "attachment; filename=\"relat_rio final.svg\"; filename*=UTF-8''relat%C3%B3rio%20final.svg"
    );
}
