//! Playing the phone of a simulator channel (`BLOCOPRO_SIMULATOR=1`, demo and tests): scan its QR
//! Code, write to it, put it in groups and change them, unlink it. Without the simulator, or for
//! another company's channel, there is no such channel.

use std::sync::Arc;

use blocopro_connectors::ConnectorError;
use blocopro_connectors::simulator::{Received, SimulatorWorld};
use blocopro_domain::channel::{Channel, ChannelKind};
use blocopro_domain::group::{GroupChange, GroupSnapshot, MemberPhone};
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
    pub text: String,
    /// Written in this group of the channel instead of directly.
    pub group_external_id: Option<String>,
    /// WhatsApp's id for the message; the same one delivers the same message again.
    pub external_id: Option<String>,
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
    let (group, external_id) = (inbound.group_external_id.as_deref(), inbound.external_id.as_deref());
    Ok(world.receive(channel.id, &inbound.from, &inbound.text, group, external_id).await?)
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
