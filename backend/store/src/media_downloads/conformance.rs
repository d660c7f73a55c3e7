//! Received files: claimed once each under a lease (by the instance holding their channel's
//! session), stored with their content address, failed and retried, or given up; other files
//! (uploads, files stored already) are never claimed.

use std::collections::HashSet;

use blocopro_domain::channel::ChannelKind;
use blocopro_domain::message::{Media, MediaState, MessageContent, MessageKind};
use jiff::SignedDuration;
use uuid::Uuid;

use crate::DynStore;
use crate::conformance::*;
use crate::media_downloads::DownloadedFile;

const HERE: Uuid = Uuid::from_u128(1);
const THERE: Uuid = Uuid::from_u128(2);

fn secs(seconds: i64) -> SignedDuration {
    SignedDuration::from_secs(seconds)
}

fn voice_note(provider_ref: Option<&str>) -> MessageContent {
    MessageContent {
        kind: MessageKind::VoiceNote,
        media: Some(Media::pending("audio/ogg", provider_ref.map(str::to_owned))),
        ..MessageContent::default()
    }
}

const DIGEST: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

pub async fn received_files_are_claimed_downloaded_retried_and_given_up(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let audio = with_content(sim.id, "in-audio", voice_note(Some("ref-audio")));
    let photo = with_content(sim.id, "in-photo", photo("Fachada"));
    let no_ref = with_content(sim.id, "in-noref", voice_note(None));
    let text = inbound(sim.id, "in-text", "Oi");
    let messages = [&audio, &photo, &no_ref, &text].map(|message| (acme.id, message.clone()));
    store.insert_inbound_messages(&messages).await.unwrap();
    let audio_id = audio.content.media.as_ref().unwrap().id;
    let photo_id = photo.content.media.as_ref().unwrap().id;

    let t = now() + secs(1);
    let claimed = store.claim_media_downloads(HERE, t, t + secs(600), 10).await.unwrap();
    let ids: HashSet<Uuid> = claimed.iter().map(|c| c.media.id).collect();
    assert_eq!(ids, HashSet::from([audio_id, photo_id]), "files without a reference are not fetched");
    let audio_claim = claimed.iter().find(|c| c.media.id == audio_id).unwrap();
    assert_eq!((audio_claim.company_id, audio_claim.channel_id), (acme.id, sim.id));
    assert_eq!((audio_claim.kind, audio_claim.attempts), (MessageKind::VoiceNote, 1));
    assert_eq!(audio_claim.media.provider_ref.as_deref(), Some("ref-audio"));
    assert!(store.claim_media_downloads(HERE, t, t + secs(600), 10).await.unwrap().is_empty(), "leased");
    store.release_media_downloads(&[photo_id], t).await.unwrap();
    let released = store.claim_media_downloads(HERE, t, t + secs(600), 10).await.unwrap();
    assert_eq!(
        released.iter().map(|c| (c.media.id, c.attempts)).collect::<Vec<_>>(),
        vec![(photo_id, 1)],
        "a file released by a stopping worker is due again, its try not counted"
    );
    let after_lease = store.claim_media_downloads(HERE, t + secs(601), t + secs(1200), 10).await.unwrap();
    assert_eq!(after_lease.len(), 2, "a download cut off by a killed worker is claimed again after the lease");
    assert!(after_lease.iter().all(|c| c.attempts == 2));

    let t = t + secs(601);
    let failed = store.mark_media_failed(audio_id, "whatsapp unavailable", Some(t + secs(5)), t).await.unwrap();
    assert_eq!(failed.iter().map(|m| m.id).collect::<Vec<_>>(), vec![audio.id], "the first failure shows");
    assert_eq!(failed[0].content.media.as_ref().unwrap().state, MediaState::Failed);
    let again = store.mark_media_failed(audio_id, "still unavailable", Some(t + secs(5)), t).await.unwrap();
    assert!(again.is_empty(), "failing again changes nothing shown");
    let retried = store.claim_media_downloads(HERE, t + secs(5), t + secs(600), 10).await.unwrap();
    assert_eq!(retried.iter().map(|c| (c.media.id, c.attempts)).collect::<Vec<_>>(), vec![(audio_id, 3)]);
    assert_eq!(retried[0].media.state, MediaState::Failed);

    let file =
        DownloadedFile { sha256: DIGEST.into(), size_bytes: 5120, mime_type: Some("audio/ogg; codecs=opus".into()) };
    let stored = store.mark_media_stored(audio_id, &file, t).await.unwrap();
    let media = stored[0].content.media.clone().unwrap();
    assert_eq!(
        (media.state, media.sha256.as_deref(), media.size_bytes),
        (MediaState::Stored, Some(DIGEST), Some(5120))
    );
    assert_eq!(media.mime_type, "audio/ogg; codecs=opus");
    assert!(store.mark_media_stored(audio_id, &file, t).await.unwrap().is_empty(), "stored once");
    assert!(store.mark_media_failed(audio_id, "late", None, t).await.unwrap().is_empty(), "a stored file stays stored");
    let kept = DownloadedFile { mime_type: None, ..file };
    let photo_stored = store.mark_media_stored(photo_id, &kept, t).await.unwrap();
    assert_eq!(photo_stored[0].content.media.as_ref().unwrap().mime_type, "image/jpeg", "the announced type stays");
    while !store.fold_received_messages(10, t).await.unwrap().messages.is_empty() {}
    let everything = crate::ConversationViewer {
        sees_everything: true,
        user_id: None,
        visibility: blocopro_domain::user::Visibility::All,
    };
    let found = store.find_visible_media(acme.id, &everything, audio_id).await.unwrap().unwrap();
    assert_eq!(found.state, MediaState::Stored);

    let late = with_content(sim.id, "in-late", voice_note(Some("ref-late")));
    store.insert_inbound_messages(&[(acme.id, late.clone())]).await.unwrap();
    let late_id = late.content.media.as_ref().unwrap().id;
    let t = t + secs(3600);
    store.claim_media_downloads(HERE, t, t + secs(600), 10).await.unwrap();
    let given_up = store.mark_media_failed(late_id, "not found", None, t).await.unwrap();
    assert_eq!(given_up[0].content.media.as_ref().unwrap().state, MediaState::Failed);
    assert!(
        store.claim_media_downloads(HERE, t + secs(86_400), t + secs(90_000), 10).await.unwrap().is_empty(),
        "nothing is due forever: the stored ones are done, the given-up one waits for nobody"
    );
    assert!(store.mark_media_failed(Uuid::now_v7(), "x", None, t).await.unwrap().is_empty(), "no such file");
}

