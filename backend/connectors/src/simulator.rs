//! The simulator: a pretend WhatsApp inside the process, for the demo and the tests.
//!
//! [`SimulatorWorld`] plays the phones and WhatsApp's servers; a [`SimulatorConnector`] is our side of
//! one channel, exactly like the real connectors. The control API (scan the QR, receive a message,
//! seed groups, unlink the phone) acts on the world, which tells the connector through its events.
//! The world keeps the files its customers send and serves them to the connector's `fetch_media`,
//! as WhatsApp's media servers would.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::channel::{Capabilities, ChannelKind, DeliveryStatus};
use blocopro_domain::message::{Location, MessageContent, ReactionChange, ReplyTo};
use bytes::Bytes;
use futures_util::StreamExt;
use rand::Rng;
use rand::distr::Alphanumeric;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{
    ChannelEvents, Connector, ConnectorError, ConnectorEventKind, FetchedFile, GroupChange, GroupConnector,
    GroupSnapshot, InboundMessage, MemberPhone, OutgoingMessage,
};

/// How long a WhatsApp Web QR Code stays valid before the next one replaces it.
pub const QR_LIFETIME: Duration = Duration::from_secs(20);

#[derive(Debug, Default, PartialEq, Eq)]
enum PhoneState {
    #[default]
    Offline,
    /// `generation` tells a rotation task whether its pairing is still the current one.
    Pairing {
        generation: u64,
    },
    Connected,
}

/// One channel's phone.
#[derive(Default)]
struct Phone {
    /// The open session's event sink.
    session: Option<ChannelEvents>,
    state: PhoneState,
    /// The number linked by a scan; kept across disconnects until the phone logs out.
    linked_number: Option<String>,
    generation: u64,
    groups: Vec<GroupSnapshot>,
    /// What the channel sent to people, oldest first.
    received: Vec<Received>,
}

/// A file as the receiving phone read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedFile {
    pub mime_type: String,
    pub file_name: Option<String>,
    /// Bytes read, and their SHA-256 in lower-case hex.
    pub size: u64,
    pub sha256: String,
}

/// What a simulated phone received from the channel: a message, or a reaction to one.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    /// The id WhatsApp gave it.
    pub external_id: String,
    /// The number (or group) it went to.
    pub to: String,
    /// The message's kind (`text`, `image`, `voice_note`…), or `reaction`.
    pub kind: String,
    /// Text or caption.
    pub text: String,
    pub file: Option<ReceivedFile>,
    pub reply_to_external_id: Option<String>,
    pub location: Option<Location>,
    /// A reaction's target message and emoji (empty: taken back).
    pub reaction: Option<(String, String)>,
}

pub struct SimulatorWorld {
    phones: Mutex<HashMap<Uuid, Phone>>,
    /// Files customers sent, by the reference their messages carry, as WhatsApp's media servers
    /// keep them.
    files: Mutex<HashMap<String, SimulatedFile>>,
    qr_lifetime: Duration,
}

/// A file a simulated customer sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimulatedFile {
    pub mime_type: String,
    pub bytes: Bytes,
}

/// What a simulated customer sends: what it says (a file's description in `content.media`, its
/// bytes in `file`), directly or in one of the channel's groups.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulatedMessage {
    /// The writer's number in E.164.
    pub from: String,
    /// The writer's WhatsApp profile name.
    pub sender_name: Option<String>,
    pub group_external_id: Option<String>,
    /// WhatsApp's id for the message; the same one delivers the same message again.
    pub external_id: Option<String>,
    /// The provider id of the message it replies to.
    pub reply_to_external_id: Option<String>,
    pub content: MessageContent,
    pub file: Option<SimulatedFile>,
}

impl SimulatedMessage {
    /// A text message written directly.
    pub fn text(from: &str, text: &str) -> Self {
        SimulatedMessage {
            from: from.to_owned(),
            sender_name: None,
            group_external_id: None,
            external_id: None,
            reply_to_external_id: None,
            content: MessageContent::text(text),
            file: None,
        }
    }
}

