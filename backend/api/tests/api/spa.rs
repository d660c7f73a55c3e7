//! The SPA served at `/`, from a directory and embedded in the binary alike: the fixture in
//! `tests/fixtures/spa` (an index, a root file, hashed scripts and a style sheet, precompressed
//! twins whose bytes stand for what the build writes, a hidden file) served once as the directory
//! and once compiled into this test binary, through the same derive a release build uses.

use crate::common;

use blocopro_api::spa::SpaFiles;
use common::{Backend, TestApp};
use reqwest::StatusCode;

on_both_backends!(
    hashed_assets_are_kept_a_year_and_everything_else_is_revalidated,
    client_routes_get_the_index_and_missing_files_a_404,
    hashed_assets_are_sent_as_their_precompressed_twins,
    a_revalidation_of_an_unchanged_file_is_answered_not_modified,
);

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/spa");
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The fixture compiled into the test binary (`debug-embed`: embedded in a debug build too).
#[derive(rust_embed::Embed)]
#[folder = "tests/fixtures/spa"]
struct EmbeddedFixture;

#[derive(Clone, Copy, Debug)]
pub enum Source {
    Directory,
    Embedded,
}

impl Source {
    const BOTH: [Source; 2] = [Source::Directory, Source::Embedded];

    fn files(self) -> SpaFiles {
        match self {
            Source::Directory => SpaFiles::Directory(FIXTURE.into()),
            Source::Embedded => SpaFiles::embedded::<EmbeddedFixture>(),
        }
    }

    /// A test server serving the fixture from this source.
    pub async fn spawn(self, backend: Backend) -> TestApp {
        TestApp::spawn_tweaked(backend, move |config| config.spa = Some(self.files())).await
    }
}

fn fixture(file: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURE}/{file}")).unwrap()
}

async fn get(app: &TestApp, path: &str, accepted: &str) -> reqwest::Response {
    let request = app.client.get(format!("{}{path}", app.base)).header("accept-encoding", accepted.to_owned());
    request.send().await.unwrap()
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).map(|value| value.to_str().unwrap().to_owned()).unwrap_or_default()
}

async fn hashed_assets_are_kept_a_year_and_everything_else_is_revalidated(backend: Backend) {
    for source in Source::BOTH {
        let app = source.spawn(backend).await;
        // No twins: compressed on the fly.
        let vendor = get(&app, "/assets/vendor-Ea4Kq2.js", "gzip").await;
        assert_eq!(vendor.status(), StatusCode::OK, "{source:?}");
        assert_eq!(header(&vendor, "cache-control"), IMMUTABLE, "{source:?}");
        assert_eq!(header(&vendor, "content-encoding"), "gzip", "{source:?}");
        assert!(header(&vendor, "content-type").contains("javascript"), "{source:?}");
        let script = fixture("assets/vendor-Ea4Kq2.js");
        let compressed = vendor.bytes().await.unwrap();
        assert!(
            compressed.len() < script.len() / 10,
            "{source:?}: {} bytes gzipped of {}",
            compressed.len(),
            script.len()
        );
        let plain = get(&app, "/assets/vendor-Ea4Kq2.js", "identity").await;
        assert_eq!(plain.text().await.unwrap(), script, "{source:?}: a client that takes no gzip gets the bytes");

        for path in ["/", "/index.html", "/favicon.svg", "/chat"] {
            let response = get(&app, path, "identity").await;
            assert_eq!(response.status(), StatusCode::OK, "{source:?} {path}");
            assert_eq!(
                header(&response, "cache-control"),
                "no-cache",
                "{source:?} {path}: the index names the current files"
            );
        }
        let favicon = get(&app, "/favicon.svg", "identity").await;
        assert_eq!(header(&favicon, "content-type"), "image/svg+xml", "{source:?}");
        assert_eq!(favicon.text().await.unwrap(), fixture("favicon.svg"), "{source:?}: a root file is served as it is");
    }
}

