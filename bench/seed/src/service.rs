//! The report benchmark's service: the first cycle of each conversation of the search messages taken,
//! answered and closed by an attendant, at times that follow its first message, through the store calls
//! the application makes; so the service report has every kind of event to count.

use anyhow::Context;
use blocopro_app::audit::entry_for;
use blocopro_domain::Timestamp;
use blocopro_domain::audit::{Actor, ActorKind};
use blocopro_domain::channel::{ChannelMessage, DeliveryStatus, MessageDirection};
use blocopro_domain::conversation::{ConversationStatus, Routing};
use blocopro_domain::message::MessageContent;
use blocopro_store::{Store, Taking};
use jiff::SignedDuration;
use serde_json::json;
use uuid::Uuid;

/// How long after its cycle started a conversation is answered (and so taken), and closed.
const ANSWERED_AFTER: SignedDuration = SignedDuration::from_secs(90);
const CLOSED_AFTER: SignedDuration = SignedDuration::from_secs(900);

/// One conversation to serve: its chat on the channel, who serves it, and when its cycle started.
pub struct Served<'a> {
    pub company_id: Uuid,
    pub channel_id: Uuid,
    pub chat: &'a str,
    pub attendant: Uuid,
    pub started: Timestamp,
}

/// `served.attendant` answers the conversation (taking it), WhatsApp takes the answer, and the
/// attendant closes the conversation.
pub async fn serve(store: &dyn Store, served: Served<'_>) -> anyhow::Result<()> {
    let Served { company_id, channel_id, chat, attendant, started } = served;
    let conversation = store.find_conversation_of_chat(channel_id, chat).await?.context("a folded conversation")?;
    let by = |action: &'static str| {
        let actor = Actor { kind: ActorKind::User, id: Some(attendant) };
        entry_for(company_id, actor, action, "conversation", Some(conversation.id), json!({}))
    };
    let answered_at = started + ANSWERED_AFTER;
    let id = Uuid::now_v7();
    let answer = ChannelMessage {
        id,
        channel_id,
        external_id: format!("local:{id}"),
        direction: MessageDirection::Outbound,
        chat_id: chat.to_owned(),
        sender: "+5511900000000".into(),
        content: MessageContent::text("Olá! Já estou vendo o seu pedido."),
        reactions: Vec::new(),
        status: DeliveryStatus::Queued,
        error: None,
        sent_at: answered_at,
        created_at: answered_at,
    };
    let taken = Routing {
        status: ConversationStatus::Open,
        assigned_to: Some(attendant),
        unread_count: 0,
        ..conversation.routing()
    };
    let assigned = by("conversation.assigned");
    let taking = Taking { conversation_id: conversation.id, user_id: attendant, routing: &taken, audit: &assigned };
    store.enqueue_answer(company_id, &answer, None, &taking, answered_at).await?;
    store.mark_outbound_sent(id, &format!("wamid.SERVED{id}"), answered_at).await?;
    let closed = Routing { status: ConversationStatus::Closed, ..taken };
    let closing = by("conversation.closed");
    store
        .update_conversation_routing(company_id, conversation.id, &closed, started + CLOSED_AFTER, Some(&closing), None)
        .await?;
    Ok(())
}
