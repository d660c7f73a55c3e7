//! Values the unit tests of the use cases build their callers from.

use blocopro_domain::Timestamp;
use blocopro_domain::audit::{Actor, ActorKind};
use blocopro_domain::permissions::{Permission, PermissionSet};
use blocopro_domain::user::{User, UserStatus, Visibility};
use uuid::Uuid;

use crate::caller::Caller;

/// An active attendant without keys.
pub fn attendant(visibility: Visibility) -> User {
    let now = Timestamp::now();
    User {
        id: Uuid::now_v7(),
        company_id: Uuid::now_v7(),
        name: "Ana".into(),
        email: "ana@empresa.com.br".into(),
        phone: None,
        status: UserStatus::Active,
        full_name: None,
        sex: None,
        is_admin: false,
        visibility,
        permissions: PermissionSet::new(),
        department_ids: vec![],
        created_at: now,
        updated_at: now,
    }
}

/// `user`'s session holding `keys`.
pub fn session_of(user: User, keys: &[Permission]) -> Caller {
    Caller {
        company_id: user.company_id,
        actor: Actor { kind: ActorKind::User, id: Some(user.id) },
        permissions: keys.iter().copied().collect(),
        is_admin: user.is_admin,
        user: Some(user),
    }
}

/// An open direct conversation with a contact, on some channel.
pub fn conversation() -> blocopro_domain::conversation::Conversation {
    use blocopro_domain::conversation::{Conversation, ConversationKind, ConversationStatus};
    use blocopro_domain::message::MessageKind;
    let (id, now) = (Uuid::now_v7(), Timestamp::now());
    Conversation {
        id,
        company_id: Uuid::now_v7(),
        channel_id: Uuid::now_v7(),
        kind: ConversationKind::Direct,
        chat_id: "+5511987654321".into(),
        title: "Maria".into(),
        contact_id: Some(Uuid::now_v7()),
        group_id: None,
        status: ConversationStatus::Open,
        department_id: None,
        assigned_to: None,
        awaiting_choice: false,
        contact_owner_id: None,
        unread_count: 0,
        last_message_at: now,
        last_message_preview: None,
        last_message_kind: MessageKind::Text,
        customer_window_closes_at: None,
        labels: vec![],
        created_at: now,
        updated_at: now,
    }
}

/// An integrator's API token holding `keys`.
pub fn api_token(keys: &[Permission]) -> Caller {
    Caller {
        company_id: Uuid::now_v7(),
        actor: Actor { kind: ActorKind::ApiToken, id: Some(Uuid::now_v7()) },
        user: None,
        permissions: keys.iter().copied().collect(),
        is_admin: false,
    }
}

/// The application over a fresh SQLite file in `dir`, with the simulator, and the session of an
/// administrator of a company with WhatsApp groups switched on.
pub async fn started_app(dir: &std::path::Path) -> (std::sync::Arc<crate::App>, Caller) {
    use blocopro_domain::company::CompanyFeatures;
    use blocopro_domain::permissions::Role;

    use crate::companies::{NewAccount, register_company, register_with_role};

    fn nothing<T>(_: &T) -> serde_json::Value {
        serde_json::Value::Null
    }
    let views = crate::Views { channel: nothing, user: nothing };
    let store = crate::open_store(&format!("sqlite://{}", dir.join("blocopro.db").display())).await.unwrap();
    let features = CompanyFeatures { whatsapp_groups: true };
    let company = register_company(store.as_ref(), Actor::SYSTEM, "Acme", None, features).await.unwrap();
    let account =
        NewAccount { name: "Alice".into(), email: "alice@acme.test".into(), password: "senha-forte-123".into() };
    let admin = register_with_role(store.as_ref(), &views, Actor::SYSTEM, company.id, account, Role::Administrator)
        .await
        .unwrap();
    let settings = crate::AppSettings {
        encryption_key: "an-encryption-key-for-the-app-tests-0123".to_owned().into(),
        simulator: true,
        cloud_api_base_url: "http://127.0.0.1:9".into(),
        whatsapp_device_dir: dir.join("whatsapp"),
        webhooks: Default::default(),
        presence_grace: std::time::Duration::ZERO,
        template_sync_interval: std::time::Duration::ZERO,
        media: blocopro_media::MediaLocation::Directory(dir.join("media")),
    };
    let app = crate::App::start(settings, store, views).await.unwrap();
    (app, session_of(admin, Permission::ALL))
}

/// Asks `probe` every 20 ms until it answers something, for 5 s at most.
pub async fn eventually<T, F: std::future::Future<Output = Option<T>>>(what: &str, probe: impl Fn() -> F) -> T {
    for _ in 0..250 {
        if let Some(answer) = probe().await {
            return answer;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("never happened: {what}");
}
