//! The BlocoPro application: the use cases the HTTP layer (and the CLI) call, and the background
//! workers that keep it going — the inbound writer, the conversation folder, the queue, the outbox,
//! channel sessions with their leases and reconnects, the presence sweeper, the event log and the
//! outgoing webhooks, the download of received files. It knows nothing of HTTP: `blocopro-api`
//! serves it.

pub mod access;
pub mod access_hours;
pub mod agenda;
pub mod api_tokens;
pub mod audit;
pub mod caller;
pub mod caller_cache;
pub mod channels;
pub mod companies;
pub mod company;
pub mod contacts;
pub mod conversations;
pub mod demo;
pub mod departments;
pub mod error;
pub mod events;
pub mod groups;
pub mod instance;
pub mod labels;
pub mod media;
pub mod media_downloads;
pub mod presence;
pub mod quick_replies;
pub mod reports;
pub mod secrets;
pub mod sessions;
pub mod simulator;
pub mod uploads;
pub mod users;
pub mod webhook_deliveries;
pub mod webhooks;

#[cfg(test)]
mod testing;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use blocopro_connectors::simulator::SimulatorWorld;
use blocopro_connectors::{ConnectorHub, HubSettings};
use blocopro_domain::Timestamp;
use blocopro_domain::channel::Channel;
use blocopro_domain::user::User;
use blocopro_media::{DynMediaStore, MediaLocation};
use blocopro_store::DynStore;
use secrecy::SecretString;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use caller_cache::CallerCache;
use channels::cloud_cache::CloudChannelCache;
use channels::credentials::CredentialSealer;
use channels::inbound_writer::InboundWriter;
pub use error::{AppError, AppResult};
use events::EventBus;
pub use webhook_deliveries::WebhookSettings;

/// What the application needs from the configuration.
#[derive(Clone)]
pub struct AppSettings {
    /// Seals channel credentials at rest; at least 32 bytes.
    pub encryption_key: SecretString,
    /// Enables the simulator connector (demo and tests only).
    pub simulator: bool,
    /// The Graph API for Cloud API channels; a local mock in tests.
    pub cloud_api_base_url: String,
    /// One device store per WhatsApp Web (QR) channel; in the data directory.
    pub whatsapp_device_dir: PathBuf,
    /// How webhook deliveries are posted and retried.
    pub webhooks: WebhookSettings,
    /// How long a user whose last realtime socket closed still counts as online: a reloaded page
    /// opens its next socket within it (see `presence::socket_closed`).
    pub presence_grace: Duration,
    /// How often every Cloud API channel's templates are synced from Meta; zero: never (on demand only).
    pub template_sync_interval: Duration,
    /// Where media files are kept: `BLOCOPRO_MEDIA_URL`, or the data directory's `media` folder.
    pub media: MediaLocation,
}

impl std::fmt::Debug for AppSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppSettings")
            .field("encryption_key", &"[redacted]")
            .field("simulator", &self.simulator)
            .field("cloud_api_base_url", &self.cloud_api_base_url)
            .field("whatsapp_device_dir", &self.whatsapp_device_dir)
            .field("webhooks", &self.webhooks)
            .field("presence_grace", &self.presence_grace)
            .field("template_sync_interval", &self.template_sync_interval)
            .field("media", &self.media)
            .finish()
    }
}

