//! Importing a channel's WhatsApp groups: a pre-import job lists them in the background
//! (`pre_import`), then the administrator imports a selection of them.

use std::collections::HashSet;
use std::sync::Arc;

use blocopro_domain::event::EventKind;
use blocopro_domain::group::{
    Group, GroupCandidate, GroupImportJob, GroupImportStatus, GroupSnapshot, describe_unknown, ensure_groups_available,
    ensure_import_size, unknown_candidates,
};
use blocopro_domain::{Error as DomainError, FieldErrors, Timestamp};
use uuid::Uuid;

use super::{
    announce_group_conversations, channel_for_groups, groups_feature, pre_import, search_term, whatsapp_group,
};
use crate::caller::Caller;
use crate::{App, AppError, AppResult};

/// A pre-import job with the groups it found (so far, while it runs).
pub struct PreImport {
    pub job: GroupImportJob,
    pub candidates: Vec<GroupCandidate>,
}

/// Starts listing the groups of a connected QR channel in the background; a job already running
/// for the channel is answered instead of starting another.
pub async fn start(app: &Arc<App>, caller: &Caller, channel_id: Uuid) -> AppResult<GroupImportJob> {
    let (channel, connector) = channel_for_groups(app, caller, channel_id, ensure_groups_available).await?;
    pre_import::start(app, caller, &channel, connector).await
}

/// A pre-import with the groups found whose subject contains `search`, each telling whether it
/// is imported already.
pub async fn get(app: &App, caller: &Caller, id: Uuid, search: Option<&str>) -> AppResult<PreImport> {
    groups_feature(app, caller).await?;
    let job = app.store.get_group_import(caller.company_id, id).await?.ok_or_else(AppError::not_found)?;
    let candidates = app.store.group_import_candidates(caller.company_id, job.id, search_term(search)).await?;
    Ok(PreImport { job, candidates })
}

/// Only a pre-import that listed the groups offers them.
fn ensure_ready(job: &GroupImportJob) -> Result<(), DomainError> {
    if job.status == GroupImportStatus::Ready {
        return Ok(());
    }
    Err(DomainError::Conflict {
        code: "import_not_ready",
        detail: "This pre-import has not listed the groups (it is running or it failed); wait for `ready` or start \
                 a new one."
            .into(),
    })
}

/// Every requested group must be among the candidates found.
fn ensure_all_found(found: &[GroupSnapshot], requested: &[String]) -> Result<(), FieldErrors> {
    let found: HashSet<&str> = found.iter().map(|group| group.external_id.as_str()).collect();
    let unknown = unknown_candidates(&found, requested);
    match unknown.is_empty() {
        true => Ok(()),
        false => Err(FieldErrors::single("external_ids", describe_unknown(&unknown))),
    }
}

fn import_summary(job: &GroupImportJob, groups: &[GroupSnapshot]) -> serde_json::Value {
    let groups: Vec<_> = groups.iter().map(|group| whatsapp_group(&group.external_id, &group.subject)).collect();
    serde_json::json!({ "job_id": job.id, "groups": groups })
}

