//! The checks every media store passes, written once against a [`Harness`]: the store, and a look
//! at everything it holds underneath (files and temporaries, or objects and multipart uploads).

use std::io;
use std::time::Duration;

use blocopro_media::key::object_key;
use blocopro_media::{
    ByteRange, ByteStream, MediaError, MediaStore, S3_PART_SIZE, Sha256Digest, StoredMedia, byte_stream,
};
use bytes::Bytes;
use futures_util::stream::{self, StreamExt};
use sha2::{Digest, Sha256};
use tokio::sync::oneshot;
use uuid::Uuid;

/// A limit no check reaches unless it means to.
const NO_LIMIT: u64 = 1 << 40;
/// The chunk size of generated streams, like a network read's.
const CHUNK: usize = 64 * 1024;
/// Long enough to be past the first part of an S3 multipart upload.
const MULTIPART_SIZE: u64 = S3_PART_SIZE as u64 + 2 * 1024 * 1024;

/// One implementation under test.
pub(crate) trait Harness {
    fn store(&self) -> &dyn MediaStore;
    /// Every object and temporary the store holds, as keys under its root, sorted.
    async fn contents(&self) -> Vec<String>;
    /// Multipart uploads started and neither completed nor aborted (none on a file system).
    async fn unfinished_uploads(&self) -> usize;
    /// Leaves a temporary as a put killed in the middle would.
    async fn plant_temporary(&self);
    /// The store's URL for `from_url` in another process, with the environment it needs.
    fn location(&self) -> (String, Vec<(&'static str, String)>);
}

/// The checks, each run once per implementation by `media_conformance!(harness factory)`.
#[macro_export]
macro_rules! media_conformance {
    ($factory:path) => {
        $crate::media_conformance!(@each $factory;
            objects_round_trip, the_same_bytes_are_stored_once_per_company, companies_are_kept_apart,
            ranges_read_part_of_an_object, content_over_the_limit_is_refused_and_leaves_nothing,
            a_failing_source_leaves_nothing, content_of_another_hash_than_expected_leaves_nothing,
            a_dropped_put_leaves_nothing,
            the_sweep_deletes_old_temporaries_only, a_killed_put_leaves_only_a_temporary,
            a_large_object_streams_both_ways);
    };
    (@each $factory:path; $($check:ident),+ $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $check() {
                let harness = $factory().await;
                $crate::suite::$check(&harness).await;
            }
        )+
    };
}

pub(crate) async fn objects_round_trip(harness: &impl Harness) {
    let store = harness.store();
    let company = Uuid::now_v7();
    let bytes = pattern(0, 10_000, 1);
    let stored = store.put(company, chunked(&bytes, 1000), NO_LIMIT).await.unwrap();
    assert_eq!(stored, StoredMedia { sha256: sha256_of(&bytes), size: 10_000 });
    assert_eq!(harness.contents().await, vec![object_key(company, &stored.sha256)]);
    assert_eq!(store.head(company, &stored.sha256).await.unwrap(), Some(10_000));

    let content = store.get(company, &stored.sha256, None).await.unwrap();
    assert_eq!((content.size, content.range.clone()), (10_000, 0..10_000));
    assert_eq!(read_all(content.stream).await, bytes);

    store.delete(company, &stored.sha256).await.unwrap();
    assert_eq!(store.head(company, &stored.sha256).await.unwrap(), None);
    assert!(matches!(store.get(company, &stored.sha256, None).await, Err(MediaError::NotFound)));
    store.delete(company, &stored.sha256).await.unwrap();
    assert_eq!(harness.contents().await, Vec::<String>::new());

    let empty = store.put(company, chunked(&[], 1), NO_LIMIT).await.unwrap();
    assert_eq!(empty, StoredMedia { sha256: sha256_of(&[]), size: 0 });
    let content = store.get(company, &empty.sha256, None).await.unwrap();
    assert_eq!((content.size, read_all(content.stream).await), (0, vec![]));
}

pub(crate) async fn the_same_bytes_are_stored_once_per_company(harness: &impl Harness) {
    let store = harness.store();
    let company = Uuid::now_v7();
    let bytes = pattern(0, 5000, 2);
    let first = store.put(company, chunked(&bytes, 5000), NO_LIMIT).await.unwrap();
    let again = store.put(company, chunked(&bytes, 7), NO_LIMIT).await.unwrap();
    assert_eq!(first, again);
    assert_eq!(harness.contents().await, vec![object_key(company, &first.sha256)]);

    let other = store.put(company, chunked(&pattern(0, 5000, 3), 512), NO_LIMIT).await.unwrap();
    assert_ne!(other.sha256, first.sha256);
    assert_eq!(harness.contents().await.len(), 2);
}

pub(crate) async fn companies_are_kept_apart(harness: &impl Harness) {
    let store = harness.store();
    let (company_a, company_b) = (Uuid::now_v7(), Uuid::now_v7());
    let shared = pattern(0, 3000, 4);
    let in_a = store.put(company_a, chunked(&shared, 1000), NO_LIMIT).await.unwrap();
    let in_b = store.put(company_b, chunked(&shared, 1000), NO_LIMIT).await.unwrap();
    assert_eq!(in_a, in_b);
    let mut expected = vec![object_key(company_a, &in_a.sha256), object_key(company_b, &in_b.sha256)];
    expected.sort();
    assert_eq!(harness.contents().await, expected);

    let only_b = store.put(company_b, chunked(&pattern(0, 100, 5), 100), NO_LIMIT).await.unwrap();
    assert_eq!(store.head(company_a, &only_b.sha256).await.unwrap(), None);
    assert!(matches!(store.get(company_a, &only_b.sha256, None).await, Err(MediaError::NotFound)));
    store.delete(company_a, &only_b.sha256).await.unwrap();
    assert_eq!(store.head(company_b, &only_b.sha256).await.unwrap(), Some(100));

    store.delete(company_a, &in_a.sha256).await.unwrap();
    let content = store.get(company_b, &in_b.sha256, None).await.unwrap();
    assert_eq!(read_all(content.stream).await, shared);
}

pub(crate) async fn ranges_read_part_of_an_object(harness: &impl Harness) {
    let store = harness.store();
    let company = Uuid::now_v7();
    let bytes = pattern(0, 1024, 6);
    let stored = store.put(company, chunked(&bytes, 100), NO_LIMIT).await.unwrap();
    let cases = [
        (ByteRange::FromTo { first: 10, last: 19 }, 10..20),
        (ByteRange::FromTo { first: 0, last: 0 }, 0..1),
        (ByteRange::FromTo { first: 1000, last: 5000 }, 1000..1024),
        (ByteRange::From { first: 1000 }, 1000..1024),
        (ByteRange::Last { length: 24 }, 1000..1024),
        (ByteRange::Last { length: 5000 }, 0..1024),
    ];
    for (range, expected) in cases {
        let content = store.get(company, &stored.sha256, Some(range)).await.unwrap();
        assert_eq!((content.size, content.range.clone()), (1024, expected.clone()), "{range:?}");
        let start = expected.start as usize;
        assert_eq!(read_all(content.stream).await, bytes[start..expected.end as usize], "{range:?}");
    }
    for range in
        [ByteRange::From { first: 1024 }, ByteRange::FromTo { first: 2000, last: 3000 }, ByteRange::Last { length: 0 }]
    {
        let answer = store.get(company, &stored.sha256, Some(range)).await;
        assert!(matches!(answer, Err(MediaError::RangeNotSatisfiable { size: 1024 })), "{range:?}: {answer:?}");
    }
    let missing = sha256_of(b"never stored");
    let answer = store.get(company, &missing, Some(ByteRange::From { first: 0 })).await;
    assert!(matches!(answer, Err(MediaError::NotFound)), "{answer:?}");
}

pub(crate) async fn content_over_the_limit_is_refused_and_leaves_nothing(harness: &impl Harness) {
    let store = harness.store();
    let company = Uuid::now_v7();
    let bytes = pattern(0, 4096, 7);
    let exact = store.put(company, chunked(&bytes, 1000), 4096).await.unwrap();
    store.delete(company, &exact.sha256).await.unwrap();

    let refused = store.put(company, chunked(&bytes, 1000), 4095).await;
    assert!(matches!(refused, Err(MediaError::TooLarge { limit: 4095 })), "{refused:?}");
    assert_nothing_left(harness).await;

    // Refused as soon as the limit is passed: the source is never read to its end (it has none),
    // also once a multipart upload is under way.
    for limit in [4095, MULTIPART_SIZE] {
        let endless = generated(0, limit + 1, 8).chain(stream::pending()).boxed();
        let refused = tokio::time::timeout(Duration::from_secs(30), store.put(company, endless, limit)).await;
        let refused = refused.expect("the put waits for a source it should have stopped reading");
        assert!(matches!(refused, Err(MediaError::TooLarge { limit: told }) if told == limit), "{refused:?}");
        assert_nothing_left(harness).await;
    }
}

pub(crate) async fn a_failing_source_leaves_nothing(harness: &impl Harness) {
    let store = harness.store();
    let company = Uuid::now_v7();
    for size_before_failing in [10, MULTIPART_SIZE] {
        let reset = io::Error::new(io::ErrorKind::ConnectionReset, "peer went away");
        let failing = generated(0, size_before_failing, 9).chain(stream::iter([Err(reset.into())]));
        let answer = store.put(company, failing.boxed(), NO_LIMIT).await;
        match answer {
            Err(MediaError::Source(error)) => assert_eq!(error.to_string(), "peer went away"),
            other => panic!("{other:?}"),
        }
        assert_nothing_left(harness).await;
    }
}

pub(crate) async fn content_of_another_hash_than_expected_leaves_nothing(harness: &impl Harness) {
    let store = harness.store();
    let company = Uuid::now_v7();
    let announced = pattern(0, 3000, 13);
    let expected = sha256_of(&announced);
    let checked = store.put_checked(company, chunked(&announced, 1000), NO_LIMIT, Some(expected)).await.unwrap();
    assert_eq!(checked, StoredMedia { sha256: expected, size: 3000 });
    store.delete(company, &expected).await.unwrap();

    for size in [3000, MULTIPART_SIZE] {
        let refused = store.put_checked(company, generated(0, size, 14), NO_LIMIT, Some(expected)).await;
        match refused {
            Err(MediaError::DigestMismatch { expected: told, actual }) => {
                assert_eq!((told, actual), (expected, sha256_of_stream(generated(0, size, 14)).await))
            }
            other => panic!("{other:?}"),
        }
        assert_nothing_left(harness).await;
    }

    // The announced file stored already stays as it is; the wrong bytes are not stored beside it.
    store.put(company, chunked(&announced, 3000), NO_LIMIT).await.unwrap();
    let refused = store.put_checked(company, chunked(&pattern(0, 3000, 15), 3000), NO_LIMIT, Some(expected)).await;
    assert!(matches!(refused, Err(MediaError::DigestMismatch { .. })), "{refused:?}");
    assert_eq!(harness.contents().await, vec![object_key(company, &expected)]);
    let content = store.get(company, &expected, None).await.unwrap();
    assert_eq!(read_all(content.stream).await, announced);
}

pub(crate) async fn a_dropped_put_leaves_nothing(harness: &impl Harness) {
    let store = harness.store();
    let company = Uuid::now_v7();
    let (reached_the_end, end_reached) = oneshot::channel();
    let mut reached_the_end = Some(reached_the_end);
    let stalled = generated(0, MULTIPART_SIZE, 10).chain(stream::poll_fn(move |_| {
        // The put asks for more than there is: it is in the middle of an upload now.
        if let Some(signal) = reached_the_end.take() {
            let _ = signal.send(());
        }
        std::task::Poll::Pending
    }));
    tokio::select! {
        answer = store.put(company, byte_stream(stalled), NO_LIMIT) => panic!("the put ended: {answer:?}"),
        _ = end_reached => {}
    }
    // The put's future is dropped; cleaning up after it may take a moment on object storage.
    for _ in 0..100 {
        if harness.contents().await.is_empty() && harness.unfinished_uploads().await == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_nothing_left(harness).await;
}

pub(crate) async fn the_sweep_deletes_old_temporaries_only(harness: &impl Harness) {
    let store = harness.store();
    let company = Uuid::now_v7();
    let kept = store.put(company, chunked(&pattern(0, 100, 11), 100), NO_LIMIT).await.unwrap();
    harness.plant_temporary().await;
    assert_eq!(harness.contents().await.len(), 2);

    assert_eq!(store.sweep_temporary(Duration::from_secs(3600)).await.unwrap(), 0);
    assert_eq!(harness.contents().await.len(), 2);
    assert_eq!(store.sweep_temporary(Duration::ZERO).await.unwrap(), 1);
    assert_eq!(harness.contents().await, vec![object_key(company, &kept.sha256)]);
    assert_eq!(store.sweep_temporary(Duration::ZERO).await.unwrap(), 0);
}

/// The variable that makes `put_until_killed` (main.rs) put into the store it names.
pub(crate) const PUT_UNTIL_KILLED: &str = "BLOCOPRO_TEST_MEDIA_PUT_UNTIL_KILLED";
/// What `put_until_killed` prints once it is in the middle of its put.
pub(crate) const IN_THE_MIDDLE: &str = "in the middle of the put";

pub(crate) async fn a_killed_put_leaves_only_a_temporary(harness: &impl Harness) {
    let (url, environment) = harness.location();
    let mut child = tokio::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "put_until_killed", "--ignored", "--nocapture"])
        .env(PUT_UNTIL_KILLED, url)
        .envs(environment)
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(child.stdout.take().unwrap()));
    let wait = async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if line == IN_THE_MIDDLE {
                return;
            }
        }
        panic!("the putting process ended before the middle of its put");
    };
    tokio::time::timeout(Duration::from_secs(60), wait).await.expect("the putting process never got going");
    child.kill().await.unwrap();

    // No object: a temporary file, or on S3 an upload that only the bucket's lifecycle rule removes.
    let contents = harness.contents().await;
    assert!(contents.iter().all(|key| key.starts_with("tmp/")), "{contents:?}");
    assert_eq!(contents.len() + harness.unfinished_uploads().await, 1, "{contents:?}");
    harness.store().sweep_temporary(Duration::ZERO).await.unwrap();
    assert_eq!(harness.contents().await, Vec::<String>::new());
}

