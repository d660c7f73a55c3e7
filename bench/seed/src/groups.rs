//! The report benchmark's groups: imported on the search channel as the application imports them,
//! and written in over the same days as the direct messages, so that the groups report has as
//! many messages and participants to count as a busy company.

use blocopro_api::Actor;
use blocopro_app::audit::entry_for;
use blocopro_domain::Timestamp;
use blocopro_domain::channel::{ChannelMessage, DeliveryStatus, MessageDirection};
use blocopro_domain::group::{GroupSnapshot, MemberPhone};
use blocopro_domain::message::MessageContent;
use blocopro_store::Store;
use jiff::SignedDuration;
use serde_json::json;
use uuid::Uuid;

/// Participants of each group.
const PARTICIPANTS: usize = 50;

/// Groups to import and the messages written in them, over the `seconds` before `last`.
pub struct Written {
    pub company_id: Uuid,
    pub channel_id: Uuid,
    pub groups: usize,
    pub messages: usize,
    pub last: Timestamp,
    pub seconds: usize,
}

/// Imports the groups, then writes their messages in batches, each folded as the server folds them.
pub async fn write(store: &dyn Store, written: &Written) -> anyhow::Result<()> {
    let snapshots: Vec<GroupSnapshot> = (0..written.groups).map(snapshot).collect();
    let audit =
        entry_for(written.company_id, Actor::SYSTEM, "groups.imported", "channel", Some(written.channel_id), json!({}));
    store.import_groups(written.company_id, written.channel_id, &snapshots, Timestamp::now(), &audit).await?;
    let step = written.seconds.max(1) as f64 / written.messages.max(1) as f64;
    let indexes: Vec<usize> = (0..written.messages).collect();
    for batch in indexes.chunks(1_000) {
        let messages: Vec<(Uuid, ChannelMessage)> =
            batch.iter().map(|&n| (written.company_id, group_message(written, step, n))).collect();
        store.insert_inbound_messages(&messages).await?;
        while !store.fold_received_messages(1_000, Timestamp::now()).await?.messages.is_empty() {}
    }
    Ok(())
}

fn group_id(index: usize) -> String {
    format!("1203630{index:011}@g.us")
}

fn participant(group: usize, index: usize) -> String {
    format!("+55219{:08}", group * PARTICIPANTS + index)
}

fn snapshot(index: usize) -> GroupSnapshot {
    GroupSnapshot {
        external_id: group_id(index),
        subject: format!("Clientes {index:03}"),
        description: None,
        participants: (0..PARTICIPANTS)
            .map(|member| MemberPhone { phone: participant(index, member), is_admin: member == 0 })
            .collect(),
        own_number_is_admin: true,
    }
}

/// The `n`th group message: groups in turn, a few participants writing most (as in real groups).
fn group_message(written: &Written, step: f64, n: usize) -> ChannelMessage {
    let group = n % written.groups;
    let sender = participant(group, (n / written.groups) % 7 * (n % 3 + 1) % PARTICIPANTS);
    let back = SignedDuration::from_secs_f64((written.messages - n) as f64 * step);
    let at = written.last - back;
    ChannelMessage {
        id: Uuid::now_v7(),
        channel_id: written.channel_id,
        external_id: format!("wamid.GROUP{n:08}"),
        direction: MessageDirection::Inbound,
        chat_id: group_id(group),
        sender,
        content: MessageContent::text(format!("Mensagem {n} no grupo")),
        reactions: Vec::new(),
        status: DeliveryStatus::Received,
        error: None,
        sent_at: at,
        created_at: at,
    }
}
