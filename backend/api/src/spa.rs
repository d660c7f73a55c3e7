//! The built SPA (`frontend/dist`) served at `/`, from a directory (while developing,
//! `BLOCOPRO_SPA_DIR`) or from files compiled into the binary (a release: one file to deploy).
//! Both are served alike: the hashed `/assets/…` cached for a year and sent as their precompressed
//! twins when the client takes that encoding, everything else revalidated each time, and any other
//! path outside the API answered with the index so that client-side routes load.

use std::path::PathBuf;
use std::sync::Arc;

use actix_web::dev::{HttpServiceFactory, Service};
use actix_web::http::header::{self, ContentEncoding, Encoding, EntityTag, Header, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Compress;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};

use crate::error::ApiError;
use crate::openapi::KnownPaths;

/// Where the SPA's built files are.
#[derive(Clone)]
pub enum SpaFiles {
    /// A directory, read at each request.
    Directory(PathBuf),
    /// Files compiled into the binary with `#[derive(rust_embed::Embed)]`.
    Embedded(EmbeddedFiles),
}

/// The lookup of files compiled into the binary.
#[derive(Clone, Copy)]
pub struct EmbeddedFiles {
    get: fn(&str) -> Option<rust_embed::EmbeddedFile>,
}

impl std::fmt::Debug for SpaFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpaFiles::Directory(dir) => f.debug_tuple("Directory").field(dir).finish(),
            SpaFiles::Embedded(_) => f.write_str("Embedded"),
        }
    }
}

const INDEX: &str = "index.html";

impl SpaFiles {
    /// The files of `E`, as its derive embedded them.
    pub fn embedded<E: rust_embed::RustEmbed>() -> Self {
        SpaFiles::Embedded(EmbeddedFiles { get: E::get })
    }

    /// Whether there is a SPA to serve (its index).
    pub fn is_built(&self) -> bool {
        self.contains(INDEX)
    }

    /// Whether `file`, a checked relative path (`relative_file`), is there.
    fn contains(&self, file: &str) -> bool {
        match self {
            SpaFiles::Directory(dir) => dir.join(file).is_file(),
            SpaFiles::Embedded(files) => (files.get)(file).is_some(),
        }
    }

    /// The file `file` as the answer to `request`, typed after `named` (the file a precompressed
    /// twin stands for) and marked with the twin's `encoding`; with an ETag either way, so that a
    /// revalidation is a 304. A file that is not there is a 404.
    async fn send(
        &self,
        request: &HttpRequest,
        file: &str,
        named: &str,
        encoding: Option<ContentEncoding>,
    ) -> actix_web::Result<HttpResponse> {
        let content_type = actix_files::file_extension_to_mime(extension(named));
        match self {
            SpaFiles::Directory(dir) => {
                let mut opened =
                    actix_files::NamedFile::open_async(dir.join(file)).await?.set_content_type(content_type);
                if let Some(encoding) = encoding {
                    opened = opened.set_content_encoding(encoding);
                }
                Ok(opened.disable_content_disposition().into_response(request))
            }
            SpaFiles::Embedded(files) => {
                let Some(found) = (files.get)(file) else { return Ok(ApiError::not_found().error_response()) };
                let tag = EntityTag::new_strong(hex(&found.metadata.sha256_hash()[..16]));
                let current = is_current(request, &tag);
                let mut response = if current { HttpResponse::NotModified() } else { HttpResponse::Ok() };
                response.insert_header(header::ETag(tag)).content_type(content_type);
                if let Some(encoding) = encoding {
                    response.insert_header((header::CONTENT_ENCODING, encoding.as_str()));
                }
                Ok(if current { response.finish() } else { response.body(bytes(found.data)) })
            }
        }
    }
}

/// Whether the client holds the version tagged `tag` (`If-None-Match`).
fn is_current(request: &HttpRequest, tag: &EntityTag) -> bool {
    match header::IfNoneMatch::parse(request) {
        Ok(header::IfNoneMatch::Any) => true,
        Ok(header::IfNoneMatch::Items(held)) => held.iter().any(|held| held.weak_eq(tag)),
        Err(_) => false,
    }
}

/// Embedded bytes are `'static` in a build that embeds them: sent without a copy.
fn bytes(data: std::borrow::Cow<'static, [u8]>) -> web::Bytes {
    match data {
        std::borrow::Cow::Borrowed(data) => web::Bytes::from_static(data),
        std::borrow::Cow::Owned(data) => web::Bytes::from(data),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn extension(file: &str) -> &str {
    std::path::Path::new(file).extension().and_then(|extension| extension.to_str()).unwrap_or_default()
}

/// The SPA's routes, given every path no other route took: `/assets/{name}` and the fallback.
pub(crate) fn service(files: SpaFiles, known_paths: Arc<KnownPaths>) -> impl HttpServiceFactory {
    let assets = files.clone();
    web::scope("")
        .wrap(Compress::default())
        .wrap_fn(|request, service| {
            let cache_control = cache_control(request.path());
            let response = service.call(request);
            async move {
                let mut response = response.await?;
                if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
                    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control));
                }
                Ok(response)
            }
        })
        .service(
            web::resource("/assets/{name}").route(
                web::route()
                    .guard(actix_web::guard::Any(actix_web::guard::Get()).or(actix_web::guard::Head()))
                    .to(move |request: HttpRequest| asset(assets.clone(), request)),
            ),
        )
        .default_service(web::to(move |request: HttpRequest| fallback(files.clone(), known_paths.clone(), request)))
}

