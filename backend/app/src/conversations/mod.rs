//! Conversations at work: who sees which, what attendants do with them and write in them, the
//! received messages folded into them, the queue that hands them to attendants, the answer outside business hours, and the outbox
//! that sends what attendants write.

pub mod actions;
pub mod away;
pub mod folder;
pub mod messages;
pub mod notes;
pub mod outbox;
pub mod queue;
pub mod reactions;
pub mod search;
mod visibility;

pub use actions::{ConversationAction, act};
pub(crate) use visibility::viewer;
pub use visibility::{channel_written_by, chat, get, list};
