//! The S3 implementation against a real S3-compatible server: the one `BLOCOPRO_TEST_S3_ENDPOINT`
//! names (`make test-rust` starts moto's and sets it), or else the one this process starts from
//! `tools/s3/.venv` (`make s3-env` makes it) for as long as it runs. Without either the tests fail
//! and say so. Each test gets its own bucket, and the store works under the prefix `media/`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use blocopro_media::{AmazonS3Builder, MediaStore, S3MediaStore};
use futures_util::stream::StreamExt;
use object_store::aws::AmazonS3;
use object_store::{ObjectStore, ObjectStoreExt};
use uuid::Uuid;

use crate::suite::Harness;

const PREFIX: &str = "media";

pub(crate) struct S3Harness {
    store: S3MediaStore,
    /// The whole bucket, to see anything the store leaves, inside its prefix or not.
    bucket: AmazonS3,
    bucket_url: String,
    bucket_name: String,
}

async fn fresh_store() -> S3Harness {
    let endpoint = endpoint();
    let bucket = format!("media-test-{}", Uuid::now_v7().simple());
    let bucket_url = format!("{endpoint}/{bucket}");
    // moto takes unsigned requests; object_store cannot create buckets.
    let created = reqwest::Client::new().put(&bucket_url).send().await.unwrap();
    assert!(created.status().is_success(), "creating the bucket: {}", created.status());
    S3Harness {
        store: S3MediaStore::new(client(endpoint), &bucket, PREFIX).unwrap(),
        bucket: client(endpoint).with_bucket_name(&bucket).build().unwrap(),
        bucket_url,
        bucket_name: bucket,
    }
}

const ACCESS_KEY_ID: &str = "media-tests";
const SECRET_ACCESS_KEY: &str = "media-tests-secret";

fn client(endpoint: &str) -> AmazonS3Builder {
    AmazonS3Builder::new()
        .with_endpoint(endpoint)
        .with_allow_http(true)
        .with_region("us-east-1")
        .with_access_key_id(ACCESS_KEY_ID)
        .with_secret_access_key(SECRET_ACCESS_KEY)
}

impl Harness for S3Harness {
    fn store(&self) -> &dyn MediaStore {
        &self.store
    }

    async fn contents(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .bucket
            .list(None)
            .map(|meta| {
                let key = meta.unwrap().location.to_string();
                let inside = key.strip_prefix(&format!("{PREFIX}/")).map(str::to_owned);
                inside.unwrap_or_else(|| panic!("{key} is outside the store's prefix"))
            })
            .collect()
            .await;
        keys.sort();
        keys
    }

    async fn unfinished_uploads(&self) -> usize {
        let listing = reqwest::get(format!("{}?uploads", self.bucket_url)).await.unwrap();
        assert!(listing.status().is_success(), "listing multipart uploads: {}", listing.status());
        listing.text().await.unwrap().matches("<Upload>").count()
    }

    async fn plant_temporary(&self) {
        let path = format!("{PREFIX}/tmp/0190d1a47b8c7def8abc0123456789ab.part");
        self.bucket.put(&path.into(), "half a photo".into()).await.unwrap();
    }

    /// What a deployment sets: the URL and the usual `AWS_*` variables.
    fn location(&self) -> (String, Vec<(&'static str, String)>) {
        let environment = [
            ("AWS_ENDPOINT_URL", endpoint()),
            ("AWS_ALLOW_HTTP", "true"),
            ("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID),
            ("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY),
        ];
        let environment = environment.into_iter().map(|(name, value)| (name, value.to_owned())).collect();
        (format!("s3://{}/{PREFIX}", self.bucket_name), environment)
    }
}

crate::media_conformance!(fresh_store);

/// The server's endpoint (`http://127.0.0.1:PORT`).
fn endpoint() -> &'static str {
    static ENDPOINT: OnceLock<String> = OnceLock::new();
    ENDPOINT.get_or_init(|| std::env::var("BLOCOPRO_TEST_S3_ENDPOINT").unwrap_or_else(|_| start_server()))
}

/// Starts `tools/s3/server.py` from its virtual environment; it serves until its standard input,
/// held here (with the child) until this process exits, closes.
fn start_server() -> String {
    static SERVER: OnceLock<Child> = OnceLock::new();
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/s3");
    let python = tools.join(".venv/bin/python");
    assert!(
        python.exists(),
        "the S3 media tests need an S3-compatible server: set BLOCOPRO_TEST_S3_ENDPOINT to one, or run \
         `make s3-env` once so that they start moto's from tools/s3/.venv themselves (`make test-rust` does both)"
    );
    let mut server = Command::new(python)
        .arg(tools.join("server.py"))
        .arg("--until-stdin-closes")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        // Not inherited: the server outlives each test by a moment, and would hold the test's output open.
        .stderr(Stdio::null())
        .spawn()
        .expect("starting tools/s3/server.py");
    let mut endpoint = String::new();
    BufReader::new(server.stdout.take().unwrap()).read_line(&mut endpoint).unwrap();
    assert!(
        endpoint.starts_with("http://"),
        "tools/s3/server.py did not start; run `tools/s3/.venv/bin/python tools/s3/server.py --until-stdin-closes` to see why"
    );
    let _ = SERVER.set(server);
    endpoint.trim().to_owned()
}
