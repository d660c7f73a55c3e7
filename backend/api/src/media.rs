//! Media files: `GET /media/{id}` streams a stored file's bytes, whole or a byte range, to those
//! who see the conversation of its message. How a file is presented (type, inline or attachment,
//! file name) is `blocopro_domain::media::Presentation`'s rule.

use actix_web::body::SizedStream;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ByteRangeSpec, ContentDisposition, DispositionParam, DispositionType, Range};
use actix_web::{HttpRequest, HttpResponse, ResponseError, get, web};
use blocopro_app::media::{self, DownloadError, MediaDownload};
use blocopro_domain::media::Presentation;
use blocopro_media::ByteRange;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::PathId;
use crate::state::ApiState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(get_media);
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