/// The running application: handles to the store, the live connectors, the event log and the
/// workers' wake-ups. Every use case takes it by reference.
pub struct App {
    pub store: DynStore,
    /// The bytes of media files, content-addressed per company.
    pub media: DynMediaStore,
    /// Seals channel credentials before they are stored.
    pub sealer: CredentialSealer,
    pub hub: ConnectorHub,
    pub events: EventBus,
    /// What authenticating a request reads, kept a few seconds (see `caller_cache`).
    pub callers: Arc<CallerCache>,
    /// This server among the instances sharing the database (see `instance`).
    pub instance_id: uuid::Uuid,
    /// Cancelled when the server starts stopping: realtime sockets close, workers end at a safe point.
    pub stopping: CancellationToken,
    /// The workers that claim or write rows: `leave` waits for them (see `WORKERS_STOP_WITHIN`).
    workers: TaskTracker,
    /// Stores received messages in group commits.
    pub inbound: InboundWriter,
    /// Cloud API channels and their opened secrets, for webhooks.
    pub cloud_channels: CloudChannelCache,
    /// Wakes the sending worker when a message is queued.
    pub outbox_wake: Notify,
    /// Wakes the webhook sender when deliveries are queued.
    pub webhook_wake: Notify,
    /// Wakes the download worker when received messages with files are stored.
    pub download_wake: Notify,
    pub views: Views,
    /// `AppSettings::presence_grace`.
    pub presence_grace: Duration,
}

/// How resources read from outside: the HTTP layer's views, which events and audit entries carry
/// too, so that a `channel.status` event reads like `GET /channels/{id}` and a `user.created`
/// entry like `GET /users/{id}`. The HTTP layer owns those shapes and hands them over here.
#[derive(Clone, Copy)]
pub struct Views {
    pub channel: fn(&Channel) -> serde_json::Value,
    pub user: fn(&User) -> serde_json::Value,
}

impl App {
    /// Starts the application over `store`: signs this instance in, starts every worker and
    /// reopens the channel sessions that were live.
    pub async fn start(settings: AppSettings, store: DynStore, views: Views) -> anyhow::Result<Arc<Self>> {
        let (event_sender, event_receiver) = blocopro_connectors::event_queue();
        let hub_settings = HubSettings {
            simulator: settings.simulator.then(SimulatorWorld::new),
            cloud_api_base_url: settings.cloud_api_base_url.clone(),
            whatsapp_device_dir: settings.whatsapp_device_dir.clone(),
            ..HubSettings::default()
        };
        let media = settings.media.open().await?;
        spawn_temporary_media_sweep(media.clone());
        let fold_wake = Arc::new(Notify::new());
        let app = Arc::new(App {
            inbound: InboundWriter::spawn(store.clone(), fold_wake.clone()),
            cloud_channels: Default::default(),
            events: EventBus::start(store.clone()).await?,
            callers: Arc::default(),
            store,
            media,
            sealer: CredentialSealer::new(&settings.encryption_key),
            hub: ConnectorHub::new(hub_settings, event_sender),
            instance_id: instance::new_id(),
            stopping: CancellationToken::new(),
            workers: TaskTracker::new(),
            outbox_wake: Notify::new(),
            webhook_wake: Notify::new(),
            download_wake: Notify::new(),
            views,
            presence_grace: settings.presence_grace,
        });
        caller_cache::spawn_invalidation(app.callers.clone(), app.events.subscribe());
        instance::start(app.clone()).await?;
        spawn_presence_sweeper(app.clone());
        channels::dispatcher::spawn(app.clone(), event_receiver);
        conversations::outbox::spawn(&app);
        media_downloads::spawn(&app);
        uploads::spawn_sweep(app.clone());
        conversations::folder::spawn(&app, fold_wake);
        webhook_deliveries::spawn(app.clone(), settings.webhooks)?;
        channels::templates::spawn_sync(app.clone(), settings.template_sync_interval);
        channels::sessions::restore(&app).await?;
        Ok(app)
    }

    /// Hands back what this instance holds as the server stops: the workers end (releasing what
    /// they claimed and did not start), the sessions and presence are handed back, and the events
    /// published so far reach the log. Bounded: `WORKERS_STOP_WITHIN`, `SIGN_OFF_WITHIN`, `events::FLUSH_WITHIN`.
    pub async fn leave(&self) {
        self.stopping.cancel();
        self.workers.close();
        if tokio::time::timeout(WORKERS_STOP_WITHIN, self.workers.wait()).await.is_err() {
            tracing::warn!(
                running = self.workers.len(),
                "workers still busy were cut short; what they claimed is taken again when its lease lapses"
            );
        }
        if tokio::time::timeout(SIGN_OFF_WITHIN, instance::leave(self)).await.is_err() {
            tracing::warn!("stopping: signing off took too long; this instance is reaped once silent");
        }
        self.events.flush().await;
    }

