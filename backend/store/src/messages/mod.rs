//! Messages a channel received or sent (with their media files, the messages they reply to and
//! the details of their kind), their receipts and the reactions they receive. Every read answers
//! messages complete (media, reply, details, aggregated reactions) in at most two statements,
//! whatever the page's size.

#[cfg(feature = "conformance")]
pub mod conformance;
#[cfg(feature = "conformance")]
pub mod content_conformance;
#[cfg(feature = "conformance")]
pub mod migration_check;
pub mod rows;
#[cfg(feature = "conformance")]
pub mod search_conformance;
mod sql;

use async_trait::async_trait;
use blocopro_domain::Timestamp;
use blocopro_domain::channel::{ChannelMessage, DeliveryStatus, MessageDirection};
use blocopro_domain::conversation::ConversationKind;
use blocopro_domain::message::{Media, MessageKind, ReactionChange};
use blocopro_domain::message_search::MessageQuery;
use uuid::Uuid;

use crate::{ConversationViewer, Page, PageRequest, StoreResult};

/// How many of the company's newest messages a search checks one by one for each result it asks
/// for, before it asks the search index (see `MessageStore::search_messages`): a query matching at
/// least one message in this many fills its page there.
#[doc(hidden)]
pub const SEARCH_WALK_PER_RESULT: i64 = 100;

/// A range of the search index's time buckets, newest first: `newest` down to `oldest`, both
/// included (PostgreSQL numbers days, see `searched_buckets!`).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchWindow {
    pub newest: i32,
    pub oldest: i32,
}

/// The windows a search asks the index for, one after the other, from the bucket of its cursor (or
/// of the company's newest message) down to the bucket of the company's oldest message: the first
/// one bucket wide, each next one twice as wide as the one before and older than all of it. The
/// windows neither overlap nor leave a bucket out, so their matches, each window's ordered by time,
/// follow one another in time order, and a search stops at the window that fills its page: a
/// selective query reads the matches of its newest buckets only, a rare one asks a number of
/// statements that grows with the logarithm of the company's age. No window when the company has no
/// message (`None`).
#[doc(hidden)]
pub fn search_windows(bounds: Option<(i32, i32)>) -> impl Iterator<Item = SearchWindow> {
    let mut next = bounds.filter(|(newest, oldest)| newest >= oldest).map(|(newest, _)| (newest, 1_i32));
    let oldest = bounds.map_or(0, |(_, oldest)| oldest);
    std::iter::from_fn(move || {
        let (newest, width) = next?;
        let window = SearchWindow { newest, oldest: newest.saturating_sub(width - 1).max(oldest) };
        next = (window.oldest > oldest).then(|| (window.oldest - 1, width.saturating_mul(2)));
        Some(window)
    })
}

/// A message the team alone sees (a private note, a transfer), with the user who wrote it.
#[derive(Debug, Clone, Copy)]
pub struct AuthoredMessage<'a> {
    pub message: &'a ChannelMessage,
    pub author_id: Uuid,
}

#[derive(Debug, Clone, Default)]
pub struct MessageFilter {
    pub chat_id: Option<String>,
}

/// A message a search found, with what its result shows of the conversation it is in.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundMessage {
    pub message_id: Uuid,
    pub conversation_id: Uuid,
    pub conversation_kind: ConversationKind,
    /// The conversation's title as Chat shows it: the contact's name (or number), the group's subject.
    pub title: String,
    pub channel_id: Uuid,
    pub sender: String,
    pub direction: MessageDirection,
    pub kind: MessageKind,
    /// The message's text (a file's caption), whole: the snippet is cut from it.
    pub text: String,
    pub sent_at: Timestamp,
}