/// The chunks a file is served in, as a download arrives.
const FILE_CHUNK: usize = 64 * 1024;

impl SimulatorWorld {
    pub fn new() -> Arc<Self> {
        Self::with_qr_lifetime(QR_LIFETIME)
    }

    pub fn with_qr_lifetime(qr_lifetime: Duration) -> Arc<Self> {
        Arc::new(Self { phones: Mutex::default(), files: Mutex::default(), qr_lifetime })
    }

    fn phones(&self) -> MutexGuard<'_, HashMap<Uuid, Phone>> {
        self.phones.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A new QR Code and when it expires.
    fn qr_code(&self) -> (String, Timestamp) {
        (format!("2@{}", random_text(48)), Timestamp::now() + self.qr_lifetime)
    }

    /// A connector opens its session: a linked phone connects at once, otherwise pairing starts.
    /// `known_number` restores a pairing the database remembers from before a restart.
    async fn open_session(self: &Arc<Self>, events: ChannelEvents, known_number: Option<String>) {
        let channel_id = events.channel_id();
        let (linked, generation) = {
            let mut phones = self.phones();
            let phone = phones.entry(channel_id).or_default();
            phone.session = Some(events.clone());
            if phone.linked_number.is_none() {
                phone.linked_number = known_number;
            }
            phone.generation += 1;
            phone.state = match phone.linked_number {
                Some(_) => PhoneState::Connected,
                None => PhoneState::Pairing { generation: phone.generation },
            };
            (phone.linked_number.clone(), phone.generation)
        };
        match linked {
            Some(number) => events.emit(ConnectorEventKind::Connected { phone_number: Some(number) }).await,
            None => {
                let (code, expires_at) = self.qr_code();
                events.emit(ConnectorEventKind::Pairing { code, expires_at }).await;
                tokio::spawn(Arc::clone(self).rotate_qr(channel_id, generation));
            }
        }
    }

    /// Replaces the QR Code every `qr_lifetime` while this pairing lasts.
    async fn rotate_qr(self: Arc<Self>, channel_id: Uuid, generation: u64) {
        loop {
            tokio::time::sleep(self.qr_lifetime).await;
            let events = {
                let phones = self.phones();
                match phones.get(&channel_id) {
                    Some(phone) if phone.state == (PhoneState::Pairing { generation }) => phone.session.clone(),
                    _ => None,
                }
            };
            let Some(events) = events else { return };
            let (code, expires_at) = self.qr_code();
            events.emit(ConnectorEventKind::Qr { code, expires_at }).await;
        }
    }

    async fn close_session(&self, channel_id: Uuid, logout: bool) {
        let events = {
            let mut phones = self.phones();
            let Some(phone) = phones.get_mut(&channel_id) else { return };
            phone.state = PhoneState::Offline;
            if logout {
                phone.linked_number = None;
            }
            phone.session.take()
        };
        if let Some(events) = events {
            let kind = if logout { ConnectorEventKind::LoggedOut } else { ConnectorEventKind::Disconnected };
            events.emit(kind).await;
        }
    }

    fn forget(&self, channel_id: Uuid) {
        if let Some(phone) = self.phones().get_mut(&channel_id) {
            phone.linked_number = None;
            phone.groups.clear();
        }
    }

    /// The session's sink when the phone is in `state`.
    fn session_in(&self, channel_id: Uuid, connected: bool) -> Result<ChannelEvents, ConnectorError> {
        let phones = self.phones();
        let phone = phones.get(&channel_id);
        match phone {
            Some(phone) if connected && phone.state == PhoneState::Connected => phone.session.clone(),
            Some(phone) if !connected && matches!(phone.state, PhoneState::Pairing { .. }) => phone.session.clone(),
            _ => None,
        }
        .ok_or(if connected { ConnectorError::NotConnected } else { ConnectorError::NotPairing })
    }

