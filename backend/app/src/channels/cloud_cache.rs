//! Cloud API channels with their opened secrets, kept for a short while so a burst of webhook
//! deliveries does not read and unseal them for every request. Changes made through this server
//! drop the entry at once; changes made through another instance show after at most [`TTL`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use blocopro_domain::channel::Channel;
use uuid::Uuid;

use super::credentials::CloudCredentials;

pub const TTL: Duration = Duration::from_secs(30);

pub type CloudChannel = Arc<(Channel, CloudCredentials)>;

#[derive(Default)]
pub struct CloudChannelCache {
    entries: Mutex<HashMap<Uuid, (Instant, CloudChannel)>>,
}

impl CloudChannelCache {
    fn entries(&self) -> MutexGuard<'_, HashMap<Uuid, (Instant, CloudChannel)>> {
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn get(&self, id: Uuid) -> Option<CloudChannel> {
        let mut entries = self.entries();
        match entries.get(&id) {
            Some((loaded_at, channel)) if loaded_at.elapsed() < TTL => Some(channel.clone()),
            Some(_) => {
                entries.remove(&id);
                None
            }
            None => None,
        }
    }

    pub fn put(&self, channel: Channel, credentials: CloudCredentials) -> CloudChannel {
        let cached = Arc::new((channel, credentials));
        self.entries().insert(cached.0.id, (Instant::now(), cached.clone()));
        cached
    }

    /// The channel changed or went away.
    pub fn forget(&self, id: Uuid) {
        self.entries().remove(&id);
    }
}
