//! What authenticating a request reads, kept for a few seconds: a user's account, company state and
//! access hours (by user id), an API token with its company's state (by the token's hash). Every
//! request would otherwise read them again (one statement of the user joined to the company, the
//! access hours and the departments), which cost more than most of the reads it guards.
//!
//! Only the data is kept, never a decision: whether the user may act (active, company active, inside
//! the access hours at this instant) is decided again on every request from it.
//!
//! How stale an entry can be (docs/decisions.md, "The authentication cache"):
//! - a change made through this instance forgets the entries it touches before the use case answers
//!   (`forget_user`, `forget_company`, `forget_api_token`): the next request reads the database;
//! - a change made through another instance reaches this one as the `user.updated` /
//!   `company.updated` event it announces (the event log, NOTIFY on PostgreSQL, polled every second
//!   otherwise), which forgets the same entries;
//! - whatever no event reports (an API token revoked on another instance, a change made with SQL,
//!   an event lost) is read again after at most [`TTL`].
//!
//! A read that started before an invalidation never stores what it read (the generation check):
//! it could be the state just replaced.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use blocopro_domain::Timestamp;
use blocopro_domain::event::EventKind;
use blocopro_domain::realtime::Audience;
use blocopro_domain::token::ApiToken;
use blocopro_store::UserAuth;
use tokio::sync::broadcast::{self, error::RecvError};
use uuid::Uuid;

use crate::events::LiveEvent;

/// The longest an entry is used: the bound on staleness when no invalidation reaches this instance.
pub const TTL: Duration = Duration::from_secs(5);

/// Entries kept at most; past it, expired entries go and, if none had, everything does (a burst of
/// distinct callers costs them one read each, as without the cache).
const CAPACITY: usize = 20_000;

/// An API token as authentication needs it: the token and whether its company is active.
#[derive(Debug, Clone)]
pub struct TokenAuth {
    pub token: ApiToken,
    pub company_active: bool,
}

struct Entry<T> {
    loaded_at: Instant,
    value: Arc<T>,
}

impl<T> Entry<T> {
    fn fresh(&self, ttl: Duration) -> Option<Arc<T>> {
        (self.loaded_at.elapsed() < ttl).then(|| self.value.clone())
    }
}

#[derive(Default)]
struct Entries {
    /// Bumped by every invalidation: a read begun under an older one is not stored.
    generation: u64,
    users: HashMap<Uuid, Entry<UserAuth>>,
    tokens: HashMap<String, Entry<TokenAuth>>,
}

impl Entries {
    fn make_room(&mut self, ttl: Duration) {
        if self.users.len() + self.tokens.len() < CAPACITY {
            return;
        }
        self.users.retain(|_, entry| entry.loaded_at.elapsed() < ttl);
        self.tokens.retain(|_, entry| entry.loaded_at.elapsed() < ttl);
        if self.users.len() + self.tokens.len() >= CAPACITY {
            self.users.clear();
            self.tokens.clear();
        }
    }
}

/// A cache miss: the generation to hand back with what the database answered.
#[derive(Debug, Clone, Copy)]
pub struct Miss(u64);

pub struct CallerCache {
    ttl: Duration,
    entries: Mutex<Entries>,
}

impl Default for CallerCache {
    fn default() -> Self {
        Self::with_ttl(TTL)
    }
}

impl CallerCache {
    pub fn with_ttl(ttl: Duration) -> Self {
        Self { ttl, entries: Mutex::default() }
    }

    fn entries(&self) -> MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The user's authentication data if loaded less than the TTL ago; otherwise the miss to pass
    /// to `keep_user` with what the database answers.
    pub fn user(&self, user_id: Uuid) -> Result<Arc<UserAuth>, Miss> {
        let entries = self.entries();
        entries.users.get(&user_id).and_then(|entry| entry.fresh(self.ttl)).ok_or(Miss(entries.generation))
    }

    /// Keeps what a read after `miss` found, unless something was invalidated meanwhile.
    pub fn keep_user(&self, miss: Miss, auth: UserAuth) -> Arc<UserAuth> {
        let auth = Arc::new(auth);
        let mut entries = self.entries();
        if entries.generation == miss.0 {
            entries.make_room(self.ttl);
            entries.users.insert(auth.user.id, Entry { loaded_at: Instant::now(), value: auth.clone() });
        }
        auth
    }

    /// Records that the user's last request time was written at `at` (written once a minute).
    pub fn user_seen(&self, user_id: Uuid, at: Timestamp) {
        if let Some(entry) = self.entries().users.get_mut(&user_id) {
            let mut auth = UserAuth::clone(&entry.value);
            auth.last_seen_at = Some(at);
            entry.value = Arc::new(auth);
        }
    }

    /// The API token of `hash` if loaded less than the TTL ago; otherwise the miss for `keep_token`.
    pub fn token(&self, hash: &str) -> Result<Arc<TokenAuth>, Miss> {
        let entries = self.entries();
        entries.tokens.get(hash).and_then(|entry| entry.fresh(self.ttl)).ok_or(Miss(entries.generation))
    }

    pub fn keep_token(&self, miss: Miss, hash: String, auth: TokenAuth) -> Arc<TokenAuth> {
        let auth = Arc::new(auth);
        let mut entries = self.entries();
        if entries.generation == miss.0 {
            entries.make_room(self.ttl);
            entries.tokens.insert(hash, Entry { loaded_at: Instant::now(), value: auth.clone() });
        }
        auth
    }