    /// The phone scans the QR Code: the channel connects with a new number.
    pub async fn scan(&self, channel_id: Uuid) -> Result<String, ConnectorError> {
        let events = self.session_in(channel_id, false)?;
        let number = random_phone();
        {
            let mut phones = self.phones();
            let phone = phones.get_mut(&channel_id).ok_or(ConnectorError::NotPairing)?;
            phone.linked_number = Some(number.clone());
            phone.state = PhoneState::Connected;
        }
        events.emit(ConnectorEventKind::Connected { phone_number: Some(number.clone()) }).await;
        Ok(number)
    }

    /// Somebody writes text to the channel, directly or in one of its groups. Answers the message
    /// id; passing one already used plays WhatsApp delivering the same message twice.
    pub async fn receive(
        &self,
        channel_id: Uuid,
        from: &str,
        text: &str,
        group_external_id: Option<&str>,
        external_id: Option<&str>,
    ) -> Result<String, ConnectorError> {
        let message = SimulatedMessage {
            group_external_id: group_external_id.map(str::to_owned),
            external_id: external_id.map(str::to_owned),
            ..SimulatedMessage::text(from, text)
        };
        self.receive_message(channel_id, message).await
    }

    /// Somebody sends the channel a message of any kind; a file's bytes stay in the world until the
    /// connector fetches them. Answers the message id.
    pub async fn receive_message(&self, channel_id: Uuid, message: SimulatedMessage) -> Result<String, ConnectorError> {
        let events = self.session_in(channel_id, true)?;
        if let Some(group) = &message.group_external_id {
            let phones = self.phones();
            let known =
                phones.get(&channel_id).is_some_and(|phone| phone.groups.iter().any(|g| &g.external_id == group));
            if !known {
                return Err(ConnectorError::UnknownGroup(group.clone()));
            }
        }
        let SimulatedMessage {
            from,
            sender_name,
            group_external_id,
            external_id,
            reply_to_external_id,
            mut content,
            file,
        } = message;
        if let (Some(media), Some(file)) = (content.media.as_mut(), file) {
            let provider_ref = format!("sim-media-{}", Uuid::now_v7().simple());
            media.provider_ref = Some(provider_ref.clone());
            self.files().insert(provider_ref, file);
        }
        content.reply_to = reply_to_external_id.map(|external_id| ReplyTo {
            external_id,
            sender: None,
            kind: None,
            snippet: String::new(),
            message_id: None,
        });
        let external_id = external_id.unwrap_or_else(|| format!("SIM.{}", Uuid::now_v7().simple()));
        let message = InboundMessage {
            external_id: external_id.clone(),
            chat_id: group_external_id.unwrap_or_else(|| from.clone()),
            sender: from,
            sender_name,
            content,
            sent_at: Timestamp::now(),
        };
        events.emit(ConnectorEventKind::Message(Box::new(message))).await;
        Ok(external_id)
    }

    /// Somebody reacts to a message of the channel with `emoji` (empty: takes their reaction back).
    pub async fn react(
        &self,
        channel_id: Uuid,
        from: &str,
        target_external_id: &str,
        emoji: &str,
    ) -> Result<(), ConnectorError> {
        let events = self.session_in(channel_id, true)?;
        let change = ReactionChange {
            target_external_id: target_external_id.to_owned(),
            sender: from.to_owned(),
            emoji: emoji.to_owned(),
            at: Timestamp::now(),
        };
        events.emit(ConnectorEventKind::Reaction(change)).await;
        Ok(())
    }

