//! WhatsApp Web (multi-device) by QR Code, on the `whatsapp-rust` client: the channel becomes one
//! more linked device of the company's phone. The device's keys live in one SQLite file per channel
//! (`<data dir>/whatsapp/<channel id>.db`), so a paired channel resumes after a restart without a
//! new QR Code.
//!
//! What WhatsApp reports arrives as library events, translated by [`mapping::EventMapper`] into
//! connector events.

pub mod content;
pub mod mapping;
pub mod outgoing;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;
use blocopro_domain::channel::{Capabilities, ChannelKind};
use futures_util::{StreamExt, TryStreamExt};
use tokio_util::io::ReaderStream;
use whatsapp_rust::ErrorChainExt;
use whatsapp_rust::features::{GroupCreateOptions, GroupError, GroupParticipantOptions};
use whatsapp_rust::prelude::{Bot, BotHandle, Client, SendError, SqliteStore};
use whatsapp_rust::request::IqError;

use crate::{
    ChannelEvents, Connector, ConnectorError, FetchedFile, FileBytes, GroupConnector, GroupSnapshot, OutgoingMessage,
};
use content::DownloadRef;
use mapping::{EventMapper, group_info, phone_of, recipient};

/// Bytes read from a spooled download at a time.
const CHUNK_BYTES: usize = 64 * 1024;

/// Our side of one QR-paired channel.
pub struct WhatsappWebConnector {
    device_store: PathBuf,
    events: ChannelEvents,
    session: Mutex<Option<BotHandle>>,
}

impl WhatsappWebConnector {
    /// `device_dir` holds one device store per channel.
    pub fn new(device_dir: &Path, events: ChannelEvents) -> Self {
        let device_store = device_dir.join(format!("{}.db", events.channel_id()));
        Self { device_store, events, session: Mutex::default() }
    }

    pub fn device_store(&self) -> &Path {
        &self.device_store
    }

    fn session(&self) -> MutexGuard<'_, Option<BotHandle>> {
        self.session.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn client(&self) -> Result<Arc<Client>, ConnectorError> {
        let session = self.session();
        let client = session.as_ref().map(BotHandle::client).ok_or(ConnectorError::NotConnected)?;
        if client.is_connected() { Ok(client) } else { Err(ConnectorError::NotConnected) }
    }

    /// An unnamed file on the data volume (not `/tmp`, often memory) to download into.
    async fn spool_file(&self) -> Result<std::fs::File, ConnectorError> {
        let dir = self.device_store.parent().map(Path::to_path_buf).unwrap_or_else(std::env::temp_dir);
        let created = tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&dir)?;
            tempfile::tempfile_in(&dir)
        })
        .await
        .map_err(|error| unavailable("a download file", error))?;
        created.map_err(|error| unavailable("a download file", error))
    }

    async fn start(&self) -> Result<BotHandle, ConnectorError> {
        if let Some(dir) = self.device_store.parent() {
            std::fs::create_dir_all(dir).map_err(|error| unavailable("the device store folder", error))?;
        }
        let path = self.device_store.to_string_lossy();
        let store = SqliteStore::new(&path).await.map_err(|error| unavailable("the device store", error))?;
        let mapper = Arc::new(EventMapper::default());
        let events = self.events.clone();
        let bot = Bot::builder()
            .with_backend(store)
            .skip_history_sync()
            .on_event(move |event, client| {
                let own_number = client.pn().as_ref().and_then(phone_of);
                let kinds = mapper.map(&event, own_number);
                let events = events.clone();
                async move {
                    for kind in kinds {
                        events.emit(kind).await;
                    }
                }
            })
            .build()
            .await
            .map_err(|error| unavailable("the WhatsApp client", error))?;
        Ok(bot.spawn())
    }
}

fn unavailable(what: &str, error: impl std::fmt::Display) -> ConnectorError {
    ConnectorError::Unavailable(format!("{what} could not be opened: {error}"))
}

/// The chat of an E.164 number or a group id.
fn chat_of(to: &str) -> Result<whatsapp_rust::prelude::Jid, ConnectorError> {
    recipient(to).ok_or_else(|| ConnectorError::Rejected {
        code: "invalid_recipient".into(),
        message: format!("{to} is neither an E.164 number nor a WhatsApp group id"),
    })
}

fn invalid_reference(provider_ref: &str) -> ConnectorError {
    ConnectorError::Rejected {
        code: "invalid_media_reference".into(),
        message: format!("{provider_ref:?} is not a WhatsApp Web download reference"),
    }
}