    /// Records that the token's last use was written at `at`.
    pub fn token_used(&self, hash: &str, at: Timestamp) {
        if let Some(entry) = self.entries().tokens.get_mut(hash) {
            let mut auth = TokenAuth::clone(&entry.value);
            auth.token.last_used_at = Some(at);
            entry.value = Arc::new(auth);
        }
    }

    /// The user's account, permissions, departments or access hours changed, or the user went.
    pub fn forget_user(&self, user_id: Uuid) {
        let mut entries = self.entries();
        entries.generation += 1;
        entries.users.remove(&user_id);
    }

    /// The company changed (suspended, another time zone): its users and tokens are read again.
    pub fn forget_company(&self, company_id: Uuid) {
        let mut entries = self.entries();
        entries.generation += 1;
        entries.users.retain(|_, entry| entry.value.user.company_id != company_id);
        entries.tokens.retain(|_, entry| entry.value.token.company_id != company_id);
    }

    /// The API token was revoked.
    pub fn forget_api_token(&self, token_id: Uuid) {
        let mut entries = self.entries();
        entries.generation += 1;
        entries.tokens.retain(|_, entry| entry.value.token.id != token_id);
    }

    /// Everything is read again (events were missed).
    pub fn forget_all(&self) {
        let mut entries = self.entries();
        entries.generation += 1;
        entries.users.clear();
        entries.tokens.clear();
    }

    /// Applies one event of the log (this instance's or another's).
    pub fn apply(&self, event: &LiveEvent) {
        match (event.kind, event.audience) {
            (Some(EventKind::UserUpdated), Audience::User { id }) => self.forget_user(id),
            (Some(EventKind::CompanyUpdated), _) => self.forget_company(event.company_id),
            _ => {}
        }
    }
}

/// Forgets what the events of the log say changed, on whichever instance it changed, until the bus
/// closes. Events missed (this listener fell behind) forget everything.
pub fn spawn_invalidation(cache: Arc<CallerCache>, mut events: broadcast::Receiver<Arc<LiveEvent>>) {
    tokio::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => cache.apply(&event),
                Err(RecvError::Lagged(_)) => cache.forget_all(),
                Err(RecvError::Closed) => return,
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use blocopro_domain::user::{User, Visibility};

    use super::*;
    use crate::testing::attendant;

    fn auth(user: User) -> UserAuth {
        UserAuth {
            user,
            company_active: true,
            company_timezone: "America/Sao_Paulo".into(),
            access_hours: None,
            last_seen_at: None,
        }
    }

    fn event(company_id: Uuid, kind: EventKind, audience: Audience) -> LiveEvent {
        LiveEvent { cursor: 1, company_id, kind: Some(kind), audience, json: Default::default() }
    }

    #[test]
    fn a_user_is_read_once_until_forgotten() {
        let cache = CallerCache::default();
        let ana = attendant(Visibility::Own);
        let miss = cache.user(ana.id).unwrap_err();
        cache.keep_user(miss, auth(ana.clone()));
        assert_eq!(cache.user(ana.id).unwrap().user.id, ana.id);
        cache.forget_user(ana.id);
        assert!(cache.user(ana.id).is_err());
    }

    #[test]
    fn a_read_begun_before_an_invalidation_is_not_kept() {
        let cache = CallerCache::default();
        let ana = attendant(Visibility::Own);
        let miss = cache.user(ana.id).unwrap_err();
        // The account changes while the request reads it.
        cache.forget_user(ana.id);
        cache.keep_user(miss, auth(ana.clone()));
        assert!(cache.user(ana.id).is_err(), "what the read found may be the state just replaced");
    }

    #[test]
    fn entries_expire_after_the_ttl() {
        let cache = CallerCache::with_ttl(Duration::from_millis(20));
        let ana = attendant(Visibility::Own);
        cache.keep_user(cache.user(ana.id).unwrap_err(), auth(ana.clone()));
        assert!(cache.user(ana.id).is_ok());
        std::thread::sleep(Duration::from_millis(30));
        assert!(cache.user(ana.id).is_err());
    }

    #[test]
    fn events_forget_the_user_or_the_whole_company() {
        let cache = CallerCache::default();
        let ana = attendant(Visibility::Own);
        let bia = User { id: Uuid::now_v7(), ..ana.clone() };
        for user in [&ana, &bia] {
            cache.keep_user(cache.user(user.id).unwrap_err(), auth(user.clone()));
        }
        cache.apply(&event(ana.company_id, EventKind::UserUpdated, Audience::User { id: ana.id }));
        assert!(cache.user(ana.id).is_err());
        assert!(cache.user(bia.id).is_ok(), "another user's change leaves bia cached");
        cache.apply(&event(ana.company_id, EventKind::PresenceChanged, Audience::Company));
        assert!(cache.user(bia.id).is_ok(), "presence changes nothing authentication reads");
        cache.apply(&event(ana.company_id, EventKind::CompanyUpdated, Audience::Company));
        assert!(cache.user(bia.id).is_err());
    }

    #[test]
    fn a_revoked_token_is_forgotten() {
        let cache = CallerCache::default();
        let token = ApiToken {
            id: Uuid::now_v7(),
            name: "CRM".into(),
            permissions: Default::default(),
            created_by: None,
            created_at: Timestamp::now(),
            last_used_at: None,
            company_id: Uuid::now_v7(),
        };
        let miss = cache.token("hash").unwrap_err();
        cache.keep_token(miss, "hash".into(), TokenAuth { token: token.clone(), company_active: true });
        assert!(cache.token("hash").is_ok());
        cache.forget_api_token(token.id);
        assert!(cache.token("hash").is_err());
    }
}