    fn files(&self) -> MutexGuard<'_, HashMap<String, SimulatedFile>> {
        self.files.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A file a customer sent, in chunks; an unknown reference is refused like Meta's 404.
    fn fetch(&self, provider_ref: &str) -> Result<FetchedFile, ConnectorError> {
        let file = self
            .files()
            .get(provider_ref)
            .cloned()
            .ok_or_else(|| ConnectorError::Rejected { code: "404".into(), message: "no such media".into() })?;
        let size = file.bytes.len() as u64;
        let chunks: Vec<Result<Bytes, ConnectorError>> = (0..file.bytes.len())
            .step_by(FILE_CHUNK)
            .map(|start| Ok(file.bytes.slice(start..(start + FILE_CHUNK).min(file.bytes.len()))))
            .collect();
        Ok(FetchedFile {
            mime_type: Some(file.mime_type),
            size: Some(size),
            bytes: futures_util::stream::iter(chunks).boxed(),
        })
    }

    /// Somebody changes one of the channel's groups (renames it, joins, leaves, is promoted…); the
    /// connector reports it like WhatsApp would.
    pub async fn change_group(
        &self,
        channel_id: Uuid,
        external_id: &str,
        change: GroupChange,
    ) -> Result<(), ConnectorError> {
        let events = self.session_in(channel_id, true)?;
        {
            let mut phones = self.phones();
            let phone = phones.get_mut(&channel_id).ok_or(ConnectorError::NotConnected)?;
            let group = phone.groups.iter_mut().find(|group| group.external_id == external_id);
            apply_change(group.ok_or_else(|| ConnectorError::UnknownGroup(external_id.to_owned()))?, &change);
        }
        events.emit(ConnectorEventKind::GroupChanged { external_id: external_id.to_owned(), change }).await;
        Ok(())
    }

    /// The phone removes the linked device (WhatsApp › Aparelhos conectados › Desconectar).
    pub async fn unlink(&self, channel_id: Uuid) -> Result<(), ConnectorError> {
        let linked = self.phones().get(&channel_id).is_some_and(|phone| phone.linked_number.is_some());
        if !linked {
            return Err(ConnectorError::NotConnected);
        }
        self.close_session(channel_id, true).await;
        Ok(())
    }

    /// Puts the linked number into `count` new groups of `participants_per_group` people each.
    pub fn seed_groups(
        &self,
        channel_id: Uuid,
        count: usize,
        participants_per_group: usize,
    ) -> Result<Vec<GroupSnapshot>, ConnectorError> {
        let mut phones = self.phones();
        let phone = phones.get_mut(&channel_id).filter(|phone| phone.linked_number.is_some());
        let phone = phone.ok_or(ConnectorError::NotConnected)?;
        let first = phone.groups.len();
        let seeded: Vec<GroupSnapshot> = (first..first + count)
            .map(|index| GroupSnapshot {
                external_id: random_group_id(),
                subject: format!("Grupo {:04}", index + 1),
                description: Some("Grupo criado pelo simulador".into()),
                participants: (0..participants_per_group)
                    .map(|n| MemberPhone { phone: random_phone(), is_admin: n == 0 })
                    .collect(),
                own_number_is_admin: index % 2 == 0,
            })
            .collect();
        phone.groups.extend(seeded.iter().cloned());
        Ok(seeded)
    }

    /// What the phones of the channel received from it, oldest first; only what went to `to`
    /// when given.
    pub fn received(&self, channel_id: Uuid, to: Option<&str>) -> Vec<Received> {
        let phones = self.phones();
        let received = phones.get(&channel_id).map(|phone| phone.received.as_slice()).unwrap_or_default();
        received.iter().filter(|item| to.is_none_or(|to| item.to == to)).cloned().collect()
    }

    /// Delivers a message we send, reading its file as a phone would; the "delivered" receipt
    /// follows asynchronously, like WhatsApp's.
    async fn deliver_message(
        &self,
        channel_id: Uuid,
        to: &str,
        message: OutgoingMessage,
    ) -> Result<String, ConnectorError> {
        self.session_in(channel_id, true)?;
        let file = match message.file {
            Some(file) => Some(read_file(file).await?),
            None => None,
        };
        let content = message.content;
        let received = Received {
            external_id: String::new(),
            to: to.to_owned(),
            kind: content.kind.as_str().to_owned(),
            text: content.text,
            file,
            reply_to_external_id: message.reply_to_external_id,
            location: content.location,
            reaction: None,
        };
        self.deliver(channel_id, received).await
    }