async fn client_routes_get_the_index_and_missing_files_a_404(backend: Backend) {
    let index = fixture("index.html");
    for source in Source::BOTH {
        let app = source.spawn(backend).await;
        for path in ["/", "/chat", "/chat/conversas/0193a1b2", "/configuracoes/atendentes", "/.env", "/assets"] {
            let response = get(&app, path, "identity").await;
            assert_eq!(response.status(), StatusCode::OK, "{source:?} {path}");
            assert!(header(&response, "content-type").starts_with("text/html"), "{source:?} {path}");
            assert_eq!(response.text().await.unwrap(), index, "{source:?} {path}: the client-side route loads");
        }
        for path in ["/assets/gone-Bw3Zabw0.js", "/assets/deeper/app-Bw3Zabw0.js", "/assets/.hidden", "/api/v1/nowhere"]
        {
            let response = get(&app, path, "gzip").await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{source:?} {path}: a missing file is not the index");
            assert_eq!(header(&response, "cache-control"), "", "{source:?} {path}: only what was found is cached");
            assert_eq!(header(&response, "content-type"), "application/problem+json", "{source:?} {path}");
        }
        let posted = app.client.post(format!("{}/chat", app.base)).send().await.unwrap();
        assert_eq!(posted.status(), StatusCode::METHOD_NOT_ALLOWED, "{source:?}");
        assert_eq!(header(&posted, "allow"), "GET, HEAD", "{source:?}");
        let head = app.client.head(format!("{}/chat", app.base)).send().await.unwrap();
        assert_eq!(head.status(), StatusCode::OK, "{source:?}");
    }
}

async fn hashed_assets_are_sent_as_their_precompressed_twins(backend: Backend) {
    let script = fixture("assets/app-Bw3Zabw0.js");
    for source in Source::BOTH {
        let app = source.spawn(backend).await;
        for (accepted, encoding, body) in [
            ("gzip, deflate, br, zstd", "br", "brotli bytes"),
            ("br;q=0.5, gzip", "gzip", "gzip bytes"),
            ("gzip", "gzip", "gzip bytes"),
            ("identity", "", script.as_str()),
        ] {
            let response = get(&app, "/assets/app-Bw3Zabw0.js", accepted).await;
            let case = format!("{source:?} {accepted}");
            assert_eq!(response.status(), StatusCode::OK, "{case}");
            assert_eq!(header(&response, "content-encoding"), encoding, "{case}");
            assert!(header(&response, "content-type").contains("javascript"), "{case}");
            assert_eq!(header(&response, "cache-control"), IMMUTABLE, "{case}");
            assert_eq!(header(&response, "vary").to_lowercase(), "accept-encoding", "{case}");
            assert_eq!(response.text().await.unwrap(), body, "{case}");
        }
        let css = get(&app, "/assets/styles-Cx1.css", "br, gzip").await;
        assert_eq!(header(&css, "content-encoding"), "gzip", "{source:?}: the twin there is");
        assert!(header(&css, "content-type").starts_with("text/css"), "{source:?}");
        assert_eq!(css.text().await.unwrap(), "gzip css", "{source:?}");
        let head = app.client.head(format!("{}/assets/app-Bw3Zabw0.js", app.base)).header("accept-encoding", "br");
        let head = head.send().await.unwrap();
        assert_eq!((head.status(), header(&head, "content-encoding")), (StatusCode::OK, "br".to_owned()), "{source:?}");
    }
}

async fn a_revalidation_of_an_unchanged_file_is_answered_not_modified(backend: Backend) {
    for source in Source::BOTH {
        let app = source.spawn(backend).await;
        for path in ["/", "/assets/app-Bw3Zabw0.js"] {
            let first = get(&app, path, "br").await;
            let tag = header(&first, "etag");
            assert!(!tag.is_empty(), "{source:?} {path}: tagged");
            let again = app.client.get(format!("{}{path}", app.base)).header("accept-encoding", "br");
            let again = again.header("if-none-match", tag.clone()).send().await.unwrap();
            assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{source:?} {path}");
            assert_eq!(header(&again, "etag"), tag, "{source:?} {path}");
            let other = app.client.get(format!("{}{path}", app.base)).header("if-none-match", "\"another\"");
            assert_eq!(
                other.send().await.unwrap().status(),
                StatusCode::OK,
                "{source:?} {path}: a changed file is sent"
            );
        }
    }
}
