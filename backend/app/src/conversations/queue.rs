//! Who answers a conversation. Outside the channel's business hours a waiting conversation first
//! gets the automatic answer (`away`). A new conversation on a channel with a greeting flow gets the menu
//! and waits for the contact's choice; the choice sends it to that department's queue (an answer
//! that names no option gets the menu again). A waiting conversation goes to the contact's wallet
//! owner when available, otherwise round-robin among the available attendants of its department
//! (online, inside their access hours, linked to its channel); a conversation outside any
//! department waits for its wallet owner or for someone to take it. With nobody available it waits
//! until someone comes online.

use std::collections::{BTreeSet, HashMap, HashSet};

use blocopro_domain::Timestamp;
use blocopro_domain::audit::Actor;
use blocopro_domain::channel::ChannelMessage;
use blocopro_domain::conversation::{Candidate, Conversation, ConversationKind, ConversationStatus, next_assignee};
use blocopro_domain::event::EventKind;
use blocopro_domain::flow::Flow;
use blocopro_domain::message::MessageContent;
use blocopro_domain::presence::PresenceStatus;
use blocopro_store::{FoldedMessages, QueueCandidate};
use uuid::Uuid;

use crate::access::check_user_may_act;
use crate::audit::entry_for;
use crate::channels::queued_message;
use crate::events::announce::{announce_conversation, announce_message_in};
use crate::{App, AppError, AppResult};

/// Most waiting conversations one pass considers.
const WAITING_PER_PASS: u32 = 500;

/// Routes what a fold of received messages changed, then hands out waiting conversations.
pub async fn route_folded(app: &App, folded: &FoldedMessages, conversations: &[Conversation]) {
    // Before the menu: a customer writing at night reads that first.
    crate::conversations::away::answer_outside_hours(app, conversations).await;
    let started: HashSet<Uuid> = folded.started_ids.iter().copied().collect();
    let mut flows: HashMap<Uuid, Option<Flow>> = HashMap::new();
    let mut companies = BTreeSet::new();
    for conversation in conversations.iter().filter(|c| c.kind == ConversationKind::Direct) {
        companies.insert(conversation.company_id);
        if conversation.status != ConversationStatus::Pending || conversation.assigned_to.is_some() {
            continue;
        }
        let flow = match flows.get(&conversation.channel_id) {
            Some(flow) => flow.clone(),
            None => {
                let flow = enabled_flow(app, conversation).await;
                flows.insert(conversation.channel_id, flow.clone());
                flow
            }
        };
        let routed = if started.contains(&conversation.id) {
            greet(app, conversation, flow.as_ref()).await
        } else if conversation.awaiting_choice {
            let answer = last_message_of(folded, conversation);
            follow_answer(app, conversation, flow.as_ref(), answer).await
        } else {
            Ok(())
        };
        if let Err(error) = routed {
            tracing::warn!(%error, conversation_id = %conversation.id, "a conversation could not be routed");
        }
    }
    for company_id in companies {
        assign_waiting_logged(app, company_id).await;
    }
}

async fn enabled_flow(app: &App, conversation: &Conversation) -> Option<Flow> {
    match app.store.get_flow(conversation.company_id, conversation.channel_id).await {
        Ok(flow) => flow.filter(|flow| flow.enabled && !flow.options.is_empty()),
        Err(error) => {
            tracing::warn!(%error, "a channel's flow could not be read; its conversations go to the general queue");
            None
        }
    }
}

fn last_message_of<'a>(folded: &'a FoldedMessages, conversation: &Conversation) -> Option<&'a ChannelMessage> {
    folded
        .messages
        .iter()
        .map(|(_, message)| message)
        .filter(|message| message.channel_id == conversation.channel_id && message.chat_id == conversation.chat_id)
        .max_by_key(|message| (message.sent_at, message.id))
}

/// A new conversation on a channel with a flow receives the menu and waits for the choice.
async fn greet(app: &App, conversation: &Conversation, flow: Option<&Flow>) -> AppResult<()> {
    let Some(flow) = flow else { return Ok(()) };
    write_to_contact(app, conversation, flow.menu(), format!("flow:{}:menu", conversation.id)).await?;
    let routing = blocopro_domain::conversation::Routing { awaiting_choice: true, ..conversation.routing() };
    reroute(app, conversation, routing).await
}

/// The contact's answer to the menu: its option's queue, or the menu again.
async fn follow_answer(
    app: &App,
    conversation: &Conversation,
    flow: Option<&Flow>,
    answer: Option<&ChannelMessage>,
) -> AppResult<()> {
    let (Some(flow), Some(answer)) = (flow, answer) else {
        // The flow was switched off meanwhile: the conversation joins the general queue.
        let routing = blocopro_domain::conversation::Routing { awaiting_choice: false, ..conversation.routing() };
        return reroute(app, conversation, routing).await;
    };
    match flow.choose(answer.content.answer()) {
        Some(option) => {
            let routing = blocopro_domain::conversation::Routing {
                awaiting_choice: false,
                department_id: Some(option.department_id),
                ..conversation.routing()
            };
            reroute(app, conversation, routing).await
        }
        None => write_to_contact(app, conversation, flow.retry_menu(), format!("flow:{}:retry", answer.id)).await,
    }
}

