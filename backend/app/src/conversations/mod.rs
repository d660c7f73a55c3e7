//! Conversations at work: received messages folded into their conversations, the queue that
//! hands them to attendants, and the outbox that sends what attendants write.

pub mod folder;
pub mod outbox;
pub mod queue;