/// The process `a_killed_put_leaves_only_a_temporary` kills: puts a content without end into the
/// store `url` names and says when it is past its first S3 part.
pub(crate) async fn put_until_killed(url: &str) {
    let store = blocopro_media::from_url(Some(url), std::path::Path::new("/nonexistent")).await.unwrap();
    let mut announced = false;
    let endless = generated(0, MULTIPART_SIZE, 13).chain(stream::poll_fn(move |_| {
        if !std::mem::replace(&mut announced, true) {
            println!("{IN_THE_MIDDLE}");
        }
        std::task::Poll::Pending
    }));
    let answer = store.put(Uuid::now_v7(), endless.boxed(), NO_LIMIT).await;
    panic!("the put ended: {answer:?}");
}

pub(crate) async fn a_large_object_streams_both_ways(harness: &impl Harness) {
    let store = harness.store();
    let company = Uuid::now_v7();
    let size = 12 * 1024 * 1024 + 123;
    let stored = store.put(company, generated(0, size, 12), size).await.unwrap();
    assert_eq!(stored, StoredMedia { sha256: sha256_of_stream(generated(0, size, 12)).await, size });

    let content = store.get(company, &stored.sha256, None).await.unwrap();
    assert_eq!(content.range, 0..size);
    let (mut hasher, mut read) = (Sha256::new(), 0);
    let mut chunks = content.stream;
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.unwrap();
        read += chunk.len() as u64;
        hasher.update(&chunk);
    }
    assert_eq!((read, Sha256Digest::from_bytes(hasher.finalize().into())), (size, stored.sha256));

    // Across the boundary of the first two parts.
    let boundary = S3_PART_SIZE as u64;
    let range = ByteRange::FromTo { first: boundary - 10, last: boundary + 9 };
    let content = store.get(company, &stored.sha256, Some(range)).await.unwrap();
    assert_eq!(read_all(content.stream).await, pattern(boundary - 10, 20, 12));
}