    /// Records what a phone received under a new id, and acknowledges it like WhatsApp.
    async fn deliver(&self, channel_id: Uuid, mut received: Received) -> Result<String, ConnectorError> {
        let events = self.session_in(channel_id, true)?;
        let external_id = format!("SIM.{}", Uuid::now_v7().simple());
        received.external_id = external_id.clone();
        let is_reaction = received.reaction.is_some();
        if let Some(phone) = self.phones().get_mut(&channel_id) {
            phone.received.push(received);
        }
        if is_reaction {
            return Ok(external_id);
        }
        let receipt = ConnectorEventKind::Receipt {
            external_id: external_id.clone(),
            status: DeliveryStatus::Delivered,
            error: None,
            at: Timestamp::now(),
        };
        tokio::spawn(async move { events.emit(receipt).await });
        Ok(external_id)
    }

    fn groups_of(&self, channel_id: Uuid) -> Result<Vec<GroupSnapshot>, ConnectorError> {
        let phones = self.phones();
        match phones.get(&channel_id) {
            Some(phone) if phone.state == PhoneState::Connected => Ok(phone.groups.clone()),
            _ => Err(ConnectorError::NotConnected),
        }
    }

    fn add_group(&self, channel_id: Uuid, group: GroupSnapshot) -> Result<(), ConnectorError> {
        let mut phones = self.phones();
        let phone = phones.get_mut(&channel_id).filter(|phone| phone.state == PhoneState::Connected);
        phone.ok_or(ConnectorError::NotConnected)?.groups.push(group);
        Ok(())
    }
}

/// Reads a sent file to its end: its size and SHA-256.
async fn read_file(file: crate::OutgoingFile) -> Result<ReceivedFile, ConnectorError> {
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut bytes = file.bytes;
    while let Some(chunk) = bytes.next().await {
        let chunk = chunk?;
        size += chunk.len() as u64;
        hasher.update(&chunk);
    }
    Ok(ReceivedFile {
        mime_type: file.mime_type,
        file_name: file.file_name,
        size,
        sha256: hex::encode(hasher.finalize()),
    })
}

fn apply_change(group: &mut GroupSnapshot, change: &GroupChange) {
    let set_admin = |group: &mut GroupSnapshot, phones: &[String], is_admin: bool| {
        for participant in group.participants.iter_mut().filter(|p| phones.contains(&p.phone)) {
            participant.is_admin = is_admin;
        }
    };
    match change {
        GroupChange::Subject(subject) => group.subject = subject.clone(),
        GroupChange::Description(description) => group.description = description.clone(),
        GroupChange::Joined(joined) => {
            let new: Vec<MemberPhone> =
                joined.iter().filter(|j| !group.participants.iter().any(|p| p.phone == j.phone)).cloned().collect();
            group.participants.extend(new);
        }
        GroupChange::Left(phones) => group.participants.retain(|p| !phones.contains(&p.phone)),
        GroupChange::Promoted(phones) => set_admin(group, phones, true),
        GroupChange::Demoted(phones) => set_admin(group, phones, false),
    }
}

fn random_text(length: usize) -> String {
    rand::rng().sample_iter(&Alphanumeric).take(length).map(char::from).collect()
}

/// A Brazilian mobile number in E.164 (São Paulo area code).
fn random_phone() -> String {
    format!("+55119{:08}", rand::rng().random_range(0..100_000_000u32))
}

fn random_group_id() -> String {
    format!("120363{:012}@g.us", rand::rng().random_range(0..1_000_000_000_000u64))
}

/// Our side of one simulated channel.
pub struct SimulatorConnector {
    world: Arc<SimulatorWorld>,
    events: ChannelEvents,
    /// The number the database knows for a channel that was paired before a restart.
    known_number: Option<String>,
}

