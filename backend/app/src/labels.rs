//! Labels ("Etiquetas"): the company's, managed by whoever holds `labels.manage` (the access table
//! checks it on their routes), and put on conversations by whoever may act on them. A change a
//! conversation shows (its labels, or a label's name, colour or deletion) is announced as
//! `conversation.updated`, so that every tab that sees it follows.

use blocopro_domain::Error as DomainError;
use blocopro_domain::Timestamp;
use blocopro_domain::conversation::Conversation;
use blocopro_domain::label::{self, Label};
use blocopro_store::StoreError;
use serde_json::json;
use uuid::Uuid;

use crate::caller::Caller;
use crate::events::announce::announce_conversation;
use crate::{App, AppError, AppResult};

/// A label's name and colour, as an API request gives them.
#[derive(Debug, Clone)]
pub struct Draft {
    pub name: String,
    pub colour: String,
}

/// The company's labels, by name.
pub async fn list(app: &App, caller: &Caller) -> AppResult<Vec<Label>> {
    Ok(app.store.list_labels(caller.company_id).await?)
}

/// A name the company uses already is a conflict of its own code.
fn name_taken(error: StoreError) -> AppError {
    match error {
        StoreError::Duplicate { field: Some("name") } => DomainError::Conflict {
            code: "label_name_taken",
            detail: "The company has a label with this name (names are compared without case).".into(),
        }
        .into(),
        other => other.into(),
    }
}

pub async fn create(app: &App, caller: &Caller, draft: Draft) -> AppResult<Label> {
    label::check(&draft.name, &draft.colour)?;
    let now = Timestamp::now();
    let created = Label {
        id: Uuid::now_v7(),
        name: label::normalize_name(&draft.name),
        colour: label::normalize_colour(&draft.colour),
        created_at: now,
        updated_at: now,
    };
    let audit = caller.audit("label.created", "label", Some(created.id), summary(&created));
    app.store.create_label(caller.company_id, &created, &audit).await.map_err(name_taken)?;
    Ok(created)
}

pub async fn update(app: &App, caller: &Caller, id: Uuid, draft: Draft) -> AppResult<Label> {
    let before = get(app, caller, id).await?;
    label::check(&draft.name, &draft.colour)?;
    let changed = Label {
        name: label::normalize_name(&draft.name),
        colour: label::normalize_colour(&draft.colour),
        updated_at: Timestamp::now(),
        ..before.clone()
    };
    let audit = caller.audit(
        "label.updated",
        "label",
        Some(id),
        json!({ "before": summary(&before), "after": summary(&changed) }),
    );
    app.store.update_label(caller.company_id, &changed, &audit).await.map_err(name_taken)?;
    if changed.name != before.name || changed.colour != before.colour {
        let labelled = app.store.conversations_labelled(caller.company_id, id).await?;
        announce_each(app, &labelled).await?;
    }
    Ok(changed)
}

/// Deletes the label, taking it off every conversation (another company's is not found); once
/// that is stored, the conversations it was taken off are announced.
pub async fn delete(app: &App, caller: &Caller, id: Uuid) -> AppResult<()> {
    let audit = |deleted: &Label| caller.audit("label.deleted", "label", Some(id), summary(deleted));
    let deleted = app.store.delete_label(caller.company_id, id, &audit).await?;
    announce_each(app, &deleted.conversations).await
}

/// Replaces the labels of a conversation the caller sees (else 404) with `label_ids`; a label
/// that is not the company's is 422 `label_not_found`. Answers the conversation with its labels.
pub async fn set_for_conversation(
    app: &App,
    caller: &Caller,
    conversation_id: Uuid,
    label_ids: &[Uuid],
) -> AppResult<Conversation> {
    caller.session_user()?;
    let before = crate::conversations::get(app, caller, conversation_id).await?;
    let label_ids = label::check_set(label_ids)?;
    let audit = caller.audit(
        "conversation.labels_set",
        "conversation",
        Some(conversation_id),
        json!({ "before": before.labels.iter().map(|tag| tag.id).collect::<Vec<_>>(), "after": label_ids }),
    );
    app.store
        .set_conversation_labels(caller.company_id, conversation_id, &label_ids, Timestamp::now(), &audit)
        .await
        .map_err(|error| match error {
        StoreError::UnknownReferences(ids) => {
            let listed: Vec<String> = ids.iter().map(ToString::to_string).collect();
            DomainError::Unsupported {
                code: "label_not_found",
                detail: format!("The company has no label {}.", listed.join(", ")),
            }
            .into()
        }
        other => AppError::from(other),
    })?;
    let changed = crate::conversations::get(app, caller, conversation_id).await?;
    announce_conversation(app, &changed, None);
    Ok(changed)
}

/// A label of the company; another company's is not found.
async fn get(app: &App, caller: &Caller, id: Uuid) -> AppResult<Label> {
    app.store.get_label(caller.company_id, id).await?.ok_or_else(AppError::not_found)
}

/// Tells whoever sees these conversations that their labels changed.
async fn announce_each(app: &App, conversation_ids: &[Uuid]) -> AppResult<()> {
    for conversation in app.store.find_conversations(conversation_ids).await? {
        announce_conversation(app, &conversation, None);
    }
    Ok(())
}

fn summary(label: &Label) -> serde_json::Value {
    json!({ "name": label.name, "colour": label.colour })
}