/// A file the CDN refuses for good (its path expired or was revoked: 404, 410, or 401/403 once the
/// library has already retried with fresh media credentials) is final; anything else (network,
/// 5xx, a body that failed its MAC) may work later.
fn download_error(error: &whatsapp_rust::anyhow::Error) -> ConnectorError {
    let chain: &(dyn std::error::Error + Send + Sync + 'static) = error.as_ref();
    match chain.http_status() {
        Some(401 | 403 | 404 | 410) => ConnectorError::Rejected {
            code: "media_expired".into(),
            message: format!("WhatsApp no longer serves this file: {error:#}"),
        },
        _ => ConnectorError::Unavailable(format!("the file could not be downloaded: {error:#}")),
    }
}

/// A spooled file's bytes, chunk by chunk.
fn file_chunks(file: std::fs::File) -> FileBytes {
    ReaderStream::with_capacity(tokio::fs::File::from_std(file), CHUNK_BYTES)
        .map_err(|error| ConnectorError::Unavailable(format!("the downloaded file could not be read: {error}")))
        .boxed()
}

fn send_error(error: SendError) -> ConnectorError {
    match error {
        SendError::NotLoggedIn => ConnectorError::NotConnected,
        SendError::InvalidRequest(message) => ConnectorError::Rejected { code: "invalid_request".into(), message },
        other => ConnectorError::Unavailable(other.to_string()),
    }
}

fn group_error(error: GroupError, external_id: &str) -> ConnectorError {
    match error {
        GroupError::Iq(IqError::ServerError { code: 404, .. }) => ConnectorError::UnknownGroup(external_id.into()),
        GroupError::Iq(IqError::ServerError { code: 429, .. }) => ConnectorError::RateLimited,
        GroupError::InvalidRequest(message) => ConnectorError::Rejected { code: "invalid_request".into(), message },
        other => ConnectorError::Unavailable(other.to_string()),
    }
}

#[async_trait]
impl Connector for WhatsappWebConnector {
    fn capabilities(&self) -> Capabilities {
        ChannelKind::WhatsappQr.capabilities()
    }

    /// Starts the client in the background: a paired device reconnects, a new one shows QR Codes.
    async fn connect(&self) -> Result<(), ConnectorError> {
        if self.session().is_some() {
            return Ok(());
        }
        let handle = self.start().await?;
        let mut session = self.session();
        // Two connects raced: keep the first session, stop the second.
        match session.as_ref() {
            Some(_) => handle.abort(),
            None => *session = Some(handle),
        }
        Ok(())
    }

    async fn disconnect(&self, logout: bool) -> Result<(), ConnectorError> {
        let handle = self.session().take();
        if let Some(handle) = handle {
            if logout {
                handle.client().logout().await;
            }
            handle.shutdown().await;
        }
        if logout {
            self.forget_session().await?;
        }
        Ok(())
    }

    /// A file is encrypted as it streams in, uploaded to WhatsApp's media servers, then sent.
    async fn send(&self, to: &str, message: OutgoingMessage) -> Result<String, ConnectorError> {
        let to = chat_of(to)?;
        let client = self.client()?;
        let context = message.content.reply_to.as_ref().map(outgoing::reply_context);
        let sent = match message.file {
            Some(file) => {
                let (media_type, file_message) = outgoing::FileMessage::of(&message.content, context)?;
                let upload = outgoing::upload(&client, file, media_type).await?;
                file_message.build(upload)
            }
            None => outgoing::plain_message(&message.content, context)?,
        };
        let sent = client.send_message(to, sent).await.map_err(send_error)?;
        Ok(sent.message_id)
    }

    async fn send_reaction(&self, to: &str, target_external_id: &str, emoji: &str) -> Result<String, ConnectorError> {
        let chat = chat_of(to)?;
        let client = self.client()?;
        let target = outgoing::reaction_target(&chat, target_external_id);
        let sent = client.send_reaction(chat, target, emoji).await.map_err(send_error)?;
        Ok(sent.message_id)
    }

    /// The library checks a file's MAC only once all of it has arrived, so nothing can be passed
    /// on before: it decrypts into an unnamed file beside the device stores (the library's
    /// streaming download, a few KB of memory whatever the size; the file vanishes with its handle,
    /// even if the process dies), which is then streamed.
    async fn fetch_media(&self, provider_ref: &str) -> Result<FetchedFile, ConnectorError> {
        let reference = DownloadRef::parse(provider_ref).ok_or_else(|| invalid_reference(provider_ref))?;
        let params = reference.params().ok_or_else(|| invalid_reference(provider_ref))?;
        let client = self.client()?;
        let spool = self.spool_file().await?;
        let file =
            client.download_from_params_to_writer(&params, spool).await.map_err(|error| download_error(&error))?;
        let size = file.metadata().ok().map(|metadata| metadata.len());
        Ok(FetchedFile { mime_type: Some(reference.mime_type), size, bytes: file_chunks(file) })
    }

    fn groups(&self) -> Option<&dyn GroupConnector> {
        Some(self)
    }

    /// Deletes the device store, so the next connect pairs a new device.
    async fn forget_session(&self) -> Result<(), ConnectorError> {
        if let Some(handle) = self.session().take() {
            handle.abort();
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut file = self.device_store.clone().into_os_string();
            file.push(suffix);
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => return Err(unavailable("the device store", error)),
            }
        }
        Ok(())
    }
}

