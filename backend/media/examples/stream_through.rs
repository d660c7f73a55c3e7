//! Puts and gets an object of N MiB (default 100) through the media store a URL names, both ways
//! streamed, and prints what it did. Run it under `/usr/bin/time -v` to see the process's peak memory
//! stay far below the object's size:
//!
//! ```sh
//! target/debug/examples/stream_through file:///tmp/media 100
//! AWS_ENDPOINT_URL=http://127.0.0.1:PORT AWS_ALLOW_HTTP=true AWS_REGION=us-east-1 \
//!   AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… target/debug/examples/stream_through s3://bucket/media 100
//! ```

use std::time::Instant;

use blocopro_media::{MediaError, byte_stream, from_url};
use bytes::Bytes;
use futures_util::stream::{self, StreamExt};
use sha2::{Digest, Sha256};
use uuid::Uuid;

const CHUNK: usize = 64 * 1024;

#[tokio::main]
async fn main() -> Result<(), MediaError> {
    let mut arguments = std::env::args().skip(1);
    let url = arguments.next().expect("usage: stream_through URL [MiB]");
    let mebibytes: u64 = arguments.next().map_or(100, |text| text.parse().expect("a whole number of MiB"));
    let size = mebibytes * 1024 * 1024;
    let store = from_url(Some(&url), &std::env::current_dir()?).await?;
    let company = Uuid::now_v7();

    let started = Instant::now();
    let chunks = stream::iter(0..size.div_ceil(CHUNK as u64)).map(|index| Ok::<_, std::io::Error>(chunk(index)));
    let stored = store.put(company, byte_stream(chunks), size).await?;
    println!("put {} bytes in {:.1} s: sha256 {}", stored.size, started.elapsed().as_secs_f64(), stored.sha256);

    let started = Instant::now();
    let content = store.get(company, &stored.sha256, None).await?;
    let mut hasher = Sha256::new();
    let mut read = 0u64;
    let mut chunks = content.stream;
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk?;
        read += chunk.len() as u64;
        hasher.update(&chunk);
    }
    let same = hex::encode(hasher.finalize()) == stored.sha256.to_string();
    println!("got {read} bytes in {:.1} s: same content {same}", started.elapsed().as_secs_f64());
    store.delete(company, &stored.sha256).await?;
    assert!(same && read == size, "the content read back differs");
    Ok(())
}

/// The `index`th chunk of a content that does not compress or repeat.
fn chunk(index: u64) -> Bytes {
    let mut bytes = Vec::with_capacity(CHUNK);
    let mut counter = 0u64;
    while bytes.len() < CHUNK {
        bytes.extend_from_slice(&Sha256::digest([index.to_le_bytes(), counter.to_le_bytes()].concat()));
        counter += 1;
    }
    Bytes::from(bytes)
}
