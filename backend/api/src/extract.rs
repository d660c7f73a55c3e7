//! Request extractors that turn bad input into field errors instead of bare 400s:
//! `Body<T>` for JSON bodies (`LargeBody<T, LIMIT>` for the few larger ones), `RawBody` for signed
//! bodies, `QueryParams<T>` for query strings, `PathId` for `{id}` segments.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, web};
use blocopro_domain::FieldErrors;
use blocopro_store::page::{DEFAULT_LIMIT, MAX_LIMIT};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::error::ApiError;

/// Checks a deserialised request beyond what its types say.
pub trait Validate {
    fn validate(&self) -> Result<(), FieldErrors> {
        Ok(())
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self) -> Result<(), FieldErrors> {
        self.as_ref().map_or(Ok(()), Validate::validate)
    }
}

/// A JSON body: 415 without a JSON content type, 400 for malformed JSON, 422 with the path of
/// the offending field for wrong types, unknown fields and unknown enum values.
pub struct Body<T>(pub T);

fn field_path(path: &serde_path_to_error::Path) -> String {
    let text = path.to_string();
    if text == "." { "body".to_owned() } else { text }
}

pub fn parse_json<T: DeserializeOwned + Validate>(bytes: &[u8]) -> Result<T, ApiError> {
    if contains_escaped_nul(bytes) {
        return Err(ApiError::invalid_field("body", NUL_MESSAGE));
    }
    // Every request body is an object, but serde would also fill a struct from an array by position.
    if is_json_array(bytes) {
        return Err(ApiError::invalid_field("body", "must be a JSON object"));
    }
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = field_path(error.path());
        let inner = error.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", format!("The body is not valid JSON: {inner}"))
        } else {
            ApiError::invalid_field(&path, &strip_position(&inner.to_string()))
        }
    })?;
    value.validate().map_err(ApiError::validation)?;
    Ok(value)
}

fn is_json_array(json: &[u8]) -> bool {
    json.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'[')
}

const NUL_MESSAGE: &str = "must not contain NUL characters (\\u0000)";

/// Whether a JSON text has a `\u0000` escape in a string: no database stores that character in text,
/// so it is refused up front rather than failing the write.
fn contains_escaped_nul(json: &[u8]) -> bool {
    let mut rest = json;
    while let Some(at) = rest.iter().position(|&byte| byte == b'\\') {
        match rest.get(at + 1) {
            Some(b'u') if rest.get(at + 2..at + 6) == Some(b"0000".as_slice()) => return true,
            Some(_) => rest = &rest[at + 2..],
            None => return false,
        }
    }
    false
}

/// serde_json appends " at line 1 column 12"; the field path already says where.
fn strip_position(message: &str) -> String {
    message.split(" at line ").next().unwrap_or(message).to_owned()
}

fn sent_as_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(|value| value.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .is_some_and(|mime| mime == "application/json" || mime.ends_with("+json"))
}

fn not_json() -> ApiError {
    ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Send the body as application/json.")
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for Body<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = sent_as_json(req);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(not_json());
            }
            let bytes = bytes.await.map_err(body_error)?;
            parse_json(&bytes).map(Body)
        })
    }
}

/// A JSON body that may be left out: no body at all (or `null`) is `T::default()`; a body is read
/// as `Body<T>` reads it (415, 400, 422), never ignored.
pub struct OptionalBody<T>(pub T);

impl<T: DeserializeOwned + Validate + Default + 'static> FromRequest for OptionalBody<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = sent_as_json(req);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = bytes.await.map_err(body_error)?;
            match (bytes.is_empty(), is_json) {
                (true, _) => Ok(OptionalBody(T::default())),
                (false, true) => parse_json::<Option<T>>(&bytes).map(|body| OptionalBody(body.unwrap_or_default())),
                (false, false) => Err(not_json()),
            }
        })
    }
}

fn payload_too_large() -> ApiError {
    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "The body is larger than allowed.")
}

fn body_error(error: actix_web::Error) -> ApiError {
    let status = error.as_response_error().status_code();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        payload_too_large()
    } else {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", error.to_string())
    }
}

/// The largest webhook delivery Meta documents sending (3 MB). A signed batch up to this size is a
/// legitimate delivery: refusing it would make Meta retry it forever.
pub const SIGNED_BODY_LIMIT: usize = 3 * 1024 * 1024;

/// A signed body exactly as sent (signatures are computed over the raw bytes), up to
/// `SIGNED_BODY_LIMIT` rather than the JSON endpoints' small limit. A declared length over the
/// limit is refused before anything is read.
pub struct RawBody(pub web::Bytes);

impl FromRequest for RawBody {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let read = read_limited(req, payload, SIGNED_BODY_LIMIT);
        Box::pin(async move { read.await.map(RawBody) })
    }
}

/// The body's bytes, up to `limit`: a declared length over it is refused before anything is read.
fn read_limited(
    req: &HttpRequest,
    payload: &mut Payload,
    limit: usize,
) -> Pin<Box<dyn Future<Output = Result<web::Bytes, ApiError>>>> {
    if declared_length(req).is_some_and(|length| length > limit) {
        return Box::pin(std::future::ready(Err(payload_too_large())));
    }
    let payload = web::Payload::from_request(req, payload);
    Box::pin(async move {
        match payload.await.map_err(body_error)?.to_bytes_limited(limit).await {
            Ok(read) => read.map_err(body_error),
            Err(_) => Err(payload_too_large()),
        }
    })
}