pub async fn concurrent_workers_claim_disjoint_downloads(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let received: Vec<_> = (0..20)
        .map(|n| (acme.id, with_content(sim.id, &format!("in-{n}"), voice_note(Some(&format!("ref-{n}"))))))
        .collect();
    store.insert_inbound_messages(&received).await.unwrap();
    let t = now() + secs(1);
    let until = t + secs(600);
    let (a, b) =
        tokio::join!(store.claim_media_downloads(HERE, t, until, 12), store.claim_media_downloads(HERE, t, until, 12));
    let (a, b) = (a.unwrap(), b.unwrap());
    let a_ids: HashSet<Uuid> = a.iter().map(|c| c.media.id).collect();
    assert!(b.iter().all(|c| !a_ids.contains(&c.media.id)), "no file goes to two workers");
    assert_eq!(a.len() + b.len(), 20);

    // A channel whose session another instance holds is downloaded by that instance.
    let qr = channel(&store, acme.id, "Suporte", ChannelKind::Simulator).await;
    let theirs = with_content(qr.id, "in-qr", voice_note(Some("ref-qr")));
    store.insert_inbound_messages(&[(acme.id, theirs)]).await.unwrap();
    let t = t + secs(1);
    assert!(store.acquire_session_lease(qr.id, THERE, t, t + secs(30)).await.unwrap());
    assert!(store.claim_media_downloads(HERE, t, t + secs(600), 10).await.unwrap().is_empty(), "THERE holds it");
    assert_eq!(store.claim_media_downloads(THERE, t, t + secs(600), 10).await.unwrap().len(), 1);
}
