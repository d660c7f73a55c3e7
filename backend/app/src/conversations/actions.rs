//! The conversation-management actions of "Parâmetros de chat": take, assign, transfer, close,
//! reopen and mark read, each as the caller's keys allow (the rule is `conversation::apply_action`).

use blocopro_domain::Error as DomainError;
use blocopro_domain::Timestamp;
use blocopro_domain::audit::NewAuditEntry;
use blocopro_domain::conversation::{Action, Conversation, ConversationKind, ConversationStatus, apply_action};
use uuid::Uuid;

use blocopro_domain::channel::ChannelMessage;
use blocopro_domain::department::Department;
use blocopro_domain::event::EventKind;
use blocopro_domain::message::{MessageContent, MessageKind, NamedRef, TransferEvent};
use blocopro_domain::user::User;
use blocopro_store::AuthoredMessage;

use crate::caller::Caller;
use crate::events::announce::{announce_conversation, announce_message_in};
use crate::{App, AppResult};

/// An action on a conversation, as the caller names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversationAction {
    /// Take the conversation (`to: None`) or give it to an attendant.
    Assign {
        to: Option<Uuid>,
    },
    /// Move it to an attendant and/or a department queue.
    Transfer {
        to_user: Option<Uuid>,
        to_department: Option<Uuid>,
    },
    Close,
    Reopen,
    MarkRead,
}

impl ConversationAction {
    /// The domain's action when `actor` acts.
    fn by(self, actor: Uuid) -> Action {
        match self {
            Self::Assign { to } => Action::Assign { to: to.unwrap_or(actor) },
            Self::Transfer { to_user, to_department } => Action::Transfer { to_user, to_department },
            Self::Close => Action::Close,
            Self::Reopen => Action::Reopen,
            Self::MarkRead => Action::MarkRead,
        }
    }

    /// The audit entry's action; marking read is not audited.
    fn audit_action(self) -> Option<&'static str> {
        match self {
            Self::Assign { .. } => Some("conversation.assigned"),
            Self::Transfer { .. } => Some("conversation.transferred"),
            Self::Close => Some("conversation.closed"),
            Self::Reopen => Some("conversation.reopened"),
            Self::MarkRead => None,
        }
    }

    /// The attendant the caller named, if any.
    fn named_user(self) -> Option<Uuid> {
        match self {
            Self::Assign { to } => to,
            Self::Transfer { to_user, .. } => to_user,
            _ => None,
        }
    }

    /// The department queue the caller named, if any.
    fn named_department(self) -> Option<Uuid> {
        match self {
            Self::Transfer { to_department, .. } => to_department,
            _ => None,
        }
    }
}

/// A group is answered by its group's department, never moved to another queue from Chat.
fn ensure_may_change_queue(kind: ConversationKind) -> Result<(), DomainError> {
    match kind {
        ConversationKind::Group => Err(DomainError::invalid(
            "department_id",
            "a group is answered by its group's department (Grupos de WhatsApp › settings)",
        )),
        ConversationKind::Direct => Ok(()),
    }
}

/// The attendant and department an action names, as the company has them.
#[derive(Debug, Default)]
struct Targets {
    user: Option<User>,
    department: Option<Department>,
}

/// The attendant and department an action names must be the company's (the attendant active).
async fn check_targets(
    app: &App,
    caller: &Caller,
    conversation: &Conversation,
    action: ConversationAction,
) -> AppResult<Targets> {
    let mut targets = Targets::default();
    if let Some(user_id) = action.named_user() {
        let user = app.store.get_user(caller.company_id, user_id).await?;
        let Some(user) = user.filter(User::is_active) else {
            return Err(DomainError::invalid("user_id", "is not an active user of this company").into());
        };
        targets.user = Some(user);
    }
    if let Some(department_id) = action.named_department() {
        ensure_may_change_queue(conversation.kind)?;
        let Some(department) = app.store.get_department(caller.company_id, department_id).await? else {
            return Err(DomainError::invalid("department_id", "is not a department of this company").into());
        };
        targets.department = Some(department);
    }
    Ok(targets)
}

