//! Playing the phone of a simulator channel (`BLOCOPRO_SIMULATOR=1`, demo and tests): scan its QR
//! Code, send it messages of every kind (files included, fetched by the download worker like
//! WhatsApp's) and reactions, put it in groups and change them, unlink it. Without the simulator,
//! or for another company's channel, there is no such channel.

use std::sync::Arc;

use blocopro_connectors::ConnectorError;
use blocopro_connectors::simulator::{Received, SimulatedFile, SimulatedMessage, SimulatorWorld};
use blocopro_domain::channel::{Channel, ChannelKind};
use blocopro_domain::group::{GroupChange, GroupSnapshot, MemberPhone};
use blocopro_domain::message::{InteractiveAnswer, Location, Media, MessageContent, MessageKind, SharedContact};
use uuid::Uuid;

use crate::caller::Caller;
use crate::{App, AppError, AppResult};

/// Someone changes one of the channel's groups.
pub struct GroupEdit {
    pub group_external_id: String,
    pub subject: Option<String>,
    /// Numbers (E.164) that join the group.
    pub joined: Vec<String>,
    /// Numbers that leave or are removed.
    pub left: Vec<String>,
    /// Numbers that become admins.
    pub promoted: Vec<String>,
    /// Numbers that stop being admins.
    pub demoted: Vec<String>,
}