/// Imports exactly the chosen groups of a `ready` pre-import: the groups, their participants (as
/// contacts, matched by number), their link to the channel and their conversations in Chat ›
/// Grupos. Importing again changes nothing.
pub async fn import(app: &App, caller: &Caller, id: Uuid, external_ids: &[String]) -> AppResult<Vec<Group>> {
    groups_feature(app, caller).await?;
    let job = app.store.get_group_import(caller.company_id, id).await?.ok_or_else(AppError::not_found)?;
    let channel = app.store.get_channel(caller.company_id, job.channel_id).await?.ok_or_else(AppError::not_found)?;
    ensure_ready(&job)?;
    let snapshots = app.store.group_import_snapshots(caller.company_id, job.id, external_ids).await?;
    ensure_all_found(&snapshots, external_ids)?;
    ensure_import_size(&snapshots)?;
    let audit = caller.audit("groups.imported", "channel", Some(channel.id), import_summary(&job, &snapshots));
    let imported = app.store.import_groups(caller.company_id, channel.id, &snapshots, Timestamp::now(), &audit).await?;
    let group_ids: Vec<Uuid> = imported.iter().map(|group| group.id).collect();
    app.events.publish(
        caller.company_id,
        EventKind::GroupsImported,
        serde_json::json!({ "channel_id": channel.id, "group_ids": group_ids }),
    );
    announce_group_conversations(app, channel.id, &imported).await;
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use blocopro_domain::group::Progress;
    use blocopro_domain::user::User;
    use serde_json::Value;

    use super::*;

    fn job(status: GroupImportStatus) -> GroupImportJob {
        GroupImportJob {
            id: Uuid::now_v7(),
            company_id: Uuid::now_v7(),
            channel_id: Uuid::now_v7(),
            status,
            progress: Progress::default(),
            error: None,
            created_by: None,
            created_at: Timestamp::now(),
            finished_at: None,
        }
    }

    #[test]
    fn only_ready_pre_imports_import() {
        assert!(ensure_ready(&job(GroupImportStatus::Ready)).is_ok());
        for status in [GroupImportStatus::Running, GroupImportStatus::Failed] {
            let refused = ensure_ready(&job(status));
            assert!(matches!(refused, Err(DomainError::Conflict { code: "import_not_ready", .. })));
        }
    }

    /// An imported group's conversation is in Chat at once, for those linked to its channel, and
    /// announced to them; importing again opens no second one.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn imported_groups_are_in_chat_at_once_for_their_channel() {
        use blocopro_domain::channel::{ChannelKind, ChannelStatus};
        use blocopro_domain::conversation::ConversationKind;
        use blocopro_domain::user::Visibility;
        use blocopro_store::{ConversationFilter, PageRequest};

        use crate::channels::manage::{NewChannel, create};
        use crate::testing::{attendant, eventually, session_of, started_app};
        use crate::{channels, conversations, simulator};

        let dir = std::env::temp_dir().join(format!("blocopro-app-{}", Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let (app, admin) = started_app(&dir).await;
        let new = NewChannel { name: "Vendas".into(), kind: ChannelKind::Simulator, cloud: Default::default() };
        let channel = create(&app, &admin, new).await.unwrap();
        let company_id = admin.company_id;
        let status = |wanted: ChannelStatus| {
            let app = app.clone();
            async move {
                let channel = app.store.get_channel(company_id, channel.id).await.unwrap()?;
                (channel.status == wanted).then_some(())
            }
        };
        channels::connection::connect(&app, &admin, channel.id, false).await.unwrap();
        eventually("pairing", || status(ChannelStatus::Pairing)).await;
        simulator::scan(&app, &admin, channel.id).await.unwrap();
        eventually("connected", || status(ChannelStatus::Connected)).await;
        let seeded = simulator::seed_groups(&app, &admin, channel.id, 3, 2).await.unwrap();
        let job = start(&app, &admin, channel.id).await.unwrap();
        eventually("the pre-import ready", || async {
            let job = get(&app, &admin, job.id, None).await.unwrap().job;
            (job.status == GroupImportStatus::Ready).then_some(())
        })
        .await;

        let linked = User { company_id: admin.company_id, ..attendant(Visibility::Own) };
        let elsewhere = User { id: Uuid::now_v7(), email: "bia@acme.test".into(), ..linked.clone() };
        for user in [&linked, &elsewhere] {
            app.store
                .create_user(user, "hash", &admin.audit("user.created", "user", Some(user.id), Value::Null))
                .await
                .unwrap();
        }
        let links = admin.audit("user.channels_set", "user", Some(linked.id), Value::Null);
        app.store.set_user_channels(admin.company_id, linked.id, &[channel.id], &links).await.unwrap();
        let mut events = app.events.subscribe();
        let chosen: Vec<String> = seeded[..2].iter().map(|group| group.external_id.clone()).collect();
        import(&app, &admin, job.id, &chosen).await.unwrap();
        import(&app, &admin, job.id, &chosen).await.unwrap();

        let groups = ConversationFilter { kind: Some(ConversationKind::Group), ..Default::default() };
        let seen = |user: &User| {
            let (app, caller, groups) = (app.clone(), session_of(user.clone(), &[]), groups.clone());
            async move { conversations::list(&app, &caller, &groups, PageRequest::first(10)).await.unwrap().items }
        };
        let hers = seen(&linked).await;
        assert_eq!(hers.len(), 2, "once each, in Chat › Grupos of the attendant of their channel");
        assert!(seen(&elsewhere).await.is_empty(), "not for someone of another channel");
        let mut announced = std::collections::HashSet::new();
        while announced.len() < 2 {
            let event = tokio::time::timeout(std::time::Duration::from_secs(5), events.recv()).await.unwrap().unwrap();
            if event.kind == Some(EventKind::ConversationUpdated) {
                assert!(event.audience.reaches(Some(&viewer_of(&linked, channel.id))));
                announced.insert(event.json.to_string());
            }
        }
        let _ = std::fs::remove_dir_all(dir);
    }

    fn viewer_of(user: &User, channel_id: Uuid) -> blocopro_domain::conversation::Viewer {
        blocopro_domain::conversation::Viewer {
            user_id: user.id,
            is_admin: false,
            visibility: user.visibility,
            department_ids: vec![],
            channel_ids: vec![channel_id],
        }
    }

    #[test]
    fn requested_groups_must_be_candidates() {
        let requested = vec!["1@g.us".to_owned(), "2@g.us".to_owned()];
        let errors = ensure_all_found(&[], &requested).unwrap_err();
        assert!(errors.0["external_ids"][0].contains("1@g.us, 2@g.us"));
        assert!(ensure_all_found(&[], &[]).is_ok());
    }
}