impl SimulatorConnector {
    pub fn new(world: Arc<SimulatorWorld>, events: ChannelEvents, known_number: Option<String>) -> Self {
        Self { world, events, known_number }
    }

    fn channel_id(&self) -> Uuid {
        self.events.channel_id()
    }
}

#[async_trait]
impl Connector for SimulatorConnector {
    fn capabilities(&self) -> Capabilities {
        ChannelKind::Simulator.capabilities()
    }

    async fn connect(&self) -> Result<(), ConnectorError> {
        self.world.open_session(self.events.clone(), self.known_number.clone()).await;
        Ok(())
    }

    async fn disconnect(&self, logout: bool) -> Result<(), ConnectorError> {
        self.world.close_session(self.channel_id(), logout).await;
        Ok(())
    }

    async fn send(&self, to: &str, message: OutgoingMessage) -> Result<String, ConnectorError> {
        self.world.deliver_message(self.channel_id(), to, message).await
    }

    async fn send_reaction(&self, to: &str, target_external_id: &str, emoji: &str) -> Result<String, ConnectorError> {
        let reaction = Received {
            external_id: String::new(),
            to: to.to_owned(),
            kind: "reaction".into(),
            text: String::new(),
            file: None,
            reply_to_external_id: None,
            location: None,
            reaction: Some((target_external_id.to_owned(), emoji.to_owned())),
        };
        self.world.deliver(self.channel_id(), reaction).await
    }

    async fn fetch_media(&self, provider_ref: &str) -> Result<FetchedFile, ConnectorError> {
        self.world.session_in(self.channel_id(), true)?;
        self.world.fetch(provider_ref)
    }

    fn groups(&self) -> Option<&dyn GroupConnector> {
        Some(self)
    }

    async fn forget_session(&self) -> Result<(), ConnectorError> {
        self.world.forget(self.channel_id());
        Ok(())
    }
}

#[async_trait]
impl GroupConnector for SimulatorConnector {
    async fn participating_groups(&self) -> Result<Vec<GroupSnapshot>, ConnectorError> {
        self.world.groups_of(self.channel_id())
    }

    async fn group_metadata(&self, external_id: &str) -> Result<GroupSnapshot, ConnectorError> {
        let groups = self.world.groups_of(self.channel_id())?;
        groups
            .into_iter()
            .find(|group| group.external_id == external_id)
            .ok_or_else(|| ConnectorError::UnknownGroup(external_id.to_owned()))
    }

    async fn create_group(&self, subject: &str, participants: &[String]) -> Result<GroupSnapshot, ConnectorError> {
        let group = GroupSnapshot {
            external_id: random_group_id(),
            subject: subject.to_owned(),
            description: None,
            participants: participants
                .iter()
                .map(|phone| MemberPhone { phone: phone.clone(), is_admin: false })
                .collect(),
            own_number_is_admin: true,
        };
        self.world.add_group(self.channel_id(), group.clone())?;
        Ok(group)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ConnectorEvent, EventReceiver, event_queue};

    fn connector(world: &Arc<SimulatorWorld>) -> (SimulatorConnector, EventReceiver, Uuid) {
        let (sender, receiver) = event_queue();
        let channel_id = Uuid::now_v7();
        (SimulatorConnector::new(world.clone(), ChannelEvents::new(channel_id, sender), None), receiver, channel_id)
    }

    async fn next(receiver: &mut EventReceiver) -> ConnectorEventKind {
        let ConnectorEvent { kind, .. } = receiver.recv().await.expect("an event");
        kind
    }