/// What the thread shows of a transfer: who moved the conversation, to whom, and the note left
/// for them (the message's text); a message of the team's, never sent to WhatsApp.
fn transfer_event(conversation: &Conversation, by: &User, targets: &Targets, note: Option<&str>) -> ChannelMessage {
    let named = |id: Uuid, name: &str| NamedRef { id, name: name.to_owned() };
    let transfer = TransferEvent {
        by: named(by.id, &by.name),
        to_user: targets.user.as_ref().map(|user| named(user.id, &user.name)),
        to_department: targets.department.as_ref().map(|department| named(department.id, &department.name)),
    };
    let note = super::notes::team_text(note.unwrap_or_default());
    let content =
        MessageContent { kind: MessageKind::Transfer, transfer: Some(transfer), ..MessageContent::text(note) };
    super::notes::team_message(conversation, by, content)
}

/// The audit entry of a routing change: the routing before and after it.
fn routing_audit(caller: &Caller, action: &'static str, before: &Conversation, after: &Conversation) -> NewAuditEntry {
    let summary = serde_json::json!({ "before": before.routing_summary(), "after": after.routing_summary() });
    caller.audit(action, "conversation", Some(after.id), summary)
}

/// Waiting for someone: pending in a queue (or choosing from the menu) with nobody assigned.
fn waits_for_someone(conversation: &Conversation) -> bool {
    conversation.status == ConversationStatus::Pending && conversation.assigned_to.is_none()
}

/// What answering a conversation does to it: a person answering one that waits for someone takes
/// it, as "Assumir" would (the same rule and the same audit entry). Answers the conversation taken
/// and that entry; `None` when it is not waiting, the caller is an API token or may not take it.
pub(super) fn taken_by_answer(
    caller: &Caller,
    conversation: &Conversation,
    now: Timestamp,
) -> Option<(Conversation, NewAuditEntry)> {
    let actor = caller.user.as_ref()?.id;
    if !waits_for_someone(conversation) {
        return None;
    }
    let take = ConversationAction::Assign { to: None };
    let routing = apply_action(conversation.routing(), take.by(actor), actor, &caller.permissions).ok()?;
    let taken = conversation.clone().with_routing(routing, now);
    let audit = routing_audit(caller, take.audit_action()?, conversation, &taken);
    Some((taken, audit))
}