impl GroupEdit {
    /// The changes in the order WhatsApp would report them.
    fn changes(self) -> Vec<GroupChange> {
        let joined: Vec<MemberPhone> =
            self.joined.into_iter().map(|phone| MemberPhone { phone, is_admin: false }).collect();
        [
            self.subject.map(|subject| GroupChange::Subject(subject.trim().to_owned())),
            (!joined.is_empty()).then_some(GroupChange::Joined(joined)),
            (!self.left.is_empty()).then_some(GroupChange::Left(self.left)),
            (!self.promoted.is_empty()).then_some(GroupChange::Promoted(self.promoted)),
            (!self.demoted.is_empty()).then_some(GroupChange::Demoted(self.demoted)),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// Someone writes to the channel.
pub struct Inbound {
    /// The writer's number in E.164.
    pub from: String,
    /// The writer's WhatsApp profile name.
    pub sender_name: Option<String>,
    pub kind: MessageKind,
    /// The text, or a file's caption.
    pub text: String,
    /// The file of a media kind.
    pub file: Option<InboundFile>,
    pub location: Option<Location>,
    pub contacts: Vec<SharedContact>,
    pub interactive: Option<InteractiveAnswer>,
    /// Length of audio, voice notes and video.
    pub duration_seconds: Option<u32>,
    /// WhatsApp's id of the message it replies to.
    pub reply_to_external_id: Option<String>,
    /// Written in this group of the channel instead of directly.
    pub group_external_id: Option<String>,
    /// WhatsApp's id for the message; the same one delivers the same message again.
    pub external_id: Option<String>,
}

/// A file the simulated customer sends.
pub struct InboundFile {
    pub file_name: Option<String>,
    pub mime_type: String,
    pub bytes: Vec<u8>,
}

impl Inbound {
    /// The message as the simulated phone sends it: the file described in its content (size, name,
    /// duration), its bytes kept by the world.
    fn into_simulated(self) -> SimulatedMessage {
        let file = self.file.map(|file| {
            let media = Media {
                size_bytes: Some(file.bytes.len() as u64),
                file_name: file.file_name,
                duration_seconds: self.duration_seconds,
                ..Media::pending(file.mime_type.clone(), None)
            };
            (media, SimulatedFile { mime_type: file.mime_type, bytes: file.bytes.into() })
        });
        let (media, file) = file.unzip();
        SimulatedMessage {
            from: self.from,
            sender_name: self.sender_name,
            group_external_id: self.group_external_id,
            external_id: self.external_id,
            reply_to_external_id: self.reply_to_external_id,
            content: MessageContent {
                kind: self.kind,
                text: self.text,
                media,
                location: self.location,
                contacts: self.contacts,
                interactive: self.interactive,
                ..MessageContent::default()
            },
            file,
        }
    }
}

/// Someone reacts to a message of the channel (or takes their reaction back: an empty emoji).
pub struct InboundReaction {
    pub from: String,
    pub target_external_id: String,
    pub emoji: String,
}

/// The simulator's world and the caller's simulator channel `id`.
async fn simulated_channel(app: &App, caller: &Caller, id: Uuid) -> AppResult<(Arc<SimulatorWorld>, Channel)> {
    let world = app.hub.simulator().cloned().ok_or_else(AppError::not_found)?;
    let channel = app.store.get_channel(caller.company_id, id).await?.ok_or_else(AppError::not_found)?;
    if channel.kind != ChannelKind::Simulator {
        return Err(ConnectorError::Unsupported("be driven by the simulator: it is not a simulator channel").into());
    }
    Ok((world, channel))
}

/// Scans the channel's pairing QR Code; answers the number the simulated phone linked.
pub async fn scan(app: &App, caller: &Caller, channel_id: Uuid) -> AppResult<String> {
    let (world, channel) = simulated_channel(app, caller, channel_id).await?;
    Ok(world.scan(channel.id).await?)
}

/// Puts the channel's number into `count` new groups with made-up participants.
pub async fn seed_groups(
    app: &App,
    caller: &Caller,
    channel_id: Uuid,
    count: usize,
    participants_per_group: usize,
) -> AppResult<Vec<GroupSnapshot>> {
    let (world, channel) = simulated_channel(app, caller, channel_id).await?;
    Ok(world.seed_groups(channel.id, count, participants_per_group)?)
}

/// Reports the edit of one of the channel's groups as WhatsApp would.
pub async fn change_group(app: &App, caller: &Caller, channel_id: Uuid, edit: GroupEdit) -> AppResult<()> {
    let (world, channel) = simulated_channel(app, caller, channel_id).await?;
    let group_external_id = edit.group_external_id.clone();
    for change in edit.changes() {
        world.change_group(channel.id, &group_external_id, change).await?;
    }
    Ok(())
}

/// Delivers a message to the channel like a real one; answers WhatsApp's id for it.
pub async fn receive(app: &App, caller: &Caller, channel_id: Uuid, inbound: Inbound) -> AppResult<String> {
    let (world, channel) = simulated_channel(app, caller, channel_id).await?;
    Ok(world.receive_message(channel.id, inbound.into_simulated()).await?)
}

/// Delivers a reaction to the channel like a real one.
pub async fn react(app: &App, caller: &Caller, channel_id: Uuid, reaction: InboundReaction) -> AppResult<()> {
    let (world, channel) = simulated_channel(app, caller, channel_id).await?;
    Ok(world.react(channel.id, &reaction.from, &reaction.target_external_id, &reaction.emoji).await?)
}

/// What the simulated phones received from the channel, oldest first (only `to`'s when given).
pub async fn received(app: &App, caller: &Caller, channel_id: Uuid, to: Option<&str>) -> AppResult<Vec<Received>> {
    let (world, channel) = simulated_channel(app, caller, channel_id).await?;
    Ok(world.received(channel.id, to))
}

/// The simulated phone unlinks the device; the channel becomes `logged_out`.
pub async fn unlink(app: &App, caller: &Caller, channel_id: Uuid) -> AppResult<()> {
    let (world, channel) = simulated_channel(app, caller, channel_id).await?;
    Ok(world.unlink(channel.id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit() -> GroupEdit {
        GroupEdit {
            group_external_id: "120363025246125486@g.us".into(),
            subject: None,
            joined: vec![],
            left: vec![],
            promoted: vec![],
            demoted: vec![],
        }
    }

    #[test]
    fn changes_come_in_the_order_whatsapp_reports_them() {
        let (ana, bia) = ("+5511988887777".to_owned(), "+5511977776666".to_owned());
        let full = GroupEdit {
            subject: Some(" Vendas ".into()),
            joined: vec![ana.clone()],
            left: vec![bia.clone()],
            demoted: vec![ana.clone()],
            ..edit()
        };
        assert_eq!(
            full.changes(),
            vec![
                GroupChange::Subject("Vendas".into()),
                GroupChange::Joined(vec![MemberPhone { phone: ana.clone(), is_admin: false }]),
                GroupChange::Left(vec![bia]),
                GroupChange::Demoted(vec![ana]),
            ]
        );
        assert!(edit().changes().is_empty());
    }
}