    #[tokio::test(start_paused = true)]
    async fn pairing_shows_a_qr_code_that_rotates_until_scanned() {
        let world = SimulatorWorld::new();
        let (connector, mut events, channel_id) = connector(&world);
        connector.connect().await.unwrap();
        let ConnectorEventKind::Pairing { code: first, .. } = next(&mut events).await else { panic!("pairing") };
        tokio::time::sleep(QR_LIFETIME + Duration::from_millis(10)).await;
        let ConnectorEventKind::Qr { code: second, .. } = next(&mut events).await else { panic!("a new QR Code") };
        assert_ne!(first, second);

        let number = world.scan(channel_id).await.unwrap();
        assert_eq!(next(&mut events).await, ConnectorEventKind::Connected { phone_number: Some(number) });
        tokio::time::sleep(QR_LIFETIME * 3).await;
        assert!(events.try_recv().is_err(), "no more QR Codes once connected");
    }

    #[tokio::test]
    async fn a_linked_phone_reconnects_without_a_qr_code_until_it_logs_out() {
        let world = SimulatorWorld::new();
        let (connector, mut events, channel_id) = connector(&world);
        connector.connect().await.unwrap();
        next(&mut events).await;
        let number = world.scan(channel_id).await.unwrap();
        next(&mut events).await;

        connector.disconnect(false).await.unwrap();
        assert_eq!(next(&mut events).await, ConnectorEventKind::Disconnected);
        connector.connect().await.unwrap();
        assert_eq!(next(&mut events).await, ConnectorEventKind::Connected { phone_number: Some(number) });

        world.unlink(channel_id).await.unwrap();
        assert_eq!(next(&mut events).await, ConnectorEventKind::LoggedOut);
        connector.connect().await.unwrap();
        assert!(matches!(next(&mut events).await, ConnectorEventKind::Pairing { .. }));
    }

    #[tokio::test]
    async fn a_number_known_from_before_a_restart_resumes_the_session() {
        let world = SimulatorWorld::new();
        let (sender, mut events) = event_queue();
        let channel_id = Uuid::now_v7();
        let restored =
            SimulatorConnector::new(world, ChannelEvents::new(channel_id, sender), Some("+5511911112222".into()));
        restored.connect().await.unwrap();
        let expected = ConnectorEventKind::Connected { phone_number: Some("+5511911112222".into()) };
        assert_eq!(next(&mut events).await, expected);
    }

    #[tokio::test]
    async fn messages_flow_only_while_connected() {
        let world = SimulatorWorld::new();
        let (connector, mut events, channel_id) = connector(&world);
        assert_eq!(
            world.receive(channel_id, "+5511988887777", "Oi", None, None).await,
            Err(ConnectorError::NotConnected)
        );
        assert_eq!(connector.send_text("+5511988887777", "Olá").await, Err(ConnectorError::NotConnected));
        connector.connect().await.unwrap();
        assert_eq!(world.scan(Uuid::now_v7()).await, Err(ConnectorError::NotPairing));
        world.scan(channel_id).await.unwrap();
        for _ in 0..2 {
            next(&mut events).await;
        }

        let external_id = world.receive(channel_id, "+5511988887777", "Oi", None, None).await.unwrap();
        let ConnectorEventKind::Message(message) = next(&mut events).await else { panic!("a message") };
        assert_eq!((message.external_id, message.chat_id.as_str()), (external_id, "+5511988887777"));

        let sent = connector.send_text("+5511988887777", "Olá").await.unwrap();
        let ConnectorEventKind::Receipt { external_id, status, .. } = next(&mut events).await else { panic!() };
        assert_eq!((external_id, status), (sent, DeliveryStatus::Delivered));
    }

