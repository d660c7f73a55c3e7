//! Conversations in Chat: who sees which (visibility scope, departments, wallet, channel links),
//! what each conversation-management action does, and who the queue assigns a new conversation to.
//! The stores' queries follow these rules; the conformance suite checks that they agree.

use jiff::Timestamp;
use serde::Serialize;
use uuid::Uuid;

use crate::Error;
use crate::label::LabelTag;
use crate::message::MessageKind;
use crate::permissions::{Permission, PermissionSet};
use crate::user::Visibility;

crate::text_enum! {
    /// A conversation with one contact, or an imported WhatsApp group.
    pub enum ConversationKind { Direct => "direct", Group => "group" }
}

crate::text_enum! {
    /// `pending`: waiting in a queue for an attendant; `open`: being answered; `closed`: done.
    pub enum ConversationStatus { Pending => "pending", Open => "open", Closed => "closed" }
}

/// Longest preview of the last message kept on a conversation.
pub const PREVIEW_CHARS: usize = 120;

/// A conversation of Chat: one per channel and chat (a contact's number or an imported group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conversation {
    pub id: Uuid,
    #[serde(skip)]
    pub company_id: Uuid,
    pub channel_id: Uuid,
    pub kind: ConversationKind,
    /// The contact's number (E.164) or the group's WhatsApp id.
    pub chat_id: String,
    /// What Chat shows: the contact's name (or number), or the group's subject.
    pub title: String,
    /// The contact of a direct conversation.
    pub contact_id: Option<Uuid>,
    /// The imported group of a group conversation.
    pub group_id: Option<Uuid>,
    pub status: ConversationStatus,
    /// The queue it is in (a group's department for group conversations).
    pub department_id: Option<Uuid>,
    pub assigned_to: Option<Uuid>,
    /// The contact was sent the channel's menu and has not chosen an option yet.
    pub awaiting_choice: bool,
    /// The attendant whose wallet holds the contact (direct conversations).
    pub contact_owner_id: Option<Uuid>,
    /// Messages received since someone last read it.
    pub unread_count: u32,
    pub last_message_at: Timestamp,
    /// The start of the last message's text or caption (see `MessageContent::summary`); empty for
    /// a message that has neither (a photo without caption), which lists show by its kind.
    pub last_message_preview: Option<String>,
    /// The last message's kind, so that a list shows "📷 Foto" beside (or instead of) the preview.
    pub last_message_kind: MessageKind,
    /// When the Cloud API's 24-hour customer-service window closes (see
    /// `template::customer_window_closes_at`): after it, only templates may be sent. `None` for
    /// channels without such a window.
    pub customer_window_closes_at: Option<Timestamp>,
    /// The company's labels put on it, by name.
    pub labels: Vec<LabelTag>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Conversation {
    pub fn routing(&self) -> Routing {
        Routing {
            status: self.status,
            department_id: self.department_id,
            assigned_to: self.assigned_to,
            awaiting_choice: self.awaiting_choice,
            unread_count: self.unread_count,
        }
    }

    pub fn placement(&self) -> Placement {
        Placement {
            kind: self.kind,
            channel_id: self.channel_id,
            department_id: self.department_id,
            assigned_to: self.assigned_to,
            contact_owner: self.contact_owner_id,
        }
    }

    /// What the audit log keeps of a routing change.
    pub fn routing_summary(&self) -> serde_json::Value {
        serde_json::json!({
            "status": self.status,
            "department_id": self.department_id,
            "assigned_to": self.assigned_to,
        })
    }

    pub fn with_routing(self, routing: Routing, now: Timestamp) -> Self {
        Conversation {
            status: routing.status,
            department_id: routing.department_id,
            assigned_to: routing.assigned_to,
            awaiting_choice: routing.awaiting_choice,
            unread_count: routing.unread_count,
            updated_at: now,
            ..self
        }
    }
}

/// WhatsApp group ids end in `@g.us`; every other chat is a contact's number.
pub fn kind_of_chat(chat_id: &str) -> ConversationKind {
    if chat_id.ends_with("@g.us") { ConversationKind::Group } else { ConversationKind::Direct }
}

