//! Who sees which conversation: a user within their visibility scope (administrators every one),
//! an integrator's API token only with the full client wallet. The stores' queries apply the scope.

use blocopro_domain::Error as DomainError;
use blocopro_domain::channel::Channel;
use blocopro_domain::conversation::Conversation;
use blocopro_domain::permissions::Permission;
use blocopro_domain::user::Visibility;
use blocopro_store::{ConversationChat, ConversationFilter, ConversationViewer, Page, PageRequest};
use uuid::Uuid;

use crate::caller::Caller;
use crate::{App, AppError, AppResult};

/// Who is reading Chat: a user with their scope; an API token needs the full wallet.
pub(crate) fn viewer(caller: &Caller) -> Result<ConversationViewer, DomainError> {
    match &caller.user {
        Some(user) => Ok(ConversationViewer {
            sees_everything: caller.is_admin,
            user_id: Some(user.id),
            visibility: user.visibility,
        }),
        None if caller.permissions.contains(&Permission::WalletViewAll) => {
            Ok(ConversationViewer { sees_everything: true, user_id: None, visibility: Visibility::All })
        }
        None => Err(DomainError::Forbidden(
            "This token needs the permission `wallet.view_all` to read conversations.".into(),
        )),
    }
}

/// The conversations the caller sees, newest activity first.
pub async fn list(
    app: &App,
    caller: &Caller,
    filter: &ConversationFilter,
    page: PageRequest,
) -> AppResult<Page<Conversation>> {
    Ok(app.store.list_conversations(caller.company_id, &viewer(caller)?, filter, page).await?)
}

/// A channel of the company in whose conversations the caller may write: every channel for those
/// who see every conversation (administrators, full-wallet tokens), else the channels linked to
/// the user (their conversations are seen only there). Not found otherwise.
pub async fn channel_written_by(app: &App, caller: &Caller, channel_id: Uuid) -> AppResult<Channel> {
    let viewer = viewer(caller)?;
    let channel = app.store.get_channel(caller.company_id, channel_id).await?.ok_or_else(AppError::not_found)?;
    if !viewer.sees_everything {
        let linked = match viewer.user_id {
            Some(user_id) => app.store.user_channel_ids(caller.company_id, user_id).await?,
            None => Vec::new(),
        };
        if !linked.contains(&channel_id) {
            return Err(AppError::not_found());
        }
    }
    Ok(channel)
}

/// A conversation the caller sees; not found otherwise.
pub async fn get(app: &App, caller: &Caller, id: Uuid) -> AppResult<Conversation> {
    let viewer = viewer(caller)?;
    app.store.get_conversation(caller.company_id, &viewer, id).await?.ok_or_else(AppError::not_found)
}

/// Where the messages of a conversation the caller sees are; not found otherwise. One statement:
/// reading a page of its messages needs nothing else of the conversation.
pub async fn chat(app: &App, caller: &Caller, id: Uuid) -> AppResult<ConversationChat> {
    let viewer = viewer(caller)?;
    app.store.find_visible_chat(caller.company_id, &viewer, id).await?.ok_or_else(AppError::not_found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{api_token, attendant, session_of};

    #[test]
    fn users_read_within_their_scope_and_administrators_everything() {
        let ana = attendant(Visibility::Departments);
        let scoped =
            ConversationViewer { sees_everything: false, user_id: Some(ana.id), visibility: Visibility::Departments };
        assert_eq!(viewer(&session_of(ana.clone(), &[])).unwrap(), scoped);
        let admin = blocopro_domain::user::User { is_admin: true, ..ana };
        assert!(viewer(&session_of(admin, &[])).unwrap().sees_everything);
    }

    #[test]
    fn tokens_read_only_with_the_full_wallet() {
        let full = viewer(&api_token(&[Permission::WalletViewAll])).unwrap();
        assert_eq!(full, ConversationViewer { sees_everything: true, user_id: None, visibility: Visibility::All });
        assert!(matches!(viewer(&api_token(&[])), Err(DomainError::Forbidden(_))));
    }
}