    #[tokio::test]
    async fn the_phone_receives_files_replies_and_reactions() {
        let world = SimulatorWorld::new();
        let (connector, mut events, channel_id) = connector(&world);
        connector.connect().await.unwrap();
        world.scan(channel_id).await.unwrap();
        for _ in 0..2 {
            next(&mut events).await;
        }
        let pdf = bytes::Bytes::from_static(b"%PDF-1.7 boleto");
        let message = OutgoingMessage {
            content: blocopro_domain::message::MessageContent {
                kind: blocopro_domain::message::MessageKind::Document,
                text: "Segue o boleto".into(),
                ..Default::default()
            },
            reply_to_external_id: Some("wamid.1".into()),
            file: Some(crate::OutgoingFile {
                mime_type: "application/pdf".into(),
                file_name: Some("boleto.pdf".into()),
                size: pdf.len() as u64,
                bytes: futures_util::stream::iter([Ok(pdf.slice(..5)), Ok(pdf.slice(5..))]).boxed(),
            }),
        };
        let sent = connector.send("+5511988887777", message).await.unwrap();
        connector.send_reaction("+5511988887777", "wamid.1", "👍").await.unwrap();
        connector.send_text("+5511977776666", "Oi").await.unwrap();

        let received = world.received(channel_id, Some("+5511988887777"));
        assert_eq!(received.len(), 2, "only what went to that number");
        let file = received[0].file.clone().unwrap();
        assert_eq!((received[0].external_id.as_str(), received[0].kind.as_str()), (sent.as_str(), "document"));
        assert_eq!((file.size, file.sha256), (15, hex::encode(Sha256::digest(&pdf))));
        assert_eq!(received[0].reply_to_external_id.as_deref(), Some("wamid.1"));
        assert_eq!(received[1].reaction, Some(("wamid.1".into(), "👍".into())));
        assert_eq!(world.received(channel_id, None).len(), 3);
    }

    #[tokio::test]
    async fn groups_are_seeded_listed_created_and_written_in() {
        let world = SimulatorWorld::new();
        let (connector, mut events, channel_id) = connector(&world);
        assert_eq!(world.seed_groups(channel_id, 2, 3), Err(ConnectorError::NotConnected));
        connector.connect().await.unwrap();
        world.scan(channel_id).await.unwrap();
        for _ in 0..2 {
            next(&mut events).await;
        }

        let seeded = world.seed_groups(channel_id, 2, 3).unwrap();
        assert_eq!(seeded[1].subject, "Grupo 0002");
        assert_eq!(seeded[0].participants.len(), 3);
        let groups = connector.groups().unwrap();
        let created = groups.create_group("Clientes VIP", &["+5511977776666".into()]).await.unwrap();
        assert_eq!(groups.participating_groups().await.unwrap().len(), 3);
        assert_eq!(groups.group_metadata(&created.external_id).await.unwrap(), created);
        assert!(matches!(groups.group_metadata("nope@g.us").await, Err(ConnectorError::UnknownGroup(_))));

        world.receive(channel_id, "+5511977776666", "Bom dia", Some(&created.external_id), None).await.unwrap();
        let ConnectorEventKind::Message(message) = next(&mut events).await else { panic!("a message") };
        assert_eq!((message.chat_id, message.sender.as_str()), (created.external_id.clone(), "+5511977776666"));
        assert!(matches!(
            world.receive(channel_id, "+5511977776666", "Oi", Some("nope@g.us"), None).await,
            Err(ConnectorError::UnknownGroup(_))
        ));

        let joined = GroupChange::Joined(vec![MemberPhone { phone: "+5511955554444".into(), is_admin: false }]);
        world.change_group(channel_id, &created.external_id, joined.clone()).await.unwrap();
        let ConnectorEventKind::GroupChanged { external_id, change } = next(&mut events).await else {
            panic!("a group change")
        };
        assert_eq!((external_id.as_str(), change), (created.external_id.as_str(), joined));
        world.change_group(channel_id, &created.external_id, GroupChange::Subject("VIP".into())).await.unwrap();
        next(&mut events).await;
        let group = groups.group_metadata(&created.external_id).await.unwrap();
        assert_eq!((group.subject.as_str(), group.participants.len()), ("VIP", 2), "the world keeps the change");
        let unknown = world.change_group(channel_id, "nope@g.us", GroupChange::Subject("x".into())).await;
        assert!(matches!(unknown, Err(ConnectorError::UnknownGroup(_))));
    }
}