/// The start of a message as the conversation list shows it.
pub fn preview(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(PREVIEW_CHARS) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

/// What visibility needs to know about a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Placement {
    pub kind: ConversationKind,
    pub channel_id: Uuid,
    pub department_id: Option<Uuid>,
    pub assigned_to: Option<Uuid>,
    /// The wallet owner of the conversation's contact (direct conversations).
    pub contact_owner: Option<Uuid>,
}

/// The user looking at Chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub user_id: Uuid,
    pub is_admin: bool,
    pub visibility: Visibility,
    pub department_ids: Vec<Uuid>,
    /// The channels the user is linked to.
    pub channel_ids: Vec<Uuid>,
}

impl Viewer {
    /// Administrators see everything. Everybody else works on their channels only; there, `own`
    /// sees what is assigned to them or in their wallet, `departments` also their departments'
    /// queues, `all` every conversation. A group is answered by its department: it shows to the
    /// users of its channel in that department (every user of the channel when it has none), and to
    /// `all`.
    pub fn sees(&self, conversation: &Placement) -> bool {
        if self.is_admin {
            return true;
        }
        if !self.channel_ids.contains(&conversation.channel_id) {
            return false;
        }
        let in_department = conversation.department_id.is_some_and(|id| self.department_ids.contains(&id));
        match (conversation.kind, self.visibility) {
            (_, Visibility::All) => true,
            (ConversationKind::Group, _) => conversation.department_id.is_none() || in_department,
            (ConversationKind::Direct, visibility) => {
                let mine =
                    conversation.assigned_to == Some(self.user_id) || conversation.contact_owner == Some(self.user_id);
                mine || (visibility == Visibility::Departments && in_department)
            }
        }
    }
}

/// A conversation-management action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Take the conversation (`to` = me) or give it to someone.
    Assign {
        to: Uuid,
    },
    /// Move it to another attendant and/or department queue.
    Transfer {
        to_user: Option<Uuid>,
        to_department: Option<Uuid>,
    },
    Close,
    Reopen,
    MarkRead,
}

impl Action {
    /// The permission key of "Parâmetros de chat" an action needs; taking a conversation for oneself
    /// and marking it read need none.
    pub fn permission(self, actor: Uuid) -> Option<Permission> {
        match self {
            Action::Assign { to } if to == actor => None,
            Action::Assign { .. } => Some(Permission::ConversationsAssign),
            Action::Transfer { .. } => Some(Permission::ConversationsTransfer),
            Action::Close => Some(Permission::ConversationsClose),
            Action::Reopen => Some(Permission::ConversationsReopen),
            Action::MarkRead => None,
        }
    }
}

/// The conversation fields an action changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Routing {
    pub status: ConversationStatus,
    pub department_id: Option<Uuid>,
    pub assigned_to: Option<Uuid>,
    pub awaiting_choice: bool,
    pub unread_count: u32,
}

/// Applies `action` by `actor` (holding `permissions`) to a conversation routed as `current`.
pub fn apply_action(
    current: Routing,
    action: Action,
    actor: Uuid,
    permissions: &PermissionSet,
) -> Result<Routing, Error> {
    if let Some(needed) = action.permission(actor)
        && !permissions.contains(&needed)
    {
        return Err(Error::Forbidden(format!("This action needs the permission `{needed}`.")));
    }
    let closed = current.status == ConversationStatus::Closed;
    let refuse = |detail: &str| Err(Error::Conflict { code: "conversation_closed", detail: detail.into() });
    match action {
        Action::Assign { .. } | Action::Transfer { .. } if closed => {
            refuse("The conversation is closed; reopen it first.")
        }
        // An attendant taking over ends the greeting menu.
        Action::Assign { to } => {
            Ok(Routing { status: ConversationStatus::Open, assigned_to: Some(to), awaiting_choice: false, ..current })
        }
        Action::Transfer { to_user: None, to_department: None } => {
            Err(Error::Validation(crate::FieldErrors::single("transfer", "name a user or a department")))
        }
        Action::Transfer { to_user, to_department } => Ok(Routing {
            // Sent to a queue only: it waits there for the next attendant of that department.
            status: if to_user.is_some() { ConversationStatus::Open } else { ConversationStatus::Pending },
            department_id: to_department.or(current.department_id),
            assigned_to: to_user,
            awaiting_choice: false,
            ..current
        }),
        Action::Close if closed => refuse("The conversation is closed already."),
        Action::Close => Ok(Routing { status: ConversationStatus::Closed, unread_count: 0, ..current }),
        Action::Reopen if !closed => Err(Error::Conflict {
            code: "conversation_not_closed",
            detail: "Only a closed conversation can be reopened.".into(),
        }),
        Action::Reopen => Ok(Routing {
            status: if current.assigned_to.is_some() { ConversationStatus::Open } else { ConversationStatus::Pending },
            ..current
        }),
        Action::MarkRead => Ok(Routing { unread_count: 0, ..current }),
    }
}

