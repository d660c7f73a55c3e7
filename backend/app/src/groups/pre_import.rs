//! The pre-import job: it lists a connected channel's WhatsApp groups in the background, storing
//! them as candidates and publishing its progress (`group_import.progress`), and ends `ready` or
//! `failed` with the reason. A job left running by a server that stopped fails at the next request.

use std::sync::Arc;
use std::time::Duration;

use blocopro_connectors::Connector;
use blocopro_domain::Timestamp;
use blocopro_domain::channel::Channel;
use blocopro_domain::event::EventKind;
use blocopro_domain::group::{GroupImportJob, GroupImportStatus, GroupSnapshot, Progress};
use jiff::SignedDuration;
use uuid::Uuid;

use crate::caller::Caller;
use crate::{App, AppResult};

/// Candidates are stored (and progress published) this many groups at a time.
const CANDIDATES_PER_WRITE: usize = 200;
/// How long WhatsApp may take to list the groups before the job fails.
const LISTING_TIMEOUT: Duration = Duration::from_secs(90);
/// A job still running after this long was left by a server that stopped: it fails, and a new
/// request starts afresh.
const ABANDONED_AFTER: SignedDuration = SignedDuration::from_mins(3);

/// Starts listing `channel`'s groups through `connector`; a job already running for the channel is
/// answered instead of starting another.
pub async fn start(
    app: &Arc<App>,
    caller: &Caller,
    channel: &Channel,
    connector: Arc<dyn Connector>,
) -> AppResult<GroupImportJob> {
    let now = Timestamp::now();
    let abandoned_before = now - ABANDONED_AFTER;
    app.store
        .fail_stale_group_import(channel.id, abandoned_before, "the server stopped during the listing", now)
        .await?;
    let job = GroupImportJob {
        id: Uuid::now_v7(),
        company_id: channel.company_id,
        channel_id: channel.id,
        status: GroupImportStatus::Running,
        progress: Progress::default(),
        error: None,
        created_by: caller.user_id(),
        created_at: now,
        finished_at: None,
    };
    let running = app.store.start_group_import(&job).await?;
    if running.id == job.id {
        let summary = serde_json::json!({ "job_id": job.id });
        app.store.record_audit(&caller.audit("group_import.started", "channel", Some(channel.id), summary)).await?;
        tokio::spawn(run_job(app.clone(), running.clone(), connector));
    }
    Ok(running)
}

/// Reads the channel's groups into the job and ends it `ready`, or `failed` with the reason.
async fn run_job(app: Arc<App>, job: GroupImportJob, connector: Arc<dyn Connector>) {
    let outcome = read_groups(&app, &job, connector.as_ref()).await;
    let (status, error) = match &outcome {
        Ok(()) => (GroupImportStatus::Ready, None),
        Err(error) => (GroupImportStatus::Failed, Some(error.as_str())),
    };
    match app.store.finish_group_import(job.id, status, error, Timestamp::now()).await {
        Ok(Some(finished)) => publish_progress(&app, &finished),
        Ok(None) => {}
        Err(error) => tracing::error!(job_id = %job.id, %error, "a group import could not be finished"),
    }
}

async fn read_groups(app: &App, job: &GroupImportJob, connector: &dyn Connector) -> Result<(), String> {
    let groups = connector.groups().ok_or("this channel cannot list groups")?;
    let found = tokio::time::timeout(LISTING_TIMEOUT, groups.participating_groups())
        .await
        .map_err(|_| "WhatsApp did not list the groups in time")?
        .map_err(|error| error.to_string())?;
    let total = u32::try_from(found.len()).unwrap_or(u32::MAX);
    keep_candidates(app, job, &[], Progress { done: 0, total }).await?;
    let mut done = 0;
    for chunk in found.chunks(CANDIDATES_PER_WRITE) {
        done += chunk.len() as u32;
        keep_candidates(app, job, chunk, Progress { done, total }).await?;
    }
    Ok(())
}

/// Stores groups found and publishes the progress; fails when the job stopped running meanwhile.
async fn keep_candidates(
    app: &App,
    job: &GroupImportJob,
    found: &[GroupSnapshot],
    progress: Progress,
) -> Result<(), String> {
    let running =
        app.store.add_group_import_candidates(job.id, found, progress).await.map_err(|error| error.to_string())?;
    if !running {
        return Err("the pre-import was replaced".into());
    }
    publish_progress(app, &GroupImportJob { progress, ..job.clone() });
    Ok(())
}

fn publish_progress(app: &App, job: &GroupImportJob) {
    app.events.publish(job.company_id, EventKind::GroupImportProgress, job);
}
