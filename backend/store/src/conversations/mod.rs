//! Conversations of Chat, folded from received messages, and the queue that hands them out.

#[cfg(feature = "conformance")]
pub mod conformance;
pub mod rows;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::audit::NewAuditEntry;
use blocopro_domain::channel::ChannelMessage;
use blocopro_domain::conversation::{Conversation, ConversationKind, ConversationStatus, Routing};
use blocopro_domain::presence::PresenceStatus;
use blocopro_domain::user::Visibility;
use uuid::Uuid;

use crate::{AuthoredMessage, Page, PageRequest, StoreResult, UserAuth};

/// Who is reading Chat, as the queries need it; the rule is `conversation::Viewer::sees`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversationViewer {
    /// Administrators (and full-view API tokens) see every conversation of the company.
    pub sees_everything: bool,
    pub user_id: Option<Uuid>,
    pub visibility: Visibility,
}

/// Where a conversation's messages are: its channel and its chat there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationChat {
    pub channel_id: Uuid,
    pub chat_id: String,
}

/// Filters of the conversation list; `None` leaves a filter off.
#[derive(Debug, Clone, Default)]
pub struct ConversationFilter {
    pub kind: Option<ConversationKind>,
    pub status: Option<ConversationStatus>,
    pub channel_id: Option<Uuid>,
    pub department_id: Option<Uuid>,
    pub assigned_to: Option<Uuid>,
    /// Conversations carrying this label.
    pub label_id: Option<Uuid>,
    /// Direct conversations with this contact.
    pub contact_id: Option<Uuid>,
}

/// What one fold of received messages did.
#[derive(Debug, Default)]
pub struct FoldedMessages {
    /// The messages folded, each with its company.
    pub messages: Vec<(Uuid, ChannelMessage)>,
    /// The conversations they started or changed.
    pub conversation_ids: Vec<Uuid>,
    /// Those of them this fold started.
    pub started_ids: Vec<Uuid>,
}

#[async_trait]
pub trait ConversationStore: Send + Sync {
    /// The conversations the viewer sees, newest activity first.
    async fn list_conversations(
        &self,
        company_id: Uuid,
        viewer: &ConversationViewer,
        filter: &ConversationFilter,
        page: PageRequest,
    ) -> StoreResult<Page<Conversation>>;
    /// One conversation, if the viewer sees it.
    async fn get_conversation(
        &self,
        company_id: Uuid,
        viewer: &ConversationViewer,
        id: Uuid,
    ) -> StoreResult<Option<Conversation>>;
    /// Where the messages of one conversation the viewer sees are (`get_conversation`'s rule in
    /// one statement, without the rest of the conversation: reading its messages needs no more).
    async fn find_visible_chat(
        &self,
        company_id: Uuid,
        viewer: &ConversationViewer,
        id: Uuid,
    ) -> StoreResult<Option<ConversationChat>>;
    /// Whether any stored received message waits to be folded (a read: idle polls take no write lock).
    async fn has_unfolded_messages(&self) -> StoreResult<bool>;
    /// Folds up to `limit` stored received messages into their conversations, oldest first (a new
    /// contact or imported group starts one; a closed conversation that hears again goes back to the
    /// queue); answers how many it folded. Several workers never fold the same message.
    async fn fold_received_messages(&self, limit: u32, now: Timestamp) -> StoreResult<FoldedMessages>;
    /// Conversations by id, of any company (for the events that announce them).
    async fn find_conversations(&self, ids: &[Uuid]) -> StoreResult<Vec<Conversation>>;
    /// Gives a waiting conversation (pending, unassigned, not choosing from the menu) to `user_id`;
    /// `false` when it was not waiting any more (someone else took it).
    async fn assign_from_queue(
        &self,
        company_id: Uuid,
        id: Uuid,
        user_id: Uuid,
        now: Timestamp,
        audit: &NewAuditEntry,
    ) -> StoreResult<bool>;
    /// Direct conversations waiting for an attendant (pending, unassigned, not choosing from the
    /// menu) that someone could be given: in a department's queue, or of a contact with a wallet
    /// owner. Longest waiting first.
    async fn waiting_conversations(&self, company_id: Uuid, limit: u32) -> StoreResult<Vec<Conversation>>;
    /// Active users linked to the channel (and in the department, when given).
    async fn queue_candidates(
        &self,
        company_id: Uuid,
        channel_id: Uuid,
        department_id: Option<Uuid>,
    ) -> StoreResult<Vec<QueueCandidate>>;
    /// The conversation of a chat on a channel, if it has one.
    async fn find_conversation_of_chat(&self, channel_id: Uuid, chat_id: &str) -> StoreResult<Option<Conversation>>;
    /// The conversations of these chats on a channel (those that have one), e.g. of groups just
    /// imported, for the events that announce them.
    async fn find_conversations_of_chats(
        &self,
        channel_id: Uuid,
        chat_ids: &[String],
    ) -> StoreResult<Vec<Conversation>>;
    /// Queues what a user writes in a conversation (as `OutboxStore::enqueue_outbound`) and, in the
    /// same transaction, gives them the conversation as `taking` says, when it still waits for
    /// someone (pending, unassigned) and the message is new: a repeated idempotency key queues and
    /// takes nothing, and a conversation someone else took meanwhile stays theirs.
    async fn enqueue_answer(
        &self,
        company_id: Uuid,
        message: &ChannelMessage,
        idempotency_key: Option<&str>,
        taking: &Taking<'_>,
        now: Timestamp,
    ) -> StoreResult<Answer>;
    /// Stores a conversation's new routing (status, queue, attendant, unread count), with its audit
    /// entry when the change is worth one (marking read is not) and, in the same transaction, the
    /// event the thread shows for it (a transfer), as `MessageStore::insert_note` stores a note;
    /// answers that event as reads show it.
    async fn update_conversation_routing(
        &self,
        company_id: Uuid,
        id: Uuid,
        routing: &Routing,
        now: Timestamp,
        audit: Option<&NewAuditEntry>,
        event: Option<&AuthoredMessage<'_>>,
    ) -> StoreResult<Option<ChannelMessage>>;
}

/// A user answering a waiting conversation takes it: its status, attendant and menu state once
/// taken, and the audit entry of the assignment.
#[derive(Debug, Clone, Copy)]
pub struct Taking<'a> {
    pub conversation_id: Uuid,
    pub user_id: Uuid,
    pub routing: &'a Routing,
    pub audit: &'a NewAuditEntry,
}

/// What `enqueue_answer` did.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The message queued (or queued before under the same idempotency key).
    pub message: ChannelMessage,
    /// Whether the message was queued now.
    pub new: bool,
    /// Whether the user took the conversation with it.
    pub taken: bool,
}

/// A user linked to a conversation's channel (and in its department), as the queue weighs them.
#[derive(Debug, Clone)]
pub struct QueueCandidate {
    pub auth: UserAuth,
    /// The open presence period's status; `None` when the user never had one.
    pub presence: Option<PresenceStatus>,
    /// When a conversation was last given to them.
    pub last_assigned_at: Option<Timestamp>,
}