/// A JSON body read as `Body<T>` reads it, but up to `LIMIT` bytes instead of the JSON endpoints'
/// small limit: for the few endpoints that carry a file inline (the simulator's).
pub struct LargeBody<T, const LIMIT: usize>(pub T);

impl<T: DeserializeOwned + Validate + 'static, const LIMIT: usize> FromRequest for LargeBody<T, LIMIT> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = sent_as_json(req);
        let read = read_limited(req, payload, LIMIT);
        Box::pin(async move {
            if !is_json {
                return Err(not_json());
            }
            parse_json(&read.await?).map(LargeBody)
        })
    }
}

pub fn declared_length(req: &HttpRequest) -> Option<usize> {
    req.headers().get(actix_web::http::header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

/// Query parameters with the offending parameter named in the error.
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned + Validate> FromRequest for QueryParams<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let pairs = form_urlencoded::parse(req.query_string().as_bytes());
        if let Some((name, _)) = pairs.clone().find(|(name, value)| name.contains('\0') || value.contains('\0')) {
            return std::future::ready(Err(ApiError::invalid_field(&name.replace('\0', ""), NUL_MESSAGE)));
        }
        let deserializer = serde_urlencoded::Deserializer::new(pairs);
        let result = serde_path_to_error::deserialize(deserializer)
            .map_err(|error| {
                let path = field_path(error.path());
                ApiError::invalid_field(&path, &error.into_inner().to_string())
            })
            .and_then(|value: T| value.validate().map(|_| value).map_err(ApiError::validation));
        std::future::ready(result.map(QueryParams))
    }
}

/// The `{id}` path segment as a UUID; anything else is a 422 naming `id`.
pub struct PathId(pub Uuid);

impl FromRequest for PathId {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let raw = req.match_info().get("id").unwrap_or_default();
        std::future::ready(
            Uuid::parse_str(raw).map(PathId).map_err(|_| ApiError::invalid_field("id", "must be a UUID")),
        )
    }
}

/// Parses an opaque list cursor (the last item's id).
pub fn parse_cursor(cursor: Option<&str>) -> Result<Option<Uuid>, ApiError> {
    cursor
        .map(|text| {
            Uuid::parse_str(text).map_err(|_| ApiError::invalid_field("cursor", "is not a cursor from a previous page"))
        })
        .transpose()
}

/// The `limit` of a list: 1 to `MAX_LIMIT` items; anything else is a 422 naming `limit`
/// (a silently clamped page would look like the end of the list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLimit(u32);

impl PageLimit {
    pub fn get(limit: Option<Self>) -> Option<u32> {
        limit.map(|PageLimit(limit)| limit)
    }
}

impl<'de> serde::Deserialize<'de> for PageLimit {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let limit = u32::deserialize(deserializer)?;
        if (1..=MAX_LIMIT).contains(&limit) {
            Ok(PageLimit(limit))
        } else {
            Err(serde::de::Error::custom(format!("must be from 1 to {MAX_LIMIT}")))
        }
    }
}

impl utoipa::PartialSchema for PageLimit {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
            .minimum(Some(1))
            .maximum(Some(MAX_LIMIT))
            .default(Some(DEFAULT_LIMIT.into()))
            .description(Some(format!("Page size, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT}).")))
            .into()
    }
}

impl utoipa::ToSchema for PageLimit {}

#[cfg(test)]
mod tests {
    use super::{PageLimit, Validate, contains_escaped_nul, parse_json};

    #[test]
    fn a_body_must_be_an_object_not_an_array_filling_fields_by_position() {
        let error = parse_json::<FreeForm>(b" \n[ {\"x\": 1} ]").err().unwrap();
        assert_eq!((error.problem().code.as_str(), error.status().as_u16()), ("validation_failed", 422), "{error}");
        assert!(parse_json::<FreeForm>(br#"{"data": [1, 2]}"#).is_ok());
    }

    #[derive(serde::Deserialize)]
    struct FreeForm {
        #[allow(dead_code)]
        data: serde_json::Value,
    }

    impl Validate for FreeForm {}

    #[test]
    fn json_nested_past_the_parsers_depth_limit_is_malformed_not_a_crash() {
        let deep = format!("{{\"data\":{}{}}}", "[".repeat(50_000), "]".repeat(50_000));
        let error = parse_json::<FreeForm>(deep.as_bytes()).err().unwrap();
        assert_eq!(error.problem().code, "malformed_json", "{error}");
        let shallow = format!("{{\"data\":{}{}}}", "[".repeat(100), "]".repeat(100));
        assert!(parse_json::<FreeForm>(shallow.as_bytes()).is_ok());
    }

    #[test]
    fn escaped_nul_characters_are_found_in_strings_only_when_real() {
        assert!(contains_escaped_nul(br#"{"name":"a\u0000b"}"#));
        assert!(!contains_escaped_nul(br#"{"name":"a\\u0000b"}"#), "an escaped backslash followed by text");
        assert!(!contains_escaped_nul(br#"{"name":"\u00e9 \n \\"}"#));
        assert!(!contains_escaped_nul(b"{}"));
    }

    #[test]
    fn page_limits_outside_one_to_two_hundred_are_refused_not_clamped() {
        let limit = |text: &str| serde_json::from_str::<PageLimit>(text).map(|limit| PageLimit::get(Some(limit)));
        assert_eq!(limit("1").unwrap(), Some(1));
        assert_eq!(limit("200").unwrap(), Some(200));
        for refused in ["0", "201", "-1", "4294967296"] {
            assert!(limit(refused).is_err(), "{refused}");
        }
    }
}
