//! Quick replies ("Respostas rápidas"): the company's, managed by whoever holds
//! `quick_replies.manage` (the access table checks it on their routes), and each user's own.
//! Listed for the composer with their variables filled for the conversation being answered.

use blocopro_domain::Timestamp;
use blocopro_domain::quick_reply::{self, Fill, QuickReply, QuickReplyScope};
use serde_json::json;
use uuid::Uuid;

use crate::caller::Caller;
use crate::{App, AppError, AppResult};

/// A reply with its text filled for one conversation (`None` when no conversation was given).
#[derive(Debug, Clone)]
pub struct Listed {
    pub reply: QuickReply,
    pub filled: Option<String>,
}

/// What a reply says, as an API request gives it.
#[derive(Debug, Clone)]
pub struct Draft {
    pub shortcut: String,
    pub text: String,
}

/// The owner a scope stands for: the company's replies have none, personal ones the caller.
fn owner_of(caller: &Caller, scope: QuickReplyScope) -> AppResult<Option<Uuid>> {
    Ok(match scope {
        QuickReplyScope::Company => None,
        QuickReplyScope::Personal => Some(caller.session_user()?.id),
    })
}

/// The company's replies and the caller's own; filled for the conversation `conversation_id`
/// (one the caller sees, else 404) when given.
pub async fn list(app: &App, caller: &Caller, conversation_id: Option<Uuid>) -> AppResult<Vec<Listed>> {
    let fill = match conversation_id {
        Some(id) => Some(fill_for(app, caller, id).await?),
        None => None,
    };
    let replies = app.store.list_quick_replies(caller.company_id, caller.user_id()).await?;
    Ok(replies
        .into_iter()
        .map(|reply| {
            let filled = fill.as_ref().map(|values| quick_reply::fill(&reply.text, values));
            Listed { reply, filled }
        })
        .collect())
}

/// What the variables stand for in a conversation the caller sees, answered by the caller.
async fn fill_for(app: &App, caller: &Caller, conversation_id: Uuid) -> AppResult<Fill> {
    let conversation = crate::conversations::get(app, caller, conversation_id).await?;
    let contact = match conversation.contact_id {
        Some(contact_id) => app.store.get_contact(caller.company_id, contact_id).await?,
        None => None,
    };
    Ok(Fill {
        contact_name: contact.as_ref().and_then(|contact| contact.name.clone()),
        contact_phone: contact.map(|contact| contact.phone),
        attendant_name: caller.user.as_ref().map(|user| user.name.clone()),
    })
}

pub async fn create(app: &App, caller: &Caller, scope: QuickReplyScope, draft: Draft) -> AppResult<QuickReply> {
    quick_reply::check(&draft.shortcut, &draft.text)?;
    let now = Timestamp::now();
    let reply = QuickReply {
        id: Uuid::now_v7(),
        scope,
        owner_id: owner_of(caller, scope)?,
        shortcut: quick_reply::normalize_shortcut(&draft.shortcut),
        text: draft.text,
        created_at: now,
        updated_at: now,
    };
    let audit = caller.audit("quick_reply.created", "quick_reply", Some(reply.id), summary(&reply));
    app.store.create_quick_reply(caller.company_id, &reply, &audit).await?;
    Ok(reply)
}

pub async fn update(
    app: &App,
    caller: &Caller,
    scope: QuickReplyScope,
    id: Uuid,
    draft: Draft,
) -> AppResult<QuickReply> {
    let before = get(app, caller, scope, id).await?;
    quick_reply::check(&draft.shortcut, &draft.text)?;
    let reply = QuickReply {
        shortcut: quick_reply::normalize_shortcut(&draft.shortcut),
        text: draft.text,
        updated_at: Timestamp::now(),
        ..before
    };
    let audit = caller.audit("quick_reply.updated", "quick_reply", Some(id), summary(&reply));
    app.store.update_quick_reply(caller.company_id, &reply, &audit).await?;
    Ok(reply)
}

pub async fn delete(app: &App, caller: &Caller, scope: QuickReplyScope, id: Uuid) -> AppResult<()> {
    let before = get(app, caller, scope, id).await?;
    let audit = caller.audit("quick_reply.deleted", "quick_reply", Some(id), summary(&before));
    app.store.delete_quick_reply(caller.company_id, before.owner_id, id, &audit).await?;
    Ok(())
}

/// A reply of the scope: another scope's (or company's) is not found.
async fn get(app: &App, caller: &Caller, scope: QuickReplyScope, id: Uuid) -> AppResult<QuickReply> {
    let owner = owner_of(caller, scope)?;
    app.store.get_quick_reply(caller.company_id, owner, id).await?.ok_or_else(AppError::not_found)
}

fn summary(reply: &QuickReply) -> serde_json::Value {
    json!({ "scope": reply.scope.as_str(), "shortcut": reply.shortcut })
}
