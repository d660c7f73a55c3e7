//! Media files: `POST /media` uploads a file to send (multipart, streamed); `GET /media/{id}`
//! streams a stored file's bytes, whole or a byte range, to those who see the conversation of its
//! message. How a file is presented (type, inline or attachment, file name) is
//! `blocopro_domain::media::Presentation`'s rule.

use actix_web::body::SizedStream;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ByteRangeSpec, ContentDisposition, DispositionParam, DispositionType, Range};
use actix_web::{HttpRequest, HttpResponse, ResponseError, get, post, web};
use blocopro_app::media::{self, DownloadError, MediaDownload};
use blocopro_app::uploads::{self, NewUpload, UploadError, largest_upload};
use blocopro_domain::FieldErrors;
use blocopro_domain::media::{Presentation, TypeRefusal};
use blocopro_domain::message::{MediaState, MessageKind};
use blocopro_media::ByteRange;
use blocopro_store::Upload;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{PathId, QueryParams, Validate, declared_length};
use crate::state::ApiState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(upload_media).service(get_media);
}

/// What a multipart body may add around the file (boundaries, part headers) before its length
/// alone says the file is too large.
const MULTIPART_SLACK: u64 = 64 * 1024;
/// Chunks of an upload waiting for the media store.
const UPLOAD_BUFFER: usize = 4;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The kind of message the file is sent as: `image`, `audio`, `voice_note`, `video`,
    /// `document` or `sticker`; by default its type's family (image/*, audio/*, video/*, else a
    /// document).
    pub kind: Option<MessageKind>,
}

impl Validate for UploadQuery {
    fn validate(&self) -> Result<(), FieldErrors> {
        match self.kind {
            Some(kind) if !kind.carries_media() => {
                Err(FieldErrors::single("kind", "must be image, audio, voice_note, video, document or sticker"))
            }
            _ => Ok(()),
        }
    }
}

/// The multipart body of an upload.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The file, with its file name and `Content-Type`.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// A file uploaded to send: give its `id` as `media_id` to `POST /conversations/{id}/messages`
/// within a day (unsent uploads are deleted after that).
#[derive(Serialize, utoipa::ToSchema)]
pub struct UploadedMedia {
    pub id: Uuid,
    /// The kind of message it is sent as.
    pub kind: MessageKind,
    /// Always `stored`.
    pub state: MediaState,
    #[schema(example = "application/pdf")]
    pub mime_type: String,
    pub size_bytes: u64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// The file's name, without directories or control characters.
    pub file_name: Option<String>,
}

impl From<Upload> for UploadedMedia {
    fn from(upload: Upload) -> Self {
        let media = upload.media;
        UploadedMedia {
            id: media.id,
            kind: upload.kind,
            state: media.state,
            mime_type: media.mime_type,
            size_bytes: media.size_bytes.unwrap_or_default(),
            sha256: media.sha256.unwrap_or_default(),
            file_name: media.file_name,
        }
    }
}

fn too_large(kind: Option<MessageKind>, limit: u64) -> ApiError {
    let what = kind.map_or("file", MessageKind::as_str);
    let detail = format!("WhatsApp takes at most {limit} bytes for this {what}.");
    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "media_too_large", detail)
}

fn multipart_invalid(detail: impl std::fmt::Display) -> ApiError {
    let detail = format!("The body must be multipart/form-data with one part named `file`: {detail}.");
    ApiError::new(StatusCode::BAD_REQUEST, "multipart_invalid", detail)
}

impl From<UploadError> for ApiError {
    fn from(error: UploadError) -> Self {
        let unsupported = |code, detail: String| ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, code, detail);
        match error {
            UploadError::App(error) => error.into(),
            UploadError::NotAMediaKind(_) => {
                ApiError::invalid_field("kind", "must be image, audio, voice_note, video, document or sticker")
            }
            UploadError::TooLarge { kind, limit } => too_large(Some(kind), limit),
            UploadError::Type(TypeRefusal::Mismatch { declared, sniffed }) => unsupported(
                "media_type_mismatch",
                format!("The file was declared {declared} but its bytes are {sniffed}."),
            ),
            UploadError::Type(TypeRefusal::NotAllowed { kind, essence }) => unsupported(
                "media_type_not_allowed",
                format!("WhatsApp does not take {essence} files as {}.", kind.as_str()),
            ),
            UploadError::Unreadable(detail) => multipart_invalid(detail),
        }
    }
}

