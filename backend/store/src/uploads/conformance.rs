//! Uploads are the company's own, only files of no channel are uploads, and the sweep removes
//! the unsent ones past their time, telling which objects nothing points to any more.

use blocopro_domain::channel::{ChannelKind, ChannelMessage};
use blocopro_domain::message::{Media, MediaState, MessageContent, MessageKind};
use jiff::SignedDuration;

use crate::conformance::*;
use crate::{DynStore, SweptUploads, UnusedObject, Upload};

const PDF_SHA: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const PHOTO_SHA: &str = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

fn upload(mime_type: &str, sha256: &str) -> Media {
    Media {
        state: MediaState::Stored,
        size_bytes: Some(1024),
        sha256: Some(sha256.into()),
        file_name: Some("boleto.pdf".into()),
        ..Media::pending(mime_type, None)
    }
}

pub async fn uploads_are_the_companys_and_unsent_ones_are_swept(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let globex = company(&store, "Globex").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let day_ago = now() - SignedDuration::from_hours(25);

    let sent = upload("application/pdf", PDF_SHA);
    let unsent_twin = upload("application/pdf", PDF_SHA);
    let unsent = upload("image/jpeg", PHOTO_SHA);
    let recent = upload("image/jpeg", PHOTO_SHA);
    for (media, at) in [(&sent, day_ago), (&unsent_twin, day_ago), (&unsent, day_ago), (&recent, now())] {
        let upload = Upload { kind: MessageKind::Document, media: media.clone() };
        store.insert_upload(acme.id, &upload, at).await.unwrap();
    }
    let theirs = upload("image/jpeg", PHOTO_SHA);
    store.insert_upload(globex.id, &Upload { kind: MessageKind::Image, media: theirs.clone() }, day_ago).await.unwrap();

    let found = store.find_upload(acme.id, sent.id).await.unwrap();
    assert_eq!(found, Some(Upload { kind: MessageKind::Document, media: sent.clone() }));
    assert_eq!(store.find_upload(globex.id, sent.id).await.unwrap(), None, "another company's upload");
    let received = ChannelMessage {
        content: MessageContent {
            kind: MessageKind::Image,
            media: Some(Media::pending("image/jpeg", Some("graph-1".into()))),
            ..MessageContent::default()
        },
        ..inbound(sim.id, "wamid.photo", "")
    };
    store.insert_inbound_messages(&[(acme.id, received.clone())]).await.unwrap();
    let received_id = received.content.media.unwrap().id;
    assert_eq!(store.find_upload(acme.id, received_id).await.unwrap(), None, "a received file is no upload");

    let document = ChannelMessage {
        content: MessageContent { kind: MessageKind::Document, media: Some(sent.clone()), ..MessageContent::default() },
        ..outbound(sim.id, "wamid.document")
    };
    store.insert_message(acme.id, &document).await.unwrap();

    let cutoff = now() - SignedDuration::from_hours(24);
    let swept = store.sweep_unsent_uploads(cutoff, 100).await.unwrap();
    assert_eq!(swept.uploads, 3);
    let mut unused = swept.unused_objects;
    assert_eq!(store.sweep_unsent_uploads(cutoff, 100).await.unwrap(), SweptUploads::default(), "nothing left");
    unused.sort_by_key(|object| object.company_id);
    assert_eq!(
        unused,
        vec![UnusedObject { company_id: globex.id, sha256: PHOTO_SHA.into() }],
        "Acme's photo bytes stay for its recent upload, its PDF's for the one sent"
    );
    assert!(store.find_upload(acme.id, unsent.id).await.unwrap().is_none(), "swept");
    assert!(store.find_upload(acme.id, unsent_twin.id).await.unwrap().is_none(), "swept");
    assert!(store.find_upload(acme.id, recent.id).await.unwrap().is_some(), "not a day old yet");
    assert!(store.find_upload(acme.id, sent.id).await.unwrap().is_some(), "a message carries it");
}