async fn reroute(
    app: &App,
    conversation: &Conversation,
    routing: blocopro_domain::conversation::Routing,
) -> AppResult<()> {
    let now = Timestamp::now();
    app.store.update_conversation_routing(conversation.company_id, conversation.id, &routing, now, None, None).await?;
    let changed = conversation.clone().with_routing(routing, now);
    announce_conversation(app, &changed, Some(conversation.placement()));
    Ok(())
}

/// Queues a message from the company to the contact; `key` makes it once only.
async fn write_to_contact(app: &App, conversation: &Conversation, text: String, key: String) -> AppResult<()> {
    let company_id = conversation.company_id;
    let channel = app.store.get_channel(company_id, conversation.channel_id).await?.ok_or_else(AppError::not_found)?;
    let message = queued_message(&channel, conversation.chat_id.clone(), MessageContent::text(text));
    let (stored, new) = app.store.enqueue_outbound(company_id, &message, Some(&key), None).await?;
    if new {
        announce_message_in(app, company_id, EventKind::MessageCreated, &stored, Some(conversation));
        app.outbox_wake.notify_one();
    }
    Ok(())
}

/// `assign_waiting`, for callers with nobody to answer: a failure is logged.
pub async fn assign_waiting_logged(app: &App, company_id: Uuid) {
    if let Err(error) = assign_waiting(app, company_id).await {
        tracing::warn!(%error, %company_id, "waiting conversations could not be assigned");
    }
}

/// Hands waiting conversations, longest waiting first, to whoever is available for each.
pub async fn assign_waiting(app: &App, company_id: Uuid) -> AppResult<usize> {
    let waiting = app.store.waiting_conversations(company_id, WAITING_PER_PASS).await?;
    let mut pools = Pools::default();
    let mut assigned = 0;
    for conversation in &waiting {
        let candidates = pools.for_conversation(app, conversation).await?;
        let Some(user_id) = next_assignee(&candidates, conversation.contact_owner_id) else { continue };
        let now = Timestamp::now();
        let summary = serde_json::json!({ "assigned_to": user_id, "by": "queue" });
        let audit = entry_for(
            company_id,
            Actor::SYSTEM,
            "conversation.assigned",
            "conversation",
            Some(conversation.id),
            summary,
        );
        if app.store.assign_from_queue(company_id, conversation.id, user_id, now, &audit).await? {
            pools.assigned(user_id, now);
            assigned += 1;
            if let Some(changed) = app.store.find_conversations(&[conversation.id]).await?.pop() {
                announce_conversation(app, &changed, Some(conversation.placement()));
            }
        }
    }
    Ok(assigned)
}

/// The candidates of each (channel, department) met in one pass, kept current as it assigns.
#[derive(Default)]
struct Pools {
    by_queue: HashMap<(Uuid, Option<Uuid>), Vec<Candidate>>,
}

impl Pools {
    async fn for_conversation(&mut self, app: &App, conversation: &Conversation) -> AppResult<Vec<Candidate>> {
        let queue = (conversation.channel_id, conversation.department_id);
        if let std::collections::hash_map::Entry::Vacant(pool) = self.by_queue.entry(queue) {
            let found = app.store.queue_candidates(conversation.company_id, queue.0, queue.1).await?;
            let now = Timestamp::now();
            pool.insert(found.iter().map(|candidate| weigh(candidate, now)).collect());
        }
        let candidates = self.by_queue[&queue].clone();
        // Outside any department, only the wallet owner is asked.
        Ok(match queue.1 {
            Some(_) => candidates,
            None => candidates.into_iter().filter(|c| Some(c.user_id) == conversation.contact_owner_id).collect(),
        })
    }

    /// Round-robin within the pass: whoever just got one goes to the back of every queue.
    fn assigned(&mut self, user_id: Uuid, at: Timestamp) {
        for candidate in self.by_queue.values_mut().flatten().filter(|candidate| candidate.user_id == user_id) {
            candidate.last_assigned_at = Some(at);
        }
    }
}

fn weigh(candidate: &QueueCandidate, now: Timestamp) -> Candidate {
    Candidate {
        user_id: candidate.auth.user.id,
        online: candidate.presence == Some(PresenceStatus::Online),
        inside_access_hours: check_user_may_act(&candidate.auth, now).is_ok(),
        last_assigned_at: candidate.last_assigned_at,
    }
}