/// Upload a file to send (a photo, voice note, PDF…): `multipart/form-data` with one part named
/// `file`. It is checked against WhatsApp's limits (image 5 MB, audio, voice note and video 16 MB,
/// document 100 MB, sticker 500 KB) before the body is read when its length is announced, and
/// against the types WhatsApp takes for its kind; its bytes must be of the type declared. Then
/// send it with `POST /conversations/{id}/messages` (`media_id`).
#[utoipa::path(
    tag = "media",
    security(("bearer" = [])),
    params(UploadQuery),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored", body = UploadedMedia),
        (status = 400, description = "`multipart_invalid`: empty, truncated, or no `file` part", body = Problem),
        (status = 403, description = "Missing `messages.send`", body = Problem),
        (status = 413, description = "`media_too_large`: over WhatsApp's limit for the kind", body = Problem),
        (status = 415, description = "`media_type_mismatch`: the bytes are of another type than declared; `media_type_not_allowed`: WhatsApp does not take this type for the kind", body = Problem),
        (status = 422, description = "Invalid `kind`", body = Problem),
    )
)]
#[post("/media")]
async fn upload_media(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<UploadQuery>,
    request: HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let kind = query.0.kind;
    let limit = largest_upload(kind);
    if declared_length(&request).is_some_and(|length| length as u64 > limit + MULTIPART_SLACK) {
        return Err(too_large(kind, limit));
    }
    let mut multipart = actix_multipart::Multipart::new(request.headers(), payload);
    let field = loop {
        match multipart.next().await {
            Some(Ok(field)) if field.name() == Some("file") => break field,
            Some(Ok(mut other)) => while other.next().await.is_some() {},
            Some(Err(error)) => return Err(multipart_invalid(error)),
            None => return Err(multipart_invalid("there is no `file` part")),
        }
    };
    let mime_type = field.content_type().map_or_else(|| "application/octet-stream".to_owned(), ToString::to_string);
    let file_name = field.content_disposition().and_then(|disposition| disposition.get_filename()).map(str::to_owned);
    let new = NewUpload { kind, mime_type, file_name, content: sendable(field) };
    let uploaded = uploads::upload(&state, &auth, new).await?;
    Ok(HttpResponse::Created().json(UploadedMedia::from(uploaded)))
}

/// The part's bytes as a stream the media store can take: a multipart field lives on its worker
/// thread, so a local task hands its chunks over a small channel (the store's pace holds it back).
fn sendable(mut field: actix_multipart::Field) -> blocopro_media::ByteStream<'static> {
    let (sender, receiver) = tokio::sync::mpsc::channel(UPLOAD_BUFFER);
    actix_web::rt::spawn(async move {
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|error| std::io::Error::other(error.to_string()));
            if sender.send(chunk).await.is_err() {
                return;
            }
        }
    });
    blocopro_media::byte_stream(tokio_stream_of(receiver))
}

fn tokio_stream_of<T: Send + 'static>(
    mut receiver: tokio::sync::mpsc::Receiver<T>,
) -> impl futures_util::Stream<Item = T> + Send {
    futures_util::stream::poll_fn(move |context| receiver.poll_recv(context))
}