#[async_trait]
pub trait MessageStore: Send + Sync {
    /// Stores a message unless one with its (channel, external id) exists, with its media file (a
    /// new one is inserted; one stored already, e.g. an upload, must be the company's: otherwise
    /// `NotFound`); applies receipts that arrived before it. Returns the stored message as reads
    /// show it, `None` for a duplicate.
    async fn insert_message(&self, company_id: Uuid, message: &ChannelMessage) -> StoreResult<Option<ChannelMessage>>;
    /// Stores a private note (`kind` `note`) that the user `author_id` wrote in a chat of the
    /// company's channel `note.channel_id` (else `NotFound`). A note is never `queued`, so the
    /// outbox never claims it; a message of another kind, or queued, is refused as `Corrupt`.
    /// Returns the note as reads show it.
    async fn insert_note(
        &self,
        company_id: Uuid,
        note: &ChannelMessage,
        author_id: Uuid,
    ) -> StoreResult<ChannelMessage>;
    /// Stores received messages, each of `(company id, message)`, in one write (they wait to be
    /// folded into their conversations, see `fold_received_messages`), with the descriptions of
    /// their media files (state `pending`, due for download at once); answers for each whether it
    /// was new (`false`: its (channel, external id) was stored already, and its media row is not
    /// written).
    async fn insert_inbound_messages(&self, messages: &[(Uuid, ChannelMessage)]) -> StoreResult<Vec<bool>>;
    /// Records a receipt and advances the message's status; returns the message when its status changed.
    async fn record_receipt(
        &self,
        channel_id: Uuid,
        external_id: &str,
        status: DeliveryStatus,
        error: Option<&str>,
        at: Timestamp,
    ) -> StoreResult<Option<ChannelMessage>>;
    /// Records a sender's reaction to the message `change.target_external_id` of the channel,
    /// stored or not yet: it replaces the sender's earlier one (an empty emoji removes it), unless
    /// the sender's standing reaction is more recent. Returns the target message, as reads show it,
    /// when it is stored and what it shows changed.
    async fn record_reaction(&self, channel_id: Uuid, change: &ReactionChange) -> StoreResult<Option<ChannelMessage>>;
    /// Everything a number said or was told, on every channel: its direct chats and what it wrote
    /// in groups; newest first.
    async fn contact_history(
        &self,
        company_id: Uuid,
        phone: &str,
        page: PageRequest,
    ) -> StoreResult<Page<ChannelMessage>>;
    /// The company's media file `media_id`, when a message carrying it is in a conversation the
    /// viewer sees (the rule of `ConversationStore::get_conversation`), in one statement; `None`
    /// when the company has no such file, no message carries it, or the viewer sees none of them.
    async fn find_visible_media(
        &self,
        company_id: Uuid,
        viewer: &ConversationViewer,
        media_id: Uuid,
    ) -> StoreResult<Option<Media>>;
    /// The message `id` of the chat `chat_id` on the company's channel `channel_id`; `None` when
    /// it is another chat's, channel's or company's.
    async fn get_chat_message(
        &self,
        company_id: Uuid,
        channel_id: Uuid,
        chat_id: &str,
        id: Uuid,
    ) -> StoreResult<Option<ChannelMessage>>;
    /// The messages of the conversations the viewer sees (the rule of
    /// `ConversationStore::list_conversations`; notes included) that hold every word of `query`,
    /// the last also as a word's start: newest first (`sent_at`, then id), through the search
    /// index. The cursor is a message id.
    async fn search_messages(
        &self,
        company_id: Uuid,
        viewer: &ConversationViewer,
        query: &MessageQuery,
        page: PageRequest,
    ) -> StoreResult<Page<FoundMessage>>;
    /// A page of the chat's messages, newest first, around its message `around`: up to half the
    /// page newer than it, then it and older ones; `next_cursor` goes on to older ones as in
    /// `list_channel_messages`. `None` when `around` is not a message of that chat.
    async fn list_chat_messages_around(
        &self,
        company_id: Uuid,
        channel_id: Uuid,
        chat_id: &str,
        around: Uuid,
        limit: u32,
    ) -> StoreResult<Option<Page<ChannelMessage>>>;
    /// A page of the messages of conversation `conversation_id`, newest first (the cursor a message
    /// id), when the viewer sees it (`find_visible_chat`'s rule); `None` when it does not. A page
    /// with messages is one statement: the conversation's chat is found inside it.
    async fn list_visible_conversation_messages(
        &self,
        company_id: Uuid,
        viewer: &ConversationViewer,
        conversation_id: Uuid,
        page: PageRequest,
    ) -> StoreResult<Option<Page<ChannelMessage>>>;
    /// Newest first.
    async fn list_channel_messages(
        &self,
        company_id: Uuid,
        channel_id: Uuid,
        filter: &MessageFilter,
        page: PageRequest,
    ) -> StoreResult<Page<ChannelMessage>>;
}

#[cfg(test)]
mod tests {
    use super::{SearchWindow, search_windows};

    fn windows(bounds: Option<(i32, i32)>) -> Vec<(i32, i32)> {
        search_windows(bounds).map(|SearchWindow { newest, oldest }| (newest, oldest)).collect()
    }

    #[test]
    fn windows_double_from_the_newest_bucket_down_to_the_oldest() {
        assert_eq!(windows(Some((100, 80))), [(100, 100), (99, 98), (97, 94), (93, 86), (85, 80)]);
        assert_eq!(windows(Some((100, 85))), [(100, 100), (99, 98), (97, 94), (93, 86), (85, 85)], "the last one cut");
        assert_eq!(windows(Some((100, 86))), [(100, 100), (99, 98), (97, 94), (93, 86)], "the last one whole");
        assert_eq!(windows(Some((7, 7))), [(7, 7)], "a single bucket");
        assert_eq!(windows(Some((2, -3))), [(2, 2), (1, 0), (-1, -3)], "buckets before the epoch");
    }

    #[test]
    fn every_bucket_once_in_order() {
        for (newest, oldest) in [(0, 0), (10, 0), (1000, 3), (2_000, 1_271)] {
            let buckets: Vec<i32> =
                search_windows(Some((newest, oldest))).flat_map(|w| (w.oldest..=w.newest).rev()).collect();
            assert_eq!(buckets, (oldest..=newest).rev().collect::<Vec<_>>(), "{newest}..{oldest}");
        }
    }

    #[test]
    fn no_window_without_messages() {
        assert!(windows(None).is_empty());
        assert!(windows(Some((3, 4))).is_empty(), "a cursor older than every message");
    }

    #[test]
    fn the_widest_buckets_stay_in_range() {
        assert_eq!(windows(Some((i32::MAX, i32::MAX - 2))), [(i32::MAX, i32::MAX), (i32::MAX - 1, i32::MAX - 2)]);
        assert_eq!(windows(Some((i32::MIN + 1, i32::MIN))), [(i32::MIN + 1, i32::MIN + 1), (i32::MIN, i32::MIN)]);
        assert_eq!(search_windows(Some((i32::MAX, i32::MIN))).count(), 33);
    }
}
