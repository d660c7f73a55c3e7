//! Who hears what changed: a conversation's events go to whoever sees it (and, after a change, to
//! whoever saw it before); a message's to whoever sees its conversation; a user's to that user.

use blocopro_domain::channel::{Channel, ChannelMessage};
use blocopro_domain::company::Company;
use blocopro_domain::conversation::{Conversation, Placement};
use blocopro_domain::event::EventKind;
use blocopro_domain::realtime::Audience;
use serde::Serialize;
use uuid::Uuid;

use crate::App;

/// Announces a conversation's new app to whoever sees it now, and to whoever saw it before.
pub fn announce_conversation(app: &App, conversation: &Conversation, previously: Option<Placement>) {
    let audience = Audience::Conversation { placement: conversation.placement(), previously };
    app.events.publish_to(conversation.company_id, audience, EventKind::ConversationUpdated, conversation);
}

/// A message event: the message and the conversation it belongs to.
#[derive(Serialize)]
struct MessageEvent<'a> {
    #[serde(flatten)]
    message: &'a ChannelMessage,
    conversation_id: Option<Uuid>,
}

/// Announces a message (`message.created`, `message.status`) to whoever sees its conversation.
pub async fn announce_message(app: &App, company_id: Uuid, kind: EventKind, message: &ChannelMessage) {
    let conversation = match app.store.find_conversation_of_chat(message.channel_id, &message.chat_id).await {
        Ok(conversation) => conversation,
        Err(error) => {
            tracing::warn!(%error, "the conversation of a message could not be read; telling administrators only");
            None
        }
    };
    announce_message_in(app, company_id, kind, message, conversation.as_ref());
}

/// `announce_message` for a known conversation; a chat without one (a group that is not imported)
/// concerns administrators only.
pub fn announce_message_in(
    app: &App,
    company_id: Uuid,
    kind: EventKind,
    message: &ChannelMessage,
    conversation: Option<&Conversation>,
) {
    let audience = conversation.map_or(Audience::Administrators, |conversation| Audience::Conversation {
        placement: conversation.placement(),
        previously: None,
    });
    let event = MessageEvent { message, conversation_id: conversation.map(|conversation| conversation.id) };
    app.events.publish_to(company_id, audience, kind, event);
}

/// Announces that a user's account, permissions, departments, channels or access hours changed:
/// the user's open sockets apply it at once, closing when access ended. This instance's requests
/// read the user again from the next one on; other instances' when the event reaches them.
pub fn user_changed(app: &App, company_id: Uuid, user_id: Uuid) {
    app.callers.forget_user(user_id);
    app.events.publish_to(
        company_id,
        Audience::User { id: user_id },
        EventKind::UserUpdated,
        serde_json::json!({ "id": user_id }),
    );
}

/// Announces that a company changed (suspended, renamed, another time zone, features): every tab
/// of the company follows, and requests of its users and tokens read its state again (here at once,
/// on other instances when the event reaches them).
pub fn company_changed(app: &App, company: &Company) {
    app.callers.forget_company(company.id);
    app.events.publish(company.id, EventKind::CompanyUpdated, company);
}

/// A channel's new app, read as the API shows channels.
pub fn announce_channel(app: &App, channel: &Channel) {
    app.events.publish(channel.company_id, EventKind::ChannelStatus, (app.views.channel)(channel));
}
