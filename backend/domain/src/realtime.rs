//! Who receives a realtime event: everyone of the company, its administrators, one user, or
//! whoever sees a conversation (the visibility rule of Chat).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::conversation::{Placement, Viewer};

/// The readers an event is meant for, within its company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum Audience {
    Company,
    Administrators,
    User {
        id: Uuid,
    },
    /// Whoever sees the conversation, and after a change also whoever saw it before (so that it
    /// leaves their lists).
    Conversation {
        placement: Placement,
        previously: Option<Placement>,
    },
}

impl Audience {
    /// Whether `reader` receives it; a reader without a user (an API token with the full wallet) is
    /// `None` and receives what administrators receive.
    pub fn reaches(&self, reader: Option<&Viewer>) -> bool {
        let Some(viewer) = reader else { return true };
        match self {
            Audience::Company => true,
            Audience::Administrators => viewer.is_admin,
            Audience::User { id } => viewer.is_admin || viewer.user_id == *id,
            Audience::Conversation { placement, previously } => {
                viewer.sees(placement) || previously.is_some_and(|before| viewer.sees(&before))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::ConversationKind;
    use crate::user::Visibility;

    fn attendant(user_id: Uuid, channel_id: Uuid) -> Viewer {
        Viewer {
            user_id,
            is_admin: false,
            visibility: Visibility::Own,
            department_ids: vec![],
            channel_ids: vec![channel_id],
        }
    }

    fn placement(channel_id: Uuid, assigned_to: Option<Uuid>) -> Placement {
        Placement { kind: ConversationKind::Direct, channel_id, department_id: None, assigned_to, contact_owner: None }
    }

    fn direct(channel_id: Uuid, assigned_to: Option<Uuid>) -> Audience {
        Audience::Conversation { placement: placement(channel_id, assigned_to), previously: None }
    }

    #[test]
    fn conversation_events_follow_the_visibility_rule() {
        let (me, other, channel) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let viewer = attendant(me, channel);
        assert!(direct(channel, Some(me)).reaches(Some(&viewer)));
        assert!(!direct(channel, Some(other)).reaches(Some(&viewer)));
        assert!(!direct(Uuid::now_v7(), Some(me)).reaches(Some(&viewer)), "not on my channel");
        let admin = Viewer { is_admin: true, ..attendant(other, Uuid::now_v7()) };
        assert!(direct(channel, Some(me)).reaches(Some(&admin)));
        let transferred_away = Audience::Conversation {
            placement: placement(channel, Some(other)),
            previously: Some(placement(channel, Some(me))),
        };
        assert!(transferred_away.reaches(Some(&viewer)), "the previous attendant hears that it left");
    }

    #[test]
    fn personal_and_administrative_events_reach_only_their_readers() {
        let (me, other, channel) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let viewer = attendant(me, channel);
        assert!(Audience::User { id: me }.reaches(Some(&viewer)));
        assert!(!Audience::User { id: other }.reaches(Some(&viewer)));
        assert!(!Audience::Administrators.reaches(Some(&viewer)));
        assert!(Audience::Company.reaches(Some(&viewer)));
        assert!(Audience::Administrators.reaches(None), "a full-wallet API token reads like an administrator");
    }

    #[test]
    fn audiences_are_stored_as_tagged_json() {
        let audience = Audience::User { id: Uuid::nil() };
        let json = serde_json::to_value(audience).unwrap();
        assert_eq!(json["to"], "user");
        assert_eq!(serde_json::from_value::<Audience>(json).unwrap(), audience);
    }
}
