//! The automatic answer outside business hours: a customer who writes while the channel is closed
//! gets the channel's away message through the outbox, once per conversation until it is closed
//! (the store's claim makes a second fold, a replay or another instance find it answered).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use blocopro_domain::Timestamp;
use blocopro_domain::business_hours::BusinessHours;
use blocopro_domain::channel::Channel;
use blocopro_domain::conversation::{Conversation, ConversationKind, ConversationStatus};
use blocopro_domain::event::EventKind;
use blocopro_domain::message::MessageContent;
use uuid::Uuid;

use crate::channels::queued_message;
use crate::events::announce::announce_message_in;
use crate::{App, AppResult};

/// Answers, when their channel is closed, the waiting direct conversations a fold touched.
pub async fn answer_outside_hours(app: &App, conversations: &[Conversation]) {
    let mut closed = ClosedChannels::default();
    let waiting =
        conversations.iter().filter(|c| c.kind == ConversationKind::Direct && c.status == ConversationStatus::Pending);
    for conversation in waiting {
        if let Err(error) = answer(app, &mut closed, conversation).await {
            tracing::warn!(%error, conversation_id = %conversation.id, "the answer outside business hours failed");
        }
    }
}

async fn answer(app: &App, closed: &mut ClosedChannels, conversation: &Conversation) -> AppResult<()> {
    let Some((channel, text)) = closed.answer_of(app, conversation).await? else { return Ok(()) };
    let message = queued_message(channel, conversation.chat_id.clone(), MessageContent::text(text.to_owned()));
    let company_id = conversation.company_id;
    if let Some(stored) = app.store.queue_away_answer(company_id, conversation.id, &message).await? {
        announce_message_in(app, company_id, EventKind::MessageCreated, &stored, Some(conversation));
        app.outbox_wake.notify_one();
    }
    Ok(())
}

/// The channels met in one fold, with their hours and the company's time zone, each read once.
#[derive(Default)]
struct ClosedChannels {
    /// `None`: the channel is open now, has no hours, or is gone.
    by_channel: HashMap<Uuid, Option<(Channel, String)>>,
    timezones: HashMap<Uuid, String>,
}

impl ClosedChannels {
    /// The conversation's channel and its away answer, if the channel is closed now.
    async fn answer_of(&mut self, app: &App, conversation: &Conversation) -> AppResult<Option<(&Channel, &str)>> {
        if let Entry::Vacant(entry) = self.by_channel.entry(conversation.channel_id) {
            let hours = app.store.get_business_hours(conversation.company_id, conversation.channel_id).await?;
            let answer = match hours.filter(|hours| hours.enabled) {
                Some(hours) => {
                    let timezone = timezone_of(app, &mut self.timezones, conversation.company_id).await?;
                    closed_answer(app, &hours, &timezone).await?
                }
                None => None,
            };
            entry.insert(answer);
        }
        Ok(self.by_channel[&conversation.channel_id].as_ref().map(|(channel, text)| (channel, text.as_str())))
    }
}

async fn closed_answer(app: &App, hours: &BusinessHours, timezone: &str) -> AppResult<Option<(Channel, String)>> {
    let Some(text) = hours.away_answer(timezone, Timestamp::now()) else { return Ok(None) };
    let channel = app.store.get_channel(hours.company_id, hours.channel_id).await?;
    Ok(channel.map(|channel| (channel, text.to_owned())))
}

async fn timezone_of(app: &App, known: &mut HashMap<Uuid, String>, company_id: Uuid) -> AppResult<String> {
    if let Some(timezone) = known.get(&company_id) {
        return Ok(timezone.clone());
    }
    let timezone = crate::companies::get(app, company_id).await?.timezone;
    known.insert(company_id, timezone.clone());
    Ok(timezone)
}