/// The SPA's built files are named by their content hash (`/assets/…`): a browser keeps them for a
/// year and never asks again. Everything else (the index, which names the current ones) is checked
/// with the server each time.
fn cache_control(path: &str) -> &'static str {
    if path.starts_with("/assets/") { "public, max-age=31536000, immutable" } else { "no-cache" }
}

/// One of the SPA's hashed files, sent as its precompressed twin when the client takes that encoding: the build
/// writes `<file>.br` (brotli) and `<file>.gz` (gzip), both at their best compression, beside each script and
/// style sheet (frontend/vite.config.ts), about a quarter smaller than what `Compress` makes on the fly (gzip at
/// its fastest). A file without twins is compressed on the fly; a missing file is a 404, not the index.
async fn asset(files: SpaFiles, request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let name = request.match_info().get("name").unwrap_or_default();
    let file = relative_file(name).filter(|_| !name.contains('/')).map(|name| format!("assets/{name}"));
    let Some(file) = file.filter(|file| files.contains(file)) else {
        return Ok(ApiError::not_found().error_response());
    };
    let twins: Vec<(Encoding, String)> = [(ContentEncoding::Brotli, "br"), (ContentEncoding::Gzip, "gz")]
        .into_iter()
        .map(|(encoding, extension)| (Encoding::Known(encoding), format!("{file}.{extension}")))
        .filter(|(_, twin)| files.contains(twin))
        .collect();
    let identity = Encoding::identity();
    let chosen = header::AcceptEncoding::parse(&request)
        .ok()
        .and_then(|accepted| accepted.negotiate(twins.iter().map(|(encoding, _)| encoding).chain([&identity])));
    let mut response = match twins.iter().find(|(encoding, _)| Some(encoding) == chosen.as_ref()) {
        Some((Encoding::Known(encoding), twin)) => files.send(&request, twin, &file, Some(*encoding)).await?,
        _ => files.send(&request, &file, &file, None).await?,
    };
    if !twins.is_empty() {
        response.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    Ok(response)
}

/// A file of the SPA's root (`/favicon.svg`) as it is; any other path outside the API gets the
/// index, so that client-side routes load; API paths no route took get a problem+json 405 or 404
/// (`unrouted`), and so does a path under `/assets/` that names no file.
async fn fallback(
    files: SpaFiles,
    known_paths: Arc<KnownPaths>,
    request: HttpRequest,
) -> actix_web::Result<HttpResponse> {
    let path = request.path();
    if path.starts_with("/api/") || known_paths.allowed_methods(path).is_some() {
        return Ok(crate::unrouted(&known_paths, path));
    }
    if path.starts_with("/assets/") {
        return Ok(ApiError::not_found().error_response());
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let error = ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "This path answers GET, HEAD.");
        let mut response = error.error_response();
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return Ok(response);
    }
    let file = relative_file(path.trim_start_matches('/')).filter(|file| files.contains(file)).unwrap_or(INDEX);
    files.send(&request, file, file, None).await
}

/// `path` when it is a plain relative path: no empty, dot or hidden segment (so nothing outside
/// the SPA's folder, nor `.env`-like files in it), no backslash.
fn relative_file(path: &str) -> Option<&str> {
    let plain = |segment: &str| !segment.is_empty() && !segment.starts_with('.') && !segment.contains('\\');
    path.split('/').all(plain).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_name_files() {
        assert_eq!(relative_file("favicon.svg"), Some("favicon.svg"));
        assert_eq!(relative_file("assets/app-Bw3Zabw0.js"), Some("assets/app-Bw3Zabw0.js"));
        for refused in ["", "../jwt_secret", "assets/../../data", "a//b", ".env", "assets/.hidden", "a\\b", "a/"] {
            assert_eq!(relative_file(refused), None, "{refused}");
        }
    }

    #[test]
    fn only_hashed_assets_are_immutable() {
        assert_eq!(cache_control("/assets/app-Bw3Zabw0.js"), "public, max-age=31536000, immutable");
        assert_eq!(cache_control("/"), "no-cache");
        assert_eq!(cache_control("/index.html"), "no-cache");
        assert_eq!(cache_control("/favicon.svg"), "no-cache");
    }
}
