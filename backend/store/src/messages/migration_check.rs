//! The migration to rich messages loses nothing: each backend's test migrates a fresh database up
//! to the migration before it, fills that schema with text messages of every direction and status
//! (with receipts, a conversation, a message still to fold, one still to send), migrates to the
//! end and checks through the store that everything reads back as it was, as text.

use blocopro_domain::Timestamp;
use blocopro_domain::channel::{ChannelKind, ChannelMessage, DeliveryStatus, MessageDirection};
use blocopro_domain::message::{MessageContent, MessageKind};
use jiff::SignedDuration;
use uuid::Uuid;

use crate::conformance::now;
use crate::{DynStore, MessageFilter, PageRequest};

/// The description sqlx gives the migration file `NNNN_rich_messages.sql`.
pub const RICH_MESSAGES: &str = "rich messages";

/// The version to migrate to before filling: the last one before the rich-messages migration.
pub fn version_before_rich_messages(migrations: &[sqlx::migrate::Migration]) -> i64 {
    let rich = migrations.iter().find(|migration| migration.description == RICH_MESSAGES).expect("the migration");
    migrations.iter().map(|migration| migration.version).filter(|version| *version < rich.version).max().unwrap_or(0)
}

/// A message as the previous schema held it, with the outbox's and the folder's columns.
pub struct OldMessage {
    pub message: ChannelMessage,
    pub folded: bool,
    pub idempotency_key: Option<String>,
    pub attempts: i32,
    pub next_attempt_at: Option<Timestamp>,
}

/// What the test writes into the previous schema.
pub struct PreviousSchema {
    pub company_id: Uuid,
    pub channel_id: Uuid,
    pub contact_id: Uuid,
    pub conversation_id: Uuid,
    pub customer: String,
    pub channel_number: String,
    pub messages: Vec<OldMessage>,
    /// Receipts `(external id, status, error)`; the first is for a message never stored.
    pub receipts: Vec<(String, DeliveryStatus, Option<String>)>,
    pub at: Timestamp,
}

impl Default for PreviousSchema {
    fn default() -> Self {
        let at = now() - SignedDuration::from_hours(1);
        let channel_id = Uuid::now_v7();
        let customer = "+5511988887777".to_owned();
        let channel_number = "+5511900000000".to_owned();
        let message = |n: i64, direction: MessageDirection, status: DeliveryStatus, text: &str| ChannelMessage {
            id: Uuid::now_v7(),
            channel_id,
            external_id: format!("wamid.OLD{n}"),
            direction,
            chat_id: customer.clone(),
            sender: match direction {
                MessageDirection::Inbound => customer.clone(),
                MessageDirection::Outbound => channel_number.clone(),
            },
            content: MessageContent::text(text),
            reactions: Vec::new(),
            status,
            error: (status == DeliveryStatus::Failed).then(|| "131047: re-engagement message".to_owned()),
            sent_at: at + SignedDuration::from_secs(n),
            created_at: at + SignedDuration::from_secs(n),
        };
        let sent = |n, status, text| OldMessage {
            message: message(n, MessageDirection::Outbound, status, text),
            folded: false,
            idempotency_key: Some(format!("key-{n}")),
            attempts: 1,
            next_attempt_at: None,
        };
        let received = |n, text, folded| OldMessage {
            message: message(n, MessageDirection::Inbound, DeliveryStatus::Received, text),
            folded,
            idempotency_key: None,
            attempts: 0,
            next_attempt_at: None,
        };
        // Written in this order, so that ids grow with it.
        let mut messages = vec![
            received(1, "Olá! Preciso de ajuda 🙏\nÉ urgente", true),
            sent(2, DeliveryStatus::Sent, "Olá, Ana! Em que posso ajudar?"),
            sent(3, DeliveryStatus::Delivered, "Pode me mandar o número do pedido?"),
            sent(4, DeliveryStatus::Read, "Obrigado!"),
            sent(5, DeliveryStatus::Queued, "Já vou verificar"),
            sent(6, DeliveryStatus::Failed, "Seu boleto vence amanhã"),
            received(7, "Pedido 12345", false),
            received(8, "Bom dia, grupo", true),
        ];
        let queued = &mut messages[4];
        queued.message.external_id = format!("local:{}", queued.message.id);
        queued.next_attempt_at = Some(at);
        messages[7].message.chat_id = "120363025246125486@g.us".into();
        let receipts = vec![
            ("wamid.EARLY".to_owned(), DeliveryStatus::Delivered, None),
            ("wamid.OLD3".to_owned(), DeliveryStatus::Delivered, None),
            ("wamid.OLD4".to_owned(), DeliveryStatus::Read, None),
            ("wamid.OLD6".to_owned(), DeliveryStatus::Failed, Some("131047: re-engagement message".to_owned())),
        ];
        PreviousSchema {
            company_id: Uuid::now_v7(),
            channel_id,
            contact_id: Uuid::now_v7(),
            conversation_id: Uuid::now_v7(),
            customer,
            channel_number,
            messages,
            receipts,
            at,
        }
    }
}