#[async_trait]
impl GroupConnector for WhatsappWebConnector {
    async fn participating_groups(&self) -> Result<Vec<GroupSnapshot>, ConnectorError> {
        let client = self.client()?;
        let own_number = client.pn().as_ref().and_then(phone_of);
        let groups = client.groups().get_participating().await.map_err(|error| group_error(error, ""))?;
        let mut groups: Vec<GroupSnapshot> =
            groups.values().map(|group| group_info(group, own_number.as_deref())).collect();
        groups.sort_by(|a, b| a.subject.cmp(&b.subject).then_with(|| a.external_id.cmp(&b.external_id)));
        Ok(groups)
    }

    async fn group_metadata(&self, external_id: &str) -> Result<GroupSnapshot, ConnectorError> {
        let jid = recipient(external_id)
            .filter(|jid| jid.server == whatsapp_rust::Server::Group)
            .ok_or_else(|| ConnectorError::UnknownGroup(external_id.into()))?;
        let client = self.client()?;
        let own_number = client.pn().as_ref().and_then(phone_of);
        let group = client.groups().get_metadata(&jid).await.map_err(|error| group_error(error, external_id))?;
        Ok(group_info(&group, own_number.as_deref()))
    }

    async fn create_group(&self, subject: &str, participants: &[String]) -> Result<GroupSnapshot, ConnectorError> {
        let participants = participants
            .iter()
            .map(|phone| {
                recipient(phone).filter(|jid| jid.is_pn()).map(GroupParticipantOptions::from_phone).ok_or_else(|| {
                    ConnectorError::Rejected {
                        code: "invalid_participant".into(),
                        message: format!("{phone} is not an E.164 number"),
                    }
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let client = self.client()?;
        let own_number = client.pn().as_ref().and_then(phone_of);
        let options = GroupCreateOptions::builder().subject(subject).participants(participants).build();
        let created = client.groups().create_group(options).await.map_err(|error| group_error(error, ""))?;
        Ok(group_info(&created.metadata, own_number.as_deref()))
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::event_queue;

    fn connector(dir: &Path) -> WhatsappWebConnector {
        let (sender, _receiver) = event_queue();
        WhatsappWebConnector::new(dir, ChannelEvents::new(Uuid::now_v7(), sender))
    }

    // WhatsApp itself is unreachable here: this drives the real client up to its first connection
    // attempt and checks what BlocoPro owns, the device store's life cycle.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_device_store_is_created_on_connect_and_deleted_on_logout() {
        let dir = tempfile::tempdir().unwrap();
        let connector = connector(&dir.path().join("whatsapp"));
        assert!(connector.device_store().starts_with(dir.path()));

        connector.connect().await.unwrap();
        assert!(connector.device_store().is_file(), "one SQLite device store per channel");
        connector.connect().await.unwrap();
        assert_eq!(connector.send_text("+5511987654321", "oi").await, Err(ConnectorError::NotConnected));

        connector.disconnect(true).await.unwrap();
        assert!(!connector.device_store().exists(), "a logout forgets the device");
    }

    #[tokio::test]
    async fn a_recipient_that_is_neither_a_number_nor_a_group_is_refused_before_anything_is_sent() {
        let dir = tempfile::tempdir().unwrap();
        let refused = connector(dir.path()).send_text("5511987654321", "oi").await;
        assert!(matches!(refused, Err(ConnectorError::Rejected { code, .. }) if code == "invalid_recipient"));
        assert_eq!(connector(dir.path()).participating_groups().await, Err(ConnectorError::NotConnected));
    }

    #[tokio::test]
    async fn a_file_is_fetched_only_by_a_reference_of_ours_and_only_while_connected() {
        let dir = tempfile::tempdir().unwrap();
        let connector = connector(dir.path());
        let refused = connector.fetch_media("1234567890").await.unwrap_err();
        assert!(matches!(refused, ConnectorError::Rejected { code, .. } if code == "invalid_media_reference"));
        let image = whatsapp_rust::prelude::wa::message::ImageMessage {
            direct_path: Some("/v/photo.enc".into()),
            media_key: Some(vec![1; 32]),
            ..Default::default()
        };
        let reference = DownloadRef::of(&image, "image/jpeg").unwrap().to_provider_ref();
        assert_eq!(connector.fetch_media(&reference).await.unwrap_err(), ConnectorError::NotConnected);
    }

    #[test]
    fn an_expired_file_is_final_and_a_network_failure_passes() {
        use whatsapp_rust::http::HttpStatusError;
        let refused = |status| whatsapp_rust::anyhow::Error::new(HttpStatusError { status }).context("Download failed");
        for gone in [404, 410, 403] {
            assert!(
                matches!(download_error(&refused(gone)), ConnectorError::Rejected { code, .. } if code == "media_expired")
            );
        }
        for passing in [refused(500), refused(429), whatsapp_rust::anyhow::anyhow!("connection reset")] {
            let error = download_error(&passing);
            assert!(matches!(error, ConnectorError::Unavailable(_)) && error.is_passing(), "{passing:#}");
        }
    }

    #[tokio::test]
    async fn a_spooled_download_streams_in_chunks_from_its_start() {
        use std::io::{Seek, Write};
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(&bytes).unwrap();
        file.rewind().unwrap();
        let chunks: Vec<bytes::Bytes> = file_chunks(file).try_collect().await.unwrap();
        assert!(chunks.len() >= 4 && chunks.iter().all(|chunk| chunk.len() <= CHUNK_BYTES));
        assert_eq!(chunks.concat(), bytes);
    }

    /// WhatsApp's CDN as the library sees it: whatever is asked, the one encrypted file (or a status).
    struct FakeCdn {
        status: u16,
        body: Vec<u8>,
        asked: Mutex<Vec<String>>,
    }

    #[async_trait]
    impl whatsapp_rust::http::HttpClient for FakeCdn {
        async fn execute(
            &self,
            request: whatsapp_rust::http::HttpRequest,
        ) -> whatsapp_rust::anyhow::Result<whatsapp_rust::http::HttpResponse> {
            self.asked.lock().unwrap().push(request.url);
            Ok(whatsapp_rust::http::HttpResponse { status_code: self.status, body: self.body.clone() })
        }
    }

    // Real WhatsApp is unreachable here: a file encrypted by the library itself, served by a fake
    // CDN to the library's session-less downloader, goes through our reference, spool file and stream.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_file_encrypted_by_whatsapp_is_decrypted_from_our_reference_and_streamed() {
        use whatsapp_rust::download::{MediaDownloader, MediaType};
        let plaintext: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 256) as u8).collect();
        let encrypted = whatsapp_rust::wacore::upload::encrypt_media(&plaintext, MediaType::Document).unwrap();
        let document = whatsapp_rust::prelude::wa::message::DocumentMessage {
            direct_path: Some("/v/t62.7119-24/boleto.enc?ccb=11-4&oh=token".into()),
            media_key: Some(encrypted.media_key.to_vec()),
            file_sha256: Some(encrypted.file_sha256.to_vec()),
            file_enc_sha256: Some(encrypted.file_enc_sha256.to_vec()),
            file_length: Some(plaintext.len() as u64),
            ..Default::default()
        };
        let provider_ref = DownloadRef::of(&document, "application/pdf").unwrap().to_provider_ref();
        let params = DownloadRef::parse(&provider_ref).unwrap().params().unwrap();

        let dir = tempfile::tempdir().unwrap();
        let connector = connector(&dir.path().join("whatsapp"));
        let cdn = |status, body| Arc::new(FakeCdn { status, body, asked: Mutex::default() });
        let runtime: Arc<dyn whatsapp_rust::wacore::runtime::Runtime> = Arc::new(whatsapp_rust::TokioRuntime);
        let served = cdn(200, encrypted.data_to_upload.clone());
        let downloader = MediaDownloader::with_default_hosts(served.clone(), runtime.clone());
        let spool = connector.spool_file().await.unwrap();
        let file = downloader.download_to_writer(&params, spool).await.unwrap();
        let chunks: Vec<bytes::Bytes> = file_chunks(file).try_collect().await.unwrap();
        assert_eq!(chunks.concat(), plaintext);
        assert!(served.asked.lock().unwrap()[0].contains("/v/t62.7119-24/boleto.enc"));
        let spooled: Vec<_> = std::fs::read_dir(dir.path().join("whatsapp")).unwrap().collect();
        assert!(spooled.is_empty(), "the spool file has no name: nothing is left behind");

        let mut tampered = encrypted.data_to_upload;
        tampered[10] ^= 1;
        let downloader = MediaDownloader::with_default_hosts(cdn(200, tampered), runtime);
        let refused = downloader.download_to_writer(&params, connector.spool_file().await.unwrap()).await;
        assert!(refused.is_err(), "a body that fails its MAC is never handed on");
    }

    #[tokio::test]
    async fn forgetting_a_session_that_never_existed_is_fine() {
        let dir = tempfile::tempdir().unwrap();
        connector(dir.path()).forget_session().await.unwrap();
    }
}
