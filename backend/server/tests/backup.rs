//! `blocopro backup` and `blocopro restore`, the real binary on a real SQLite file: a backup taken
//! while messages are being written holds every message committed before it began, and restores
//! into a new data directory with the secrets, device stores and media; a damaged archive, a
//! non-empty target and a PostgreSQL installation are refused with a message saying why.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use blocopro_domain::channel::ChannelKind;
use blocopro_store::DynStore;
use blocopro_store::conformance::{channel, company, inbound};
use blocopro_store_sqlite::SqliteStore;
use blocopro_store_sqlite::backup::integrity_problems;
use uuid::Uuid;

const JWT_SECRET: &str = "jwt-secret-of-the-installation-0123456789";
const ENCRYPTION_KEY: &str = "encryption-key-of-the-installation-012345";
const CHAT: &str = "+5511988887777";

/// Runs `blocopro` with the installation at `data_dir` (its default database and media).
async fn blocopro(data_dir: &Path, args: &[&str]) -> Output {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_blocopro"));
    command.args(args).env("BLOCOPRO_DATA_DIR", data_dir).env("BLOCOPRO_LOG", "warn");
    for variable in ["BLOCOPRO_DATABASE_URL", "BLOCOPRO_MEDIA_URL", "BLOCOPRO_JWT_SECRET", "BLOCOPRO_ENCRYPTION_KEY"] {
        command.env_remove(variable);
    }
    command.output().await.unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

async fn open(data_dir: &Path) -> DynStore {
    Arc::new(SqliteStore::connect(&format!("sqlite://{}", data_dir.join("blocopro.db").display())).await.unwrap())
}

/// An installation as the server leaves it: the database, the generated secrets, a QR channel's
/// device store, a stored media object and an unfinished upload.
async fn installation(data_dir: &Path) -> (DynStore, Uuid, Uuid) {
    std::fs::create_dir_all(data_dir.join("whatsapp")).unwrap();
    let store = open(data_dir).await;
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    std::fs::write(data_dir.join("jwt_secret"), JWT_SECRET).unwrap();
    std::fs::write(data_dir.join("encryption_key"), ENCRYPTION_KEY).unwrap();
    SqliteStore::connect(&format!("sqlite://{}", data_dir.join("whatsapp/0193a1b2.db").display())).await.unwrap();
    std::fs::create_dir_all(media_object(data_dir, acme.id).parent().unwrap()).unwrap();
    std::fs::write(media_object(data_dir, acme.id), b"\xff\xd8 a photo").unwrap();
    std::fs::create_dir_all(data_dir.join("media/tmp")).unwrap();
    std::fs::write(data_dir.join("media/tmp/0193.part"), b"half an upload").unwrap();
    (store, acme.id, sim.id)
}

fn media_object(data_dir: &Path, company_id: Uuid) -> PathBuf {
    data_dir.join(format!(
        "media/companies/{company_id}/2c/2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_writes_restores_every_message_committed_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live");
    let (store, company_id, channel_id) = installation(&live).await;

    let committed = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn({
        let (store, committed, stop) = (store.clone(), committed.clone(), stop.clone());
        async move {
            let mut number = 0;
            while !stop.load(Ordering::Relaxed) {
                let message = inbound(channel_id, &format!("wamid.{number}"), "Oi, tudo bem?");
                store.insert_message(company_id, &message).await.expect("the writer is never blocked");
                committed.lock().unwrap().push(message.id);
                number += 1;
            }
        }
    });
    while committed.lock().unwrap().len() < 300 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let before: Vec<Uuid> = committed.lock().unwrap().clone();
    let archive = dir.path().join("backup.tar.gz");
    let backup = blocopro(&live, &["backup", "--to", archive.to_str().unwrap()]).await;
    assert!(backup.status.success(), "{}", stderr(&backup));
    let during = committed.lock().unwrap().len();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();
    assert!(committed.lock().unwrap().len() > during, "the writer went on after the backup");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "only the installation and the archive: {leftovers:?}");

    let restored = dir.path().join("restored");
    let restore = blocopro(&restored, &["restore", "--from", archive.to_str().unwrap()]).await;
    assert!(restore.status.success(), "{}", stderr(&restore));
    assert_eq!(integrity_problems(&restored.join("blocopro.db")).await.unwrap(), Vec::<String>::new());
    assert_eq!(std::fs::read_to_string(restored.join("jwt_secret")).unwrap(), JWT_SECRET);
    assert_eq!(std::fs::read_to_string(restored.join("encryption_key")).unwrap(), ENCRYPTION_KEY);
    assert_eq!(integrity_problems(&restored.join("whatsapp/0193a1b2.db")).await.unwrap(), Vec::<String>::new());
    assert_eq!(std::fs::read(media_object(&restored, company_id)).unwrap(), b"\xff\xd8 a photo");
    assert!(!restored.join("media/tmp/0193.part").exists(), "an unfinished upload is not backed up");

    let again = blocopro(&restored, &["restore", "--from", archive.to_str().unwrap()]).await;
    assert!(!again.status.success());
    assert!(stderr(&again).contains("is not empty"), "{}", stderr(&again));
    let forced = blocopro(&restored, &["restore", "--force", "--from", archive.to_str().unwrap()]).await;
    assert!(forced.status.success(), "{}", stderr(&forced));

    let store = open(&restored).await;
    for id in &before {
        let found = store.get_chat_message(company_id, channel_id, CHAT, *id).await.unwrap();
        assert!(found.is_some(), "message {id}, committed before the backup, is restored");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_archive_is_refused_and_nothing_is_put_back() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live");
    installation(&live).await;
    let archive = dir.path().join("backup.tar.gz");
    let backup = blocopro(&live, &["backup", "--to", archive.to_str().unwrap()]).await;
    assert!(backup.status.success(), "{}", stderr(&backup));
    let whole = std::fs::read(&archive).unwrap();

    // A part changed inside a well-formed archive: only the manifest's SHA-256 tells.
    let tampered = dir.path().join("tampered.tar.gz");
    std::fs::write(&tampered, with_changed_secret(&whole)).unwrap();
    // A byte flipped in the compressed stream.
    let flipped = dir.path().join("flipped.tar.gz");
    let mut bytes = whole.clone();
    bytes[whole.len() / 2] ^= 0xff;
    std::fs::write(&flipped, bytes).unwrap();
    // Cut short, as by a full disk.
    let truncated = dir.path().join("truncated.tar.gz");
    std::fs::write(&truncated, &whole[..whole.len() * 2 / 3]).unwrap();

    for (damaged, why) in [(&tampered, "data/jwt_secret does not match"), (&flipped, ""), (&truncated, "")] {
        let target = dir.path().join("target");
        let restore = blocopro(&target, &["restore", "--from", damaged.to_str().unwrap()]).await;
        let message = stderr(&restore);
        assert!(!restore.status.success(), "{}", damaged.display());
        assert!(message.contains("is not a usable BlocoPro backup"), "{}: {message}", damaged.display());
        assert!(message.contains(why), "{}: {message}", damaged.display());
        let left = std::fs::read_dir(&target).map(|entries| entries.count()).unwrap_or_default();
        assert_eq!(left, 0, "{}: nothing is put back", damaged.display());
    }
}

/// The archive with the JWT secret's content changed, its manifest left as it was.
fn with_changed_secret(archive: &[u8]) -> Vec<u8> {
    let mut reader = tar::Archive::new(flate2::read::GzDecoder::new(archive));
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast()));
    for entry in reader.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().into_owned();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut content).unwrap();
        if path == Path::new("data/jwt_secret") {
            content[0] ^= 0x01;
        }
        let mut header = entry.header().clone();
        builder.append_data(&mut header, &path, content.as_slice()).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

#[tokio::test]
async fn a_postgresql_installation_is_told_to_use_pg_dump() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_blocopro"));
    let archive = dir.path().join("backup.tar.gz");
    command.args(["backup", "--to", archive.to_str().unwrap()]);
    command.env("BLOCOPRO_DATA_DIR", dir.path()).env("BLOCOPRO_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x");
    let output = command.output().await.unwrap();
    assert!(!output.status.success());
    assert!(stderr(&output).contains("pg_dump"), "{}", stderr(&output));
    assert!(!archive.exists());
}