/// An attendant the queue may hand a conversation to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub user_id: Uuid,
    /// Online (not away, not offline) with an open session.
    pub online: bool,
    pub inside_access_hours: bool,
    /// When the queue last gave this attendant a conversation.
    pub last_assigned_at: Option<Timestamp>,
}

impl Candidate {
    fn available(&self) -> bool {
        self.online && self.inside_access_hours
    }
}

/// Who gets a new conversation of a department's queue: the contact's wallet owner when available,
/// otherwise round-robin — the available attendant who waited longest since their last one (never
/// assigned first, ties by id). `None`: it waits in the queue until someone comes online.
pub fn next_assignee(candidates: &[Candidate], wallet_owner: Option<Uuid>) -> Option<Uuid> {
    let available = candidates.iter().filter(|candidate| candidate.available());
    if let Some(owner) = wallet_owner
        && available.clone().any(|candidate| candidate.user_id == owner)
    {
        return Some(owner);
    }
    available.min_by_key(|candidate| (candidate.last_assigned_at, candidate.user_id)).map(|candidate| candidate.user_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(visibility: Visibility, departments: &[Uuid], channels: &[Uuid]) -> Viewer {
        Viewer {
            user_id: Uuid::from_u128(1),
            is_admin: false,
            visibility,
            department_ids: departments.to_vec(),
            channel_ids: channels.to_vec(),
        }
    }

    #[test]
    fn the_visibility_matrix() {
        let (me, other) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let (channel, elsewhere) = (Uuid::from_u128(10), Uuid::from_u128(11));
        let (sales, finance) = (Uuid::from_u128(20), Uuid::from_u128(21));
        let direct = |department_id, assigned_to, contact_owner| Placement {
            kind: ConversationKind::Direct,
            channel_id: channel,
            department_id,
            assigned_to,
            contact_owner,
        };
        let mine = direct(Some(finance), Some(me), None);
        let in_my_wallet = direct(None, Some(other), Some(me));
        let my_queue = direct(Some(sales), None, None);
        let others = direct(Some(finance), Some(other), Some(other));

        // (conversation, own, departments, all)
        let cases = [
            (mine, true, true, true),
            (in_my_wallet, true, true, true),
            (my_queue, false, true, true),
            (others, false, false, true),
        ];
        for (conversation, own, departments, all) in cases {
            assert_eq!(viewer(Visibility::Own, &[sales], &[channel]).sees(&conversation), own, "{conversation:?}");
            let by_department = viewer(Visibility::Departments, &[sales], &[channel]);
            assert_eq!(by_department.sees(&conversation), departments, "{conversation:?}");
            assert_eq!(viewer(Visibility::All, &[sales], &[channel]).sees(&conversation), all, "{conversation:?}");
        }
        let off_channel = Placement { channel_id: elsewhere, ..mine };
        assert!(!viewer(Visibility::All, &[sales], &[channel]).sees(&off_channel), "channels bound every scope");
        let admin = Viewer { is_admin: true, ..viewer(Visibility::Own, &[], &[]) };
        assert!(admin.sees(&off_channel));
    }

    #[test]
    fn groups_show_to_their_department_on_their_channel() {
        let (channel, sales, finance) = (Uuid::from_u128(10), Uuid::from_u128(20), Uuid::from_u128(21));
        let group = |department_id| Placement {
            kind: ConversationKind::Group,
            channel_id: channel,
            department_id,
            assigned_to: None,
            contact_owner: None,
        };
        let seller = viewer(Visibility::Own, &[sales], &[channel]);
        assert!(seller.sees(&group(Some(sales))));
        assert!(seller.sees(&group(None)), "a group without department: every user of its channel");
        assert!(!seller.sees(&group(Some(finance))));
        assert!(viewer(Visibility::All, &[], &[channel]).sees(&group(Some(finance))));
        assert!(!viewer(Visibility::All, &[sales], &[]).sees(&group(Some(sales))));
    }

    fn routing(status: ConversationStatus) -> Routing {
        Routing {
            status,
            department_id: Some(Uuid::from_u128(20)),
            assigned_to: None,
            awaiting_choice: false,
            unread_count: 3,
        }
    }

    #[test]
    fn actions_need_their_permission_and_follow_the_status() {
        let (me, other) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let none = PermissionSet::new();
        let all: PermissionSet = Permission::ALL.iter().copied().collect();
        let pending = routing(ConversationStatus::Pending);

        let taken = apply_action(pending, Action::Assign { to: me }, me, &none).unwrap();
        assert_eq!((taken.status, taken.assigned_to), (ConversationStatus::Open, Some(me)), "taking needs nothing");
        assert!(matches!(apply_action(pending, Action::Assign { to: other }, me, &none), Err(Error::Forbidden(_))));
        assert!(matches!(apply_action(pending, Action::Close, me, &none), Err(Error::Forbidden(_))));

        let to_queue = Action::Transfer { to_user: None, to_department: Some(Uuid::from_u128(21)) };
        let queued = apply_action(taken, to_queue, me, &all).unwrap();
        assert_eq!((queued.status, queued.assigned_to), (ConversationStatus::Pending, None));
        assert_eq!(queued.department_id, Some(Uuid::from_u128(21)));
        let nowhere = Action::Transfer { to_user: None, to_department: None };
        assert!(matches!(apply_action(taken, nowhere, me, &all), Err(Error::Validation(_))));

        let closed = apply_action(taken, Action::Close, me, &all).unwrap();
        assert_eq!((closed.status, closed.unread_count), (ConversationStatus::Closed, 0));
        let code = |result: Result<Routing, Error>| match result {
            Err(Error::Conflict { code, .. }) => code,
            other => panic!("expected a conflict, got {other:?}"),
        };
        assert_eq!(code(apply_action(closed, Action::Close, me, &all)), "conversation_closed");
        assert_eq!(code(apply_action(closed, Action::Assign { to: me }, me, &all)), "conversation_closed");
        assert_eq!(code(apply_action(taken, Action::Reopen, me, &all)), "conversation_not_closed");
        let reopened = apply_action(closed, Action::Reopen, me, &all).unwrap();
        assert_eq!((reopened.status, reopened.assigned_to), (ConversationStatus::Open, Some(me)));
        assert_eq!(apply_action(pending, Action::MarkRead, me, &none).unwrap().unread_count, 0);
    }

    #[test]
    fn chats_and_previews() {
        assert_eq!(kind_of_chat("120363025246125486@g.us"), ConversationKind::Group);
        assert_eq!(kind_of_chat("+5511988887777"), ConversationKind::Direct);
        assert_eq!(preview("  Oi,\n tudo   bem? "), "Oi, tudo bem?");
        let long = "á".repeat(PREVIEW_CHARS + 5);
        assert_eq!(preview(&long).chars().count(), PREVIEW_CHARS + 1);
    }

    #[test]
    fn the_queue_prefers_the_wallet_owner_then_round_robin() {
        let at = |minutes: i64| Some(Timestamp::from_second(1_764_000_000 + minutes * 60).unwrap());
        let candidate = |id: u128, online, inside, last| Candidate {
            user_id: Uuid::from_u128(id),
            online,
            inside_access_hours: inside,
            last_assigned_at: last,
        };
        let team = [
            candidate(1, true, true, at(5)),
            candidate(2, true, true, at(1)),
            candidate(3, false, true, None),
            candidate(4, true, false, None),
        ];
        assert_eq!(next_assignee(&team, None), Some(Uuid::from_u128(2)), "longest without a conversation");
        assert_eq!(next_assignee(&team, Some(Uuid::from_u128(1))), Some(Uuid::from_u128(1)), "wallet owner first");
        assert_eq!(next_assignee(&team, Some(Uuid::from_u128(3))), Some(Uuid::from_u128(2)), "an offline owner waits");
        let newcomer = [candidate(7, true, true, None), candidate(2, true, true, at(1))];
        assert_eq!(next_assignee(&newcomer, None), Some(Uuid::from_u128(7)), "never assigned goes first");
        assert_eq!(next_assignee(&team[2..], None), None, "nobody available: it waits in the queue");
    }
}
