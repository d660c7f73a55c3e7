//! The demo data `make run` starts with: a platform operator and a company "Demo" with the help
//! pages' departments (Financeiro, RH, Comercial), an administrator and two attendants, and a
//! customer who sent a photo of a shop front (its file put in the media store as a download from
//! WhatsApp would be, so `GET /media/{id}` serves it). Idempotent: an existing "Demo" company is
//! left alone.

use blocopro_domain::Timestamp;
use blocopro_domain::audit::Actor;
use blocopro_domain::channel::{Channel, ChannelKind, ChannelMessage, ChannelStatus, DeliveryStatus, MessageDirection};
use blocopro_domain::company::CompanyFeatures;
use blocopro_domain::message::{Media, MediaState, MessageContent, MessageKind};
use blocopro_domain::permissions::Role;
use blocopro_media::MediaStore;
use blocopro_store::{Operator, Store};
use serde_json::json;
use uuid::Uuid;

use crate::audit::entry_for;
use crate::companies::{NewAccount, register_company, register_with_role};
use crate::secrets::hash_password;
use crate::{AppError, AppResult, Views};

pub const DEMO_PASSWORD: &str = "demo12345";

/// The departments the help pages name, in its order.
pub const DEMO_DEPARTMENTS: &[&str] = &["Financeiro", "RH", "Comercial"];

/// (role label, name, e-mail) of every demo login; all share `DEMO_PASSWORD`. Bruno works in
/// Comercial, Carla in Financeiro.
pub const DEMO_LOGINS: &[(&str, &str, &str)] = &[
    ("operador da plataforma", "Operador", "operador@blocopro.demo"),
    ("administrador", "Alice Admin", "admin@demo.blocopro.demo"),
    ("atendente", "Bruno Atendente", "bruno@demo.blocopro.demo"),
    ("atendente", "Carla Atendente", "carla@demo.blocopro.demo"),
];

/// The photo the demo customer sent (160 × 120 PNG).
pub const DEMO_PHOTO: &[u8] = include_bytes!("../assets/demo-fachada.png");
/// The demo customer who sent it, and its caption.
pub const DEMO_CUSTOMER: (&str, &str) = ("+5511988887777", "Olá! Esta é a fachada da loja. Vocês entregam aqui?");

/// Seeds the demo once, its files in `media`; returns whether anything was created.
pub async fn seed(store: &dyn Store, media: &dyn MediaStore, views: &Views) -> AppResult<bool> {
    if store.find_company_by_name("Demo").await?.is_some() {
        return Ok(false);
    }
    let (_, operator_name, operator_email) = DEMO_LOGINS[0];
    if store.find_operator_login(operator_email).await?.is_none() {
        let operator = Operator {
            id: Uuid::now_v7(),
            email: operator_email.into(),
            name: operator_name.into(),
            created_at: Timestamp::now(),
        };
        store.create_operator(&operator, &hash_password(DEMO_PASSWORD.into()).await?).await?;
    }
    let features = CompanyFeatures { whatsapp_groups: true };
    let company = register_company(store, Actor::SYSTEM, "Demo", None, features).await?;
    let channel = simulator_channel(store, company.id, "WhatsApp (simulador)").await?;
    let mut departments = Vec::new();
    for name in DEMO_DEPARTMENTS {
        departments.push((*name, crate::departments::add(store, company.id, Actor::SYSTEM, name).await?.id));
    }
    for (index, (_, name, email)) in DEMO_LOGINS.iter().enumerate().skip(1) {
        let role = if index == 1 { Role::Administrator } else { Role::Attendant };
        let account = NewAccount { name: (*name).into(), email: (*email).into(), password: DEMO_PASSWORD.into() };
        let user = register_with_role(store, views, Actor::SYSTEM, company.id, account, role).await?;
        if role == Role::Attendant {
            let audit = entry_for(company.id, Actor::SYSTEM, "user.channels_set", "user", Some(user.id), json!({}));
            store.set_user_channels(company.id, user.id, &[channel.id], &audit).await?;
            let works_in = if index == 2 { "Comercial" } else { "Financeiro" };
            let department_ids: Vec<Uuid> =
                departments.iter().filter(|(name, _)| *name == works_in).map(|(_, id)| *id).collect();
            let audit = entry_for(company.id, Actor::SYSTEM, "user.departments_set", "user", Some(user.id), json!({}));
            store.set_user_departments(company.id, user.id, &department_ids, &audit).await?;
        }
    }
    customer_photo(store, media, company.id, channel.id).await?;
    Ok(true)
}