/// The whole check, on the fresh database of `$pool` (a sqlx pool) with the backend's `$migrator`;
/// `$reopen` opens the backend's store on it (`async { … as DynStore }`), which migrates to the end.
/// A macro, as sqlx types each statement by its database.
#[macro_export]
macro_rules! check_rich_messages_migration {
    ($pool:expr, $migrator:expr, $reopen:expr) => {{
        use $crate::messages::migration_check::{PreviousSchema, check_after_migration, version_before_rich_messages};
        let (pool, migrator) = ($pool, $migrator);
        let before = version_before_rich_messages(&migrator.migrations);
        migrator.run_to(before, &pool).await.unwrap();
        let applied: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations").fetch_one(&pool).await.unwrap();
        assert_eq!(applied, Some(before), "the previous schema");
        let previous = PreviousSchema::default();
        $crate::fill_previous_schema!(&pool, &previous);
        pool.close().await;
        check_after_migration($reopen.await, &previous).await;
    }};
}

/// Writes `$previous` (a `PreviousSchema`) into the database of `$pool` as the schema before rich
/// messages holds it.
#[doc(hidden)]
#[macro_export]
macro_rules! fill_previous_schema {
    ($pool:expr, $previous:expr) => {{
        use $crate::time::DbTime;
        use sqlx::types::Json;
        let (pool, previous) = ($pool, $previous);
        let at = DbTime(previous.at);
        sqlx::query("INSERT INTO companies (id, name, timezone, active, features, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(previous.company_id)
            .bind("Padaria Pão Quente")
            .bind("America/Sao_Paulo")
            .bind(true)
            .bind(Json(serde_json::json!({})))
            .bind(at)
            .execute(pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO channels (id, company_id, name, kind, status, phone_number, status_changed_at, created_at, \
             updated_at) VALUES ($1, $2, 'Atendimento', $3, 'connected', $4, $5, $5, $5)",
        )
        .bind(previous.channel_id)
        .bind(previous.company_id)
        .bind(blocopro_domain::channel::ChannelKind::Simulator.as_str())
        .bind(&previous.channel_number)
        .bind(at)
        .execute(pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO contacts (id, company_id, phone, name, tags, search_key, sort_key, created_at, updated_at) \
             VALUES ($1, $2, $3, 'Ana', $4, 'ana', 'ana', $5, $5)",
        )
        .bind(previous.contact_id)
        .bind(previous.company_id)
        .bind(&previous.customer)
        .bind(Json(serde_json::json!([])))
        .bind(at)
        .execute(pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO conversations (id, company_id, channel_id, kind, chat_id, contact_id, status, unread_count, \
             last_message_at, last_message_preview, created_at, updated_at) \
             VALUES ($1, $2, $3, 'direct', $4, $5, 'open', 1, $6, 'Pedido 12345', $6, $6)",
        )
        .bind(previous.conversation_id)
        .bind(previous.company_id)
        .bind(previous.channel_id)
        .bind(&previous.customer)
        .bind(previous.contact_id)
        .bind(at)
        .execute(pool)
        .await
        .unwrap();
        for old in &previous.messages {
            let message = &old.message;
            sqlx::query(
                "INSERT INTO messages (id, company_id, channel_id, external_id, direction, chat_id, sender, text, status, \
                 error, sent_at, created_at, folded_at, idempotency_key, attempts, next_attempt_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
            )
            .bind(message.id)
            .bind(previous.company_id)
            .bind(message.channel_id)
            .bind(&message.external_id)
            .bind(message.direction.as_str())
            .bind(&message.chat_id)
            .bind(&message.sender)
            .bind(&message.content.text)
            .bind(message.status.as_str())
            .bind(&message.error)
            .bind(DbTime(message.sent_at))
            .bind(DbTime(message.created_at))
            .bind(old.folded.then_some(at))
            .bind(&old.idempotency_key)
            .bind(old.attempts)
            .bind(old.next_attempt_at.map(DbTime))
            .execute(pool)
            .await
            .unwrap();
        }
        for (external_id, status, error) in &previous.receipts {
            sqlx::query("INSERT INTO message_receipts (channel_id, external_id, status, error, at) VALUES ($1, $2, $3, $4, $5)")
                .bind(previous.channel_id)
                .bind(external_id)
                .bind(status.as_str())
                .bind(error)
                .bind(at)
                .execute(pool)
                .await
                .unwrap();
        }
    }};
}

/// After migrating to the end: every message reads back as it was written, as text, from every
/// read; the conversation's last message is text; the message waiting to be folded is folded, the
/// one waiting to be sent is claimed, and a receipt kept before its message still applies to it.
pub async fn check_after_migration(store: DynStore, previous: &PreviousSchema) {
    let expected: Vec<ChannelMessage> = previous.messages.iter().rev().map(|old| old.message.clone()).collect();
    assert!(expected.iter().all(|message| message.content == MessageContent::text(message.content.text.clone())));
    let all = MessageFilter::default();
    let listed = store.list_channel_messages(previous.company_id, previous.channel_id, &all, PageRequest::first(50));
    assert_eq!(listed.await.unwrap().items, expected, "every message, as text, nothing lost");
    let history = store.contact_history(previous.company_id, &previous.customer, PageRequest::first(50)).await.unwrap();
    assert_eq!(history.items, expected, "the contact's history: her chat and what she wrote in the group");

    let conversation = store.find_conversations(&[previous.conversation_id]).await.unwrap().remove(0);
    assert_eq!(
        (conversation.last_message_kind, conversation.last_message_preview.as_deref()),
        (MessageKind::Text, Some("Pedido 12345"))
    );
    // Messages stored before message search were indexed when the store opened the database.
    let everything = crate::ConversationViewer {
        sees_everything: true,
        user_id: None,
        visibility: blocopro_domain::user::Visibility::All,
    };
    let query = blocopro_domain::message_search::MessageQuery::parse("PEDIDO 1234").unwrap();
    let found = store.search_messages(previous.company_id, &everything, &query, PageRequest::first(10)).await.unwrap();
    assert!(found.items.iter().any(|found| found.text == "Pedido 12345"), "found by search: {:?}", found.items);
    let folded = store.fold_received_messages(10, now()).await.unwrap();
    let unfolded = &previous.messages[6].message;
    assert_eq!(folded.messages, vec![(previous.company_id, unfolded.clone())], "the folder takes up where it was");
    let claimed = store.claim_outbound(Uuid::now_v7(), now(), now() + SignedDuration::from_secs(60), 10).await.unwrap();
    let queued = &previous.messages[4].message;
    assert_eq!(claimed.iter().map(|claim| &claim.message).collect::<Vec<_>>(), vec![queued], "the outbox too");

    let early = ChannelMessage {
        id: Uuid::now_v7(),
        external_id: "wamid.EARLY".into(),
        status: DeliveryStatus::Sent,
        ..queued.clone()
    };
    let stored = store.insert_message(previous.company_id, &early).await.unwrap().unwrap();
    assert_eq!(stored.status, DeliveryStatus::Delivered, "a receipt kept before the migration applies");
    let channel = store.find_channel(previous.channel_id).await.unwrap().unwrap();
    assert_eq!(channel.kind, ChannelKind::Simulator);
}