    /// Runs a worker that `leave` waits for; it should end soon after `stopping` is cancelled.
    pub fn spawn_worker<W: Future<Output = ()> + Send + 'static>(
        self: &Arc<Self>,
        worker: impl FnOnce(Arc<Self>) -> W,
    ) {
        self.workers.spawn(worker(self.clone()));
    }

    /// Runs a worker that claims rows in rounds (`round` answers how many it claimed) until the
    /// server stops: again at once after a round that found work; after `wake` or `poll`, whichever
    /// comes first, after one that found none; after `poll` after a failed one (`failed` says what).
    pub fn spawn_claiming_worker<R, F>(
        self: &Arc<Self>,
        wake: fn(&App) -> &Notify,
        poll: Duration,
        failed: &'static str,
        round: R,
    ) where
        R: Fn(Arc<App>) -> F + Send + 'static,
        F: Future<Output = Result<usize, blocopro_store::StoreError>> + Send + 'static,
    {
        self.spawn_worker(move |app| async move {
            while !app.stopping.is_cancelled() {
                let wake = match round(app.clone()).await {
                    Ok(0) => Some(wake(&app)),
                    Ok(_) => continue,
                    Err(error) => {
                        tracing::warn!(%error, "{failed}; trying again");
                        None
                    }
                };
                let waiting = async {
                    match wake {
                        Some(wake) => {
                            let _ = tokio::time::timeout(poll, wake.notified()).await;
                        }
                        None => tokio::time::sleep(poll).await,
                    }
                };
                app.stopping.run_until_cancelled(waiting).await;
            }
        });
    }
}

/// How long a stopping server waits for its workers to finish what they started.
pub const WORKERS_STOP_WITHIN: Duration = Duration::from_secs(5);
/// How long a stopping server tries to hand back its sessions and sign off.
pub const SIGN_OFF_WITHIN: Duration = Duration::from_secs(5);

/// A put whose temporary is this old was cut off (its process was killed): see
/// `MediaStore::sweep_temporary`.
pub const ABANDONED_MEDIA_PUT: Duration = Duration::from_secs(60 * 60);

/// At startup, deletes the temporaries of media puts that a stopped process left behind.
fn spawn_temporary_media_sweep(media: DynMediaStore) {
    tokio::spawn(async move {
        // Each store logs what it deleted.
        if let Err(error) = media.sweep_temporary(ABANDONED_MEDIA_PUT).await {
            tracing::warn!(%error, "sweeping abandoned media uploads failed");
        }
    });
}

/// Once a minute, users whose session lapsed without a logout go offline.
fn spawn_presence_sweeper(app: Arc<App>) {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_secs(60));
        loop {
            ticker.tick().await;
            if let Err(error) = presence::sweep_stale_presence(&app, Timestamp::now()).await {
                tracing::warn!(%error, "presence sweep failed");
            }
        }
    });
}

/// Opens the store named by `database_url`: `sqlite://…` or `postgres://…`.
pub async fn open_store(database_url: &str) -> anyhow::Result<DynStore> {
    let store: DynStore = if database_url.starts_with("postgres://") || database_url.starts_with("postgresql://") {
        Arc::new(blocopro_store_postgres::PostgresStore::connect(database_url).await?)
    } else if database_url.starts_with("sqlite:") {
        Arc::new(blocopro_store_sqlite::SqliteStore::connect(database_url).await?)
    } else {
        anyhow::bail!("BLOCOPRO_DATABASE_URL must start with sqlite:// or postgres://");
    };
    Ok(store)
}