/// The customer's photo, stored as the download worker stores a received file.
async fn customer_photo(
    store: &dyn Store,
    media: &dyn MediaStore,
    company_id: Uuid,
    channel_id: Uuid,
) -> AppResult<()> {
    let limit = MessageKind::Image.file_limit_bytes().unwrap_or(u64::MAX);
    let bytes = futures_util::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from_static(DEMO_PHOTO))]);
    let stored = media
        .put(company_id, blocopro_media::byte_stream(bytes), limit)
        .await
        .map_err(|error| AppError::internal(format!("the demo photo could not be stored: {error}")))?;
    let (customer, caption) = DEMO_CUSTOMER;
    let photo = Media {
        state: MediaState::Stored,
        size_bytes: Some(stored.size),
        sha256: Some(stored.sha256.to_string()),
        width: Some(160),
        height: Some(120),
        ..Media::pending("image/png", None)
    };
    let now = Timestamp::now();
    let message = ChannelMessage {
        id: Uuid::now_v7(),
        channel_id,
        external_id: format!("demo.photo.{}", Uuid::now_v7().simple()),
        direction: MessageDirection::Inbound,
        chat_id: customer.into(),
        sender: customer.into(),
        content: MessageContent {
            kind: MessageKind::Image,
            text: caption.into(),
            media: Some(photo),
            ..Default::default()
        },
        reactions: Vec::new(),
        status: DeliveryStatus::Received,
        error: None,
        sent_at: now,
        created_at: now,
    };
    // The folding worker puts it in its conversation (and the queue routes it) once the server runs.
    store.insert_inbound_messages(&[(company_id, message)]).await?;
    Ok(())
}

/// A simulator channel, ready to pair from Configurações › Canais (or `POST /channels/{id}/connect`).
pub async fn simulator_channel(store: &dyn Store, company_id: Uuid, name: &str) -> AppResult<Channel> {
    let now = Timestamp::now();
    let channel = Channel {
        id: Uuid::now_v7(),
        company_id,
        name: name.into(),
        kind: ChannelKind::Simulator,
        status: ChannelStatus::Disconnected,
        phone_number: None,
        cloud: None,
        status_changed_at: now,
        created_at: now,
        updated_at: now,
    };
    let audit = entry_for(company_id, Actor::SYSTEM, "channel.created", "channel", Some(channel.id), json!({}));
    store.create_channel(&channel, None, &audit).await?;
    Ok(channel)
}

#[cfg(test)]
mod tests {
    use blocopro_store::{PageRequest, UserFilter};

    use super::*;

    fn nothing<T>(_: &T) -> serde_json::Value {
        json!({})
    }

    #[tokio::test]
    async fn the_demo_has_the_help_pages_departments_and_seeds_once() {
        let path = std::env::temp_dir().join(format!("blocopro-demo-{}.db", Uuid::now_v7()));
        let store = crate::open_store(&format!("sqlite://{}", path.display())).await.unwrap();
        let media_dir = std::env::temp_dir().join(format!("blocopro-demo-media-{}", Uuid::now_v7()));
        let media = blocopro_media::FsMediaStore::open(&media_dir).await.unwrap();
        let views = Views { channel: nothing, user: nothing };
        assert!(seed(store.as_ref(), &media, &views).await.unwrap());
        assert!(!seed(store.as_ref(), &media, &views).await.unwrap(), "an existing Demo is left alone");

        let company = store.find_company_by_name("Demo").await.unwrap().unwrap();
        let departments = store.list_departments(company.id, PageRequest::first(10)).await.unwrap();
        let mut names: Vec<&str> = departments.items.iter().map(|d| d.name.as_str()).collect();
        names.sort();
        assert_eq!(names, ["Comercial", "Financeiro", "RH"]);
        let users = store.list_users(company.id, &UserFilter::default(), PageRequest::first(10)).await.unwrap();
        let bruno = users.items.iter().find(|user| user.name == "Bruno Atendente").unwrap();
        let comercial = departments.items.iter().find(|d| d.name == "Comercial").unwrap();
        assert_eq!(bruno.department_ids, [comercial.id]);

        // The customer's photo, once the folding worker put it in its conversation, is served.
        while !store.fold_received_messages(16, Timestamp::now()).await.unwrap().messages.is_empty() {}
        let everything = blocopro_store::ConversationViewer {
            sees_everything: true,
            user_id: None,
            visibility: blocopro_domain::user::Visibility::All,
        };
        let conversations = store
            .list_conversations(company.id, &everything, &Default::default(), PageRequest::first(10))
            .await
            .unwrap();
        let [conversation] = conversations.items.as_slice() else { panic!("one conversation: {conversations:?}") };
        assert_eq!(conversation.chat_id, DEMO_CUSTOMER.0);
        let thread = store
            .list_channel_messages(company.id, conversation.channel_id, &Default::default(), PageRequest::first(10))
            .await
            .unwrap();
        let [message] = thread.items.as_slice() else { panic!("one message: {thread:?}") };
        assert_eq!((message.content.kind, message.content.text.as_str()), (MessageKind::Image, DEMO_CUSTOMER.1));
        let photo = message.content.media.clone().unwrap();
        assert_eq!((photo.state, photo.size_bytes), (MediaState::Stored, Some(DEMO_PHOTO.len() as u64)));
        let visible = store.find_visible_media(company.id, &everything, photo.id).await.unwrap();
        assert_eq!(visible.as_ref(), Some(&photo), "GET /media finds it");
        let digest = photo.sha256.unwrap().parse().unwrap();
        let mut content = media.get(company.id, &digest, None).await.unwrap().stream;
        let mut served = Vec::new();
        while let Some(chunk) = futures_util::StreamExt::next(&mut content).await {
            served.extend_from_slice(&chunk.unwrap());
        }
        assert_eq!(served, DEMO_PHOTO, "the bytes are in the media store");
        assert!(DEMO_PHOTO.starts_with(b"\x89PNG\r\n\x1a\n"));
        let _ = std::fs::remove_file(path);
        let _ = std::fs::remove_dir_all(media_dir);
    }
}
