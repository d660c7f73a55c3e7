//! The live connectors of this server, one per channel with an open session.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use blocopro_domain::channel::{Channel, ChannelKind, ChannelStatus};
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::cloud_api::{CloudApiConnector, CloudCredentials, GRAPH_API_BASE_URL};
use crate::simulator::{SimulatorConnector, SimulatorWorld};
use crate::whatsapp_web::WhatsappWebConnector;
use crate::{ChannelEvents, Connector, ConnectorError, ConnectorEvent};

#[derive(Clone)]
pub struct HubSettings {
    /// The simulated WhatsApp, when the simulator is enabled (`BLOCOPRO_SIMULATOR=1`).
    pub simulator: Option<Arc<SimulatorWorld>>,
    /// Where the Graph API is: Meta's, or a local mock in tests.
    pub cloud_api_base_url: String,
    pub http: reqwest::Client,
    /// Where WhatsApp Web (QR) channels keep their device stores.
    pub whatsapp_device_dir: PathBuf,
}

impl Default for HubSettings {
    fn default() -> Self {
        Self {
            simulator: None,
            cloud_api_base_url: GRAPH_API_BASE_URL.to_owned(),
            http: reqwest::Client::new(),
            whatsapp_device_dir: PathBuf::from("./data/whatsapp"),
        }
    }
}

/// A connector with an open session, and the kind of its channel.
struct Live {
    kind: ChannelKind,
    connector: Arc<dyn Connector>,
}

pub struct ConnectorHub {
    live: Mutex<HashMap<Uuid, Live>>,
    events: mpsc::Sender<ConnectorEvent>,
    settings: HubSettings,
}

impl ConnectorHub {
    pub fn new(settings: HubSettings, events: mpsc::Sender<ConnectorEvent>) -> Self {
        Self { live: Mutex::default(), events, settings }
    }

    fn live_map(&self) -> MutexGuard<'_, HashMap<Uuid, Live>> {
        self.live.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn simulator(&self) -> Option<&Arc<SimulatorWorld>> {
        self.settings.simulator.as_ref()
    }

    /// The connector of a channel whose session is open here.
    pub fn live(&self, channel_id: Uuid) -> Option<Arc<dyn Connector>> {
        self.live_map().get(&channel_id).map(|live| live.connector.clone())
    }

    /// The channels whose linked-device session is open here (see `ChannelKind::holds_session`).
    pub fn live_sessions(&self) -> Vec<Uuid> {
        self.live_map().iter().filter(|(_, live)| live.kind.holds_session()).map(|(id, _)| *id).collect()
    }

    fn build(
        &self,
        channel: &Channel,
        credentials: Option<&CloudCredentials>,
        fresh: bool,
    ) -> Result<Arc<dyn Connector>, ConnectorError> {
        let events = ChannelEvents::new(channel.id, self.events.clone());
        // A device that was paired and not unlinked resumes without a new QR Code.
        let paired_number = match (fresh, channel.status) {
            (true, _) | (_, ChannelStatus::LoggedOut) => None,
            _ => channel.phone_number.clone(),
        };
        match channel.kind {
            ChannelKind::Simulator => {
                let world = self.simulator().ok_or(ConnectorError::Unsupported(
                    "connect: the simulator is disabled on this server (BLOCOPRO_SIMULATOR=1 enables it)",
                ))?;
                Ok(Arc::new(SimulatorConnector::new(world.clone(), events, paired_number)))
            }
            ChannelKind::WhatsappCloud => {
                let (Some(settings), Some(credentials)) = (channel.cloud.clone(), credentials) else {
                    return Err(ConnectorError::Unauthorized);
                };
                let http = self.settings.http.clone();
                let base_url = &self.settings.cloud_api_base_url;
                Ok(Arc::new(CloudApiConnector::new(http, base_url, settings, credentials, events)))
            }
            ChannelKind::WhatsappQr => {
                Ok(Arc::new(WhatsappWebConnector::new(&self.settings.whatsapp_device_dir, events)))
            }
        }
    }

    /// A Cloud API connector for one request outside the channel's session (listing its
    /// templates): it needs no open session, only the channel's settings and token.
    pub fn cloud_api(
        &self,
        channel: &Channel,
        credentials: &CloudCredentials,
    ) -> Result<CloudApiConnector, ConnectorError> {
        let settings = channel.cloud.clone().ok_or(ConnectorError::Unsupported("reach the Cloud API"))?;
        let events = ChannelEvents::new(channel.id, self.events.clone());
        let (http, base_url) = (self.settings.http.clone(), &self.settings.cloud_api_base_url);
        Ok(CloudApiConnector::new(http, base_url, settings, credentials, events))
    }

    /// Opens the channel's session (or leaves an open one alone) with the channel's Cloud API
    /// credentials when it has them; `fresh` first drops the stored
    /// device session so pairing starts over. Status and QR Codes follow as events.
    pub async fn connect(
        &self,
        channel: &Channel,
        credentials: Option<&CloudCredentials>,
        fresh: bool,
    ) -> Result<(), ConnectorError> {
        let existing = self.live(channel.id).filter(|_| !fresh);
        let connector = match existing {
            Some(connector) => connector,
            None => self.build(channel, credentials, fresh)?,
        };
        if fresh {
            connector.forget_session().await?;
        }
        self.live_map().insert(channel.id, Live { kind: channel.kind, connector: connector.clone() });
        let result = connector.connect().await;
        if result.is_err() {
            self.live_map().remove(&channel.id);
        }
        result
    }

    /// Forgets the live connector without telling WhatsApp anything: its settings or credentials
    /// changed, or WhatsApp already ended the session; the next connect builds a new one.
    pub fn evict(&self, channel_id: Uuid) {
        self.live_map().remove(&channel_id);
    }

    /// Closes the channel's session if one is open here (`logout` unlinks the device too);
    /// answers whether one was.
    pub async fn close_live(&self, channel_id: Uuid, logout: bool) -> Result<bool, ConnectorError> {
        let live = self.live_map().remove(&channel_id);
        match live {
            Some(live) => live.connector.disconnect(logout).await.map(|()| true),
            None => Ok(false),
        }
    }

    /// Closes the channel's session if one is open here; `logout` unlinks the device too, even
    /// when no session is open.
    pub async fn disconnect(&self, channel: &Channel, logout: bool) -> Result<(), ConnectorError> {
        if self.close_live(channel.id, logout).await? || !logout {
            return Ok(());
        }
        match self.build(channel, None, false) {
            Ok(connector) => connector.forget_session().await,
            Err(_) => Ok(()),
        }
    }
}