async fn assert_nothing_left(harness: &impl Harness) {
    assert_eq!(harness.contents().await, Vec::<String>::new(), "objects or temporaries left");
    assert_eq!(harness.unfinished_uploads().await, 0, "multipart uploads left");
}

/// Deterministic bytes: the `length` bytes from `offset` of the endless sequence `seed` names.
fn pattern(offset: u64, length: u64, seed: u64) -> Vec<u8> {
    (offset..offset + length).map(|index| pattern_byte(index, seed)).collect()
}

fn pattern_byte(index: u64, seed: u64) -> u8 {
    ((index ^ seed.rotate_left(32)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as u8
}

/// `pattern(offset, length, seed)` as a stream of network-sized chunks, made as they are read.
fn generated(offset: u64, length: u64, seed: u64) -> ByteStream<'static> {
    let end = offset + length;
    let starts = (offset..end).step_by(CHUNK);
    byte_stream(stream::iter(starts).map(move |start| {
        let chunk = pattern(start, (end - start).min(CHUNK as u64), seed);
        Ok::<_, io::Error>(Bytes::from(chunk))
    }))
}

fn chunked(bytes: &[u8], chunk: usize) -> ByteStream<'static> {
    let chunks: Vec<_> =
        bytes.chunks(chunk.max(1)).map(|chunk| Ok::<_, io::Error>(Bytes::copy_from_slice(chunk))).collect();
    byte_stream(stream::iter(chunks))
}

fn sha256_of(bytes: &[u8]) -> Sha256Digest {
    Sha256Digest::from_bytes(Sha256::digest(bytes).into())
}

async fn sha256_of_stream(mut chunks: ByteStream<'static>) -> Sha256Digest {
    let mut hasher = Sha256::new();
    while let Some(chunk) = chunks.next().await {
        hasher.update(chunk.unwrap());
    }
    Sha256Digest::from_bytes(hasher.finalize().into())
}

async fn read_all(mut chunks: futures_util::stream::BoxStream<'static, Result<Bytes, MediaError>>) -> Vec<u8> {
    let mut bytes = Vec::new();
    while let Some(chunk) = chunks.next().await {
        bytes.extend_from_slice(&chunk.unwrap());
    }
    bytes
}