/// A media file's bytes (a photo, voice note, document… of a message in a conversation the caller
/// sees). Answers one byte range when asked (`Range: bytes=…`, 206); several ranges are answered
/// with the whole file. Photos, audio and video are served inline; any other file as an attachment,
/// and types a browser would run (HTML, SVG, scripts, XML…) as `application/octet-stream`.
#[utoipa::path(
    tag = "media",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Media id (a message's `media.id`)"),
        ("Range" = Option<String>, Header, description = "One byte range, e.g. `bytes=0-1023`"),
    ),
    responses(
        (status = 200, description = "The whole file, under its type (`application/octet-stream` for active types)",
            body = String, content_type = "application/octet-stream",
            headers(
                ("Content-Disposition" = String, description = "`inline` or `attachment`, with `filename` and RFC 6266 `filename*`"),
                ("Accept-Ranges" = String, description = "`bytes`"),
            )),
        (status = 206, description = "The range asked for", body = String, content_type = "application/octet-stream",
            headers(("Content-Range" = String, description = "`bytes first-last/size`"))),
        (status = 404, description = "No such file, or its conversation is not visible", body = Problem),
        (status = 409, description = "`media_not_ready`: still being fetched or uploaded; `media_failed`: fetching it failed", body = Problem),
        (status = 416, description = "`range_not_satisfiable`: the range lies outside the file (`Content-Range: bytes */size`)", body = Problem),
    )
)]
#[get("/media/{id}")]
async fn get_media(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    request: HttpRequest,
) -> ApiResult<HttpResponse> {
    match media::download(&state, &auth, id.0, asked_range(&request)).await {
        Ok(download) => Ok(file_response(download)),
        Err(DownloadError::RangeNotSatisfiable { size }) => Ok(unsatisfiable(size)),
        Err(DownloadError::App(error)) => Err(error.into()),
    }
}

/// The one byte range the request asks for; none for a missing, malformed or multiple range
/// (RFC 9110 lets a server answer those with the whole file).
fn asked_range(request: &HttpRequest) -> Option<ByteRange> {
    let value = request.headers().get(header::RANGE)?.to_str().ok()?;
    let Ok(Range::Bytes(specs)) = value.parse::<Range>() else { return None };
    match specs.as_slice() {
        [ByteRangeSpec::FromTo(first, last)] => Some(ByteRange::FromTo { first: *first, last: *last }),
        [ByteRangeSpec::From(first)] => Some(ByteRange::From { first: *first }),
        [ByteRangeSpec::Last(length)] => Some(ByteRange::Last { length: *length }),
        _ => None,
    }
}

fn file_response(download: MediaDownload) -> HttpResponse {
    let MediaDownload { media, content } = download;
    let presentation = Presentation::of(&media);
    let range = content.range.clone();
    let partial = range.end - range.start < content.size;
    let mut response = HttpResponse::build(if partial { StatusCode::PARTIAL_CONTENT } else { StatusCode::OK });
    if partial {
        let content_range = format!("bytes {}-{}/{}", range.start, range.end - 1, content.size);
        response.insert_header((header::CONTENT_RANGE, content_range));
    }
    response
        .insert_header((header::CONTENT_TYPE, presentation.content_type.clone()))
        .insert_header((header::CONTENT_DISPOSITION, disposition(&presentation)))
        .insert_header((header::ACCEPT_RANGES, "bytes"))
        .insert_header((header::CACHE_CONTROL, "private"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(SizedStream::new(range.end - range.start, content.stream))
}

/// `inline` or `attachment`, with the file name as RFC 6266 gives it: `filename*` in UTF-8, and
/// an ASCII `filename` for clients that do not read it.
fn disposition(presentation: &Presentation) -> ContentDisposition {
    let ascii: String = presentation
        .file_name
        .chars()
        .map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' })
        .collect();
    ContentDisposition {
        disposition: if presentation.inline { DispositionType::Inline } else { DispositionType::Attachment },
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(header::ExtendedValue {
                charset: header::Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: presentation.file_name.clone().into_bytes(),
            }),
        ],
    }
}

/// 416 naming the file's size, as `Content-Range: bytes */size`.
fn unsatisfiable(size: u64) -> HttpResponse {
    let detail = format!("The range lies outside the file's {size} bytes.");
    let error = ApiError::new(StatusCode::RANGE_NOT_SATISFIABLE, "range_not_satisfiable", detail);
    let mut response = error.error_response();
    if let Ok(value) = header::HeaderValue::from_str(&format!("bytes */{size}")) {
        response.headers_mut().insert(header::CONTENT_RANGE, value);
    }
    response.headers_mut().insert(header::ACCEPT_RANGES, header::HeaderValue::from_static("bytes"));
    response
}