/// Takes, assigns, transfers, closes, reopens or marks read a conversation the caller sees, and
/// tells whoever sees it (or saw it before); answers the conversation after the action. A transfer
/// is also shown in the thread, with `note` for whoever receives it (other actions take none).
pub async fn act(
    app: &App,
    caller: &Caller,
    id: Uuid,
    action: ConversationAction,
    note: Option<&str>,
) -> AppResult<Conversation> {
    let actor = caller.session_user()?;
    let conversation = super::get(app, caller, id).await?;
    let targets = check_targets(app, caller, &conversation, action).await?;
    let routing = apply_action(conversation.routing(), action.by(actor.id), actor.id, &caller.permissions)?;
    let now = Timestamp::now();
    let changed = conversation.clone().with_routing(routing, now);
    let audit = action.audit_action().map(|audit_action| routing_audit(caller, audit_action, &conversation, &changed));
    let event =
        matches!(action, ConversationAction::Transfer { .. }).then(|| transfer_event(&changed, actor, &targets, note));
    let authored = event.as_ref().map(|message| AuthoredMessage { message, author_id: actor.id });
    let shown = app
        .store
        .update_conversation_routing(caller.company_id, changed.id, &routing, now, audit.as_ref(), authored.as_ref())
        .await?;
    announce_conversation(app, &changed, Some(conversation.placement()));
    if let Some(shown) = shown {
        announce_message_in(app, caller.company_id, EventKind::MessageCreated, &shown, Some(&changed));
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use blocopro_domain::permissions::Permission;
    use blocopro_domain::user::Visibility;

    use super::*;
    use crate::testing::{api_token, attendant, session_of};

    #[test]
    fn taking_a_conversation_assigns_it_to_the_actor() {
        let (actor, other) = (Uuid::now_v7(), Uuid::now_v7());
        assert_eq!(ConversationAction::Assign { to: None }.by(actor), Action::Assign { to: actor });
        assert_eq!(ConversationAction::Assign { to: Some(other) }.by(actor), Action::Assign { to: other });
    }

    #[test]
    fn only_the_named_targets_are_checked() {
        let (user, department) = (Uuid::now_v7(), Uuid::now_v7());
        let take = ConversationAction::Assign { to: None };
        assert_eq!((take.named_user(), take.named_department()), (None, None));
        let transfer = ConversationAction::Transfer { to_user: Some(user), to_department: Some(department) };
        assert_eq!((transfer.named_user(), transfer.named_department()), (Some(user), Some(department)));
    }

    #[test]
    fn a_transfer_shows_who_moved_it_to_whom_and_the_note_for_them() {
        let (ana, bia) = (attendant(Visibility::All), attendant(Visibility::Departments));
        let sales = Department { id: Uuid::now_v7(), name: "Vendas".into(), created_at: Timestamp::now() };
        let targets = Targets { user: Some(bia.clone()), department: Some(sales.clone()) };
        let conversation = crate::testing::conversation();
        let shown = transfer_event(&conversation, &ana, &targets, Some("  Cliente VIP \0"));
        assert_eq!((shown.content.kind, shown.content.text.as_str()), (MessageKind::Transfer, "Cliente VIP"));
        let transfer = shown.content.transfer.expect("the transfer's parties");
        assert_eq!((transfer.by.id, transfer.by.name), (ana.id, ana.name.clone()));
        assert_eq!(transfer.to_user.map(|to| to.id), Some(bia.id));
        assert_eq!(transfer.to_department.map(|to| to.name), Some("Vendas".to_owned()));
        assert_eq!((shown.sender, shown.status), (ana.name, blocopro_domain::channel::DeliveryStatus::Sent));
        let plain = transfer_event(&conversation, &bia, &Targets::default(), None);
        assert_eq!(plain.content.text, "", "a transfer without a note");
    }

    #[test]
    fn marking_read_is_the_one_action_left_out_of_the_audit() {
        assert_eq!(ConversationAction::MarkRead.audit_action(), None);
        assert_eq!(ConversationAction::Close.audit_action(), Some("conversation.closed"));
    }

    fn waiting() -> Conversation {
        let now = Timestamp::now();
        Conversation {
            id: Uuid::now_v7(),
            company_id: Uuid::now_v7(),
            channel_id: Uuid::now_v7(),
            kind: ConversationKind::Direct,
            chat_id: "+5511988887777".into(),
            title: "+5511988887777".into(),
            contact_id: None,
            group_id: None,
            status: ConversationStatus::Pending,
            department_id: None,
            assigned_to: None,
            awaiting_choice: true,
            contact_owner_id: None,
            unread_count: 2,
            last_message_at: now,
            last_message_preview: None,
            last_message_kind: blocopro_domain::message::MessageKind::Text,
            customer_window_closes_at: None,
            labels: vec![],
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn answering_a_waiting_conversation_takes_it_as_assumir_would() {
        let ana = attendant(Visibility::Own);
        let caller = session_of(ana.clone(), &[Permission::MessagesSend]);
        let now = Timestamp::now();
        let (taken, audit) = taken_by_answer(&caller, &waiting(), now).unwrap();
        assert_eq!((taken.status, taken.assigned_to), (ConversationStatus::Open, Some(ana.id)));
        assert!(!taken.awaiting_choice, "an attendant taking over ends the greeting menu");
        assert_eq!((taken.unread_count, taken.updated_at), (2, now));
        assert_eq!((audit.action, audit.target_id), ("conversation.assigned", Some(taken.id)));
        assert_eq!(audit.summary["after"]["assigned_to"], serde_json::json!(ana.id));
        assert_eq!(audit.summary["before"]["status"], "pending");
    }

    #[test]
    fn answering_takes_only_what_waits_and_only_for_a_person() {
        let caller = session_of(attendant(Visibility::Own), &[Permission::MessagesSend]);
        let now = Timestamp::now();
        let someones =
            Conversation { status: ConversationStatus::Open, assigned_to: Some(Uuid::now_v7()), ..waiting() };
        assert!(taken_by_answer(&caller, &someones, now).is_none());
        let given_but_pending = Conversation { assigned_to: Some(Uuid::now_v7()), ..waiting() };
        assert!(taken_by_answer(&caller, &given_but_pending, now).is_none());
        let open_unassigned = Conversation { status: ConversationStatus::Open, ..waiting() };
        assert!(taken_by_answer(&caller, &open_unassigned, now).is_none());
        assert!(taken_by_answer(&api_token(&[Permission::MessagesSend]), &waiting(), now).is_none());
    }

    #[test]
    fn groups_keep_their_department() {
        assert!(ensure_may_change_queue(ConversationKind::Direct).is_ok());
        assert!(matches!(ensure_may_change_queue(ConversationKind::Group), Err(DomainError::Validation(_))));
    }
}
