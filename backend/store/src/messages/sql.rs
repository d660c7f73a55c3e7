//! The SQL of messages a channel received or sent, their media files, receipts and reactions.
//! Expanded into each backend by `crate::sql_store!`.

/// What `MessageRow` reads of a message `m`, its media file `md` and the stored message `q` it quotes.
#[doc(hidden)]
#[macro_export]
macro_rules! message_row_columns {
    () => {
        concat!(
            "m.id, m.channel_id, m.external_id, m.direction, m.chat_id, m.sender, m.kind, m.text, m.status, \
             m.error, m.sent_at, m.created_at, m.details, \
             m.reply_external_id, m.reply_sender, m.reply_kind, m.reply_snippet, \
             q.id AS quoted_id, q.sender AS quoted_sender, q.kind AS quoted_kind, q.text AS quoted_text, \
             EXISTS (SELECT 1 FROM message_reactions r WHERE r.channel_id = m.channel_id \
                 AND r.target_external_id = m.external_id AND r.emoji <> '') AS reacted, ",
            $crate::media_row_columns!()
        )
    };
}

/// What `MediaRow` reads of a media file `md`.
#[doc(hidden)]
#[macro_export]
macro_rules! media_row_columns {
    () => {
        "md.id AS media_id, md.state AS media_state, md.mime_type AS media_mime_type, \
         md.size_bytes AS media_size_bytes, md.sha256 AS media_sha256, md.file_name AS media_file_name, \
         md.duration_seconds AS media_duration_seconds, md.width AS media_width, md.height AS media_height, \
         md.provider_ref AS media_provider_ref "
    };
}

/// The joins of `message_row_columns!` to a message aliased `m`.
#[doc(hidden)]
#[macro_export]
macro_rules! message_parts {
    () => {
        "LEFT JOIN media md ON md.id = m.media_id \
         LEFT JOIN messages q ON q.channel_id = m.channel_id AND q.external_id = m.reply_external_id "
    };
}

/// A message complete but for its reactions, in the columns of `MessageRow`: append `WHERE …` on
/// the message, aliased `m`. For a few messages (by id, by external id).
#[doc(hidden)]
#[macro_export]
macro_rules! message_select {
    () => {
        concat!("SELECT ", $crate::message_row_columns!(), "FROM messages m ", $crate::message_parts!())
    };
}

/// A page of messages complete but for their reactions, newest first: `$page` selects the page's
/// messages (`SELECT * FROM messages WHERE …` with its ORDER BY and LIMIT), and only those are
/// joined to their parts. (Joined before the page is cut, SQLite would join every message of the
/// chat before sorting them; selecting only their ids first, each message was read twice.)
#[doc(hidden)]
#[macro_export]
macro_rules! message_page {
    ($page:expr) => {
        concat!(
            "SELECT ",
            $crate::message_row_columns!(),
            "FROM (",
            $page,
            ") m ",
            $crate::message_parts!(),
            "ORDER BY m.id DESC"
        )
    };
}

/// The messages of conversation `$5` when the viewer (`$1` to `$4`) sees it, else none: its chat
/// (`visible_chat!`) is a sub-select the database runs once, before the messages.
#[doc(hidden)]
#[macro_export]
macro_rules! visible_chat_messages {
    () => {
        concat!(
            "SELECT * FROM messages WHERE company_id = $1 AND (channel_id, chat_id) = (",
            $crate::visible_chat!(),
            ")"
        )
    };
}

/// What a search answers of a message `m` found in the conversation `c`, joined as
/// the backend's `found_message_joins!` does (its contact `ct` and its group `g`).
#[doc(hidden)]
#[macro_export]
macro_rules! found_message_columns {
    () => {
        "m.id AS message_id, c.id AS conversation_id, c.kind AS conversation_kind, \
         COALESCE(CASE WHEN c.kind = 'group' THEN g.subject ELSE ct.name END, c.chat_id) AS title, \
         m.channel_id, m.sender, m.direction, m.kind, m.text, m.sent_at"
    };
}

/// What a found message `m` of the conversation `c` (joined as the backend's `found_message_joins!` does) must be:
/// the conversation's, visible to the viewer (`$1` to `$4`), and after the search's cursor `$6`.
#[doc(hidden)]
#[macro_export]
macro_rules! found_message_conditions {
    () => {
        concat!(
            "c.channel_id = m.channel_id AND c.chat_id = m.chat_id AND ",
            $crate::conversation_visible!(),
            " AND ($6 IS NULL OR (m.sent_at, m.id) < (SELECT x.sent_at, x.id FROM messages x \
                 WHERE x.id = $6 AND x.company_id = $1))"
        )
    };
}

/// The columns every insert of a message writes, in the order `push_message_values` binds them.
#[doc(hidden)]
#[macro_export]
macro_rules! message_insert_columns {
    () => {
        "id, company_id, channel_id, external_id, direction, chat_id, sender, kind, text, media_id, \
         reply_external_id, reply_sender, reply_kind, reply_snippet, details, status, error, sent_at, created_at, search_text"
    };
}

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! messages_sql {
    () => {
        use super::shared::*;
        use $crate::messages::AuthoredMessage;
        use $crate::messages::rows::{Details, MediaRow, MessageRow, ReactionRow, db_int, db_int32, with_reactions};
        use blocopro_domain::channel::{ChannelMessage, DeliveryStatus, MessageDirection};
        use blocopro_domain::message::{Media, MediaState, MessageKind, ReactionChange, SenderReaction};
        use blocopro_domain::message_search::{MessageQuery, indexed_text};
        use $crate::messages::rows::FoundMessageRow;

        /// Messages whose `search_text` is written at a time while indexing those stored before it existed.
        const INDEXING_BATCH: i64 = 1000;

        impl SqlStore {
            /// Writes the `search_text` of the messages stored before message search (migration
            /// 0018 / 0017 added it empty), a batch per transaction, so that they are found too.
            pub(crate) async fn index_unsearched_messages(&self) -> StoreResult<()> {
                loop {
                    let mut tx = self.begin_write().await?;
                    let rows: Vec<(Uuid, String)> =
                        sqlx::query_as("SELECT id, text FROM messages WHERE search_text IS NULL ORDER BY id LIMIT $1")
                            .bind(INDEXING_BATCH)
                            .fetch_all(&mut *tx)
                            .await?;
                    if rows.is_empty() {
                        return Ok(());
                    }
                    for (id, text) in rows {
                        sqlx::query("UPDATE messages SET search_text = $2 WHERE id = $1")
                            .bind(id)
                            .bind(indexed_text(&text))
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                }
            }
        }

        /// A connection, of the pool or inside a transaction (`&mut **tx`).
        pub(crate) type Conn = <Db as sqlx::Database>::Connection;

        /// See `lock_message_key!` in each backend.
        pub(crate) async fn lock_message_key(tx: &mut Tx, channel_id: Uuid, external_id: &str) -> StoreResult<()> {
            let statement: Option<&'static str> = lock_message_key!();
            if let Some(statement) = statement {
                sqlx::query(statement).bind(channel_id).bind(external_id).execute(&mut **tx).await?;
            }
            Ok(())
        }

        /// The standing reactions to the messages of `rows` that have some (`reacted`, a probe of the
        /// reactions' primary key in the statement that read them), one statement per thousand of
        /// those: most pages have none, and then cost no statement of their own.
        async fn reactions_for(conn: &mut Conn, rows: &[MessageRow]) -> StoreResult<Vec<ReactionRow>> {
            let reacted: Vec<&MessageRow> = rows.iter().filter(|row| row.reacted).collect();
            let mut found = Vec::new();
            for chunk in reacted.chunks(ROWS_PER_STATEMENT) {
                let channels: Vec<Uuid> =
                    chunk.iter().map(|row| row.channel_id).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
                let targets: Vec<&str> = chunk.iter().map(|row| row.external_id.as_str()).collect();
                // Both lists hold more pairs than asked for; `with_reactions` keeps the right ones.
                let mut select = sqlx::QueryBuilder::<Db>::new(
                    "SELECT channel_id, target_external_id, sender, emoji, reacted_at FROM message_reactions \
                     WHERE emoji <> '' AND ",
                );
                push_in_list(&mut select, "channel_id", &channels);
                select.push(" AND ");
                push_in_list(&mut select, "target_external_id", &targets);
                let rows: Vec<ReactionRow> = select.build_query_as().fetch_all(&mut *conn).await?;
                found.extend(rows);
            }
            Ok(found)
        }

        /// The `message_page!` statement of a page of `messages` (a `SELECT * FROM messages WHERE …`),
        /// newest first. The page's size is written in the statement, not bound: PostgreSQL's generic
        /// plan of `LIMIT $n` must assume a tenth of the chat's messages, so it never looks as cheap
        /// as a plan for the page's 51 and every execution was planned again (0.17 ms of planning
        /// for 0.07 ms of execution, EXPLAIN ANALYZE on 100,000 messages). A statement per page
        /// size asked for: the SPA asks for one.
        fn newest_first_page(messages: &str, page: PageRequest) -> String {
            format!(
                $crate::message_page!("{messages} ORDER BY id DESC LIMIT {limit}"),
                messages = messages,
                limit = page.fetch_limit()
            )
        }

        /// The page of messages `query` (a `message_page!`) reads, complete.
        async fn complete_page(
            conn: &mut Conn,
            query: sqlx::query::QueryAs<'_, Db, MessageRow, <Db as sqlx::Database>::Arguments>,
            page: PageRequest,
        ) -> StoreResult<Page<ChannelMessage>> {
            let rows = fetch_sized(query, &mut *conn, usize::try_from(page.fetch_limit()).unwrap_or_default()).await?;
            Ok(Page::from_rows(complete(conn, rows).await?, page, |message: &ChannelMessage| message.id))
        }

        /// The messages of `rows` (read by a `message_select!` query) with their reactions.
        pub(crate) async fn complete(conn: &mut Conn, rows: Vec<MessageRow>) -> StoreResult<Vec<ChannelMessage>> {
            let reactions = reactions_for(conn, &rows).await?;
            with_reactions(rows, reactions)
        }

        /// Messages by id, complete, oldest first.
        pub(crate) async fn messages_by_ids(conn: &mut Conn, ids: &[Uuid]) -> StoreResult<Vec<ChannelMessage>> {
            let mut rows: Vec<MessageRow> = Vec::with_capacity(ids.len());
            for chunk in ids.chunks(ROWS_PER_STATEMENT) {
                let mut select = sqlx::QueryBuilder::<Db>::new($crate::message_select!());
                select.push("WHERE ");
                push_in_list(&mut select, "m.id", chunk);
                rows.extend(select.build_query_as::<MessageRow>().fetch_all(&mut *conn).await?);
            }
            rows.sort_unstable_by_key(|row| row.id);
            complete(conn, rows).await
        }

        pub(crate) async fn message_by_id(conn: &mut Conn, id: Uuid) -> StoreResult<Option<ChannelMessage>> {
            Ok(messages_by_ids(conn, &[id]).await?.pop())
        }

        async fn message_by_external_id(conn: &mut Conn, channel_id: Uuid, external_id: &str) -> StoreResult<Option<ChannelMessage>> {
            let rows: Vec<MessageRow> =
                sqlx::query_as(concat!($crate::message_select!(), "WHERE m.channel_id = $1 AND m.external_id = $2"))
                    .bind(channel_id)
                    .bind(external_id)
                    .fetch_all(&mut *conn)
                    .await?;
            Ok(complete(conn, rows).await?.pop())
        }

        /// Binds a message's values in the order of `message_insert_columns!`.
        pub(crate) fn push_message_values(
            row: &mut sqlx::query_builder::Separated<'_, Db, &'static str>,
            company_id: Uuid,
            message: &ChannelMessage,
        ) {
            let content = &message.content;
            let reply = content.reply_to.as_ref();
            row.push_bind(message.id)
                .push_bind(company_id)
                .push_bind(message.channel_id)
                .push_bind(message.external_id.as_str())
                .push_bind(message.direction.as_str())
                .push_bind(message.chat_id.as_str())
                .push_bind(message.sender.as_str())
                .push_bind(content.kind.as_str())
                .push_bind(content.text.as_str())
                .push_bind(content.media.as_ref().map(|media| media.id))
                .push_bind(reply.map(|reply| reply.external_id.as_str()))
                .push_bind(reply.and_then(|reply| reply.sender.as_deref()))
                .push_bind(reply.and_then(|reply| reply.kind).map(|kind| kind.as_str()))
                .push_bind(reply.map(|reply| reply.snippet.as_str()).filter(|snippet| !snippet.is_empty()))
                .push_bind(Details::of(content))
                .push_bind(message.status.as_str())
                .push_bind(message.error.as_deref())
                .push_bind(db(message.sent_at))
                .push_bind(db(message.created_at))
                .push_bind(indexed_text(&content.text));
        }

        /// The department the chat's conversation is in (none without one), for a message written in it
        /// now. The conversation's row is held until commit: no routing change slips between this read
        /// and the message's insert.
        pub(crate) async fn department_of_chat(conn: &mut Conn, channel_id: Uuid, chat_id: &str) -> StoreResult<Option<Uuid>> {
            let row: Option<(Option<Uuid>,)> = sqlx::query_as(concat!(
                "SELECT department_id FROM conversations WHERE channel_id = $1 AND chat_id = $2 ",
                for_update!()
            ))
            .bind(channel_id)
            .bind(chat_id)
            .fetch_optional(&mut *conn)
            .await?;
            Ok(row.and_then(|(department_id,)| department_id))
        }

        /// Inserts a sent message unless its (channel, external id) is stored already; `true` when inserted.
        async fn insert_message_row(conn: &mut Conn, company_id: Uuid, message: &ChannelMessage) -> StoreResult<bool> {
            let department_id = department_of_chat(conn, message.channel_id, &message.chat_id).await?;
            let mut insert = sqlx::QueryBuilder::<Db>::new(concat!(
                "INSERT INTO messages (",
                $crate::message_insert_columns!(),
                ", department_id) "
            ));
            insert.push_values([message], |mut row, message| {
                push_message_values(&mut row, company_id, message);
                row.push_bind(department_id);
            });
            insert.push(" ON CONFLICT (channel_id, external_id) DO NOTHING");
            let result = insert.build().execute(&mut *conn).await?;
            Ok(result.rows_affected() == 1)
        }

        /// Writes the descriptions of new media files, each `(company, channel, file)`; a file
        /// stored already (by id) is left as it is. One not stored yet is due for download at once.
        async fn insert_media_rows(conn: &mut Conn, files: &[(Uuid, Uuid, &Media)], now: Timestamp) -> StoreResult<()> {
            for chunk in files.chunks(ROWS_PER_STATEMENT) {
                let mut insert = sqlx::QueryBuilder::<Db>::new(
                    "INSERT INTO media (id, company_id, channel_id, state, mime_type, size_bytes, sha256, file_name, \
                     duration_seconds, width, height, provider_ref, attempts, next_attempt_at, created_at, updated_at) ",
                );
                insert.push_values(chunk, |mut row, (company_id, channel_id, media)| {
                    let due = (media.state != MediaState::Stored).then_some(db(now));
                    row.push_bind(media.id)
                        .push_bind(*company_id)
                        .push_bind(*channel_id)
                        .push_bind(media.state.as_str())
                        .push_bind(media.mime_type.clone())
                        .push_bind(db_int(media.size_bytes))
                        .push_bind(media.sha256.clone())
                        .push_bind(media.file_name.clone())
                        .push_bind(db_int32(media.duration_seconds))
                        .push_bind(db_int32(media.width))
                        .push_bind(db_int32(media.height))
                        .push_bind(media.provider_ref.clone())
                        .push_bind(0_i32)
                        .push_bind(due)
                        .push_bind(db(now))
                        .push_bind(db(now));
                });
                insert.push(" ON CONFLICT (id) DO NOTHING");
                insert.build().execute(&mut *conn).await?;
            }
            Ok(())
        }

        /// Writes a sent message's media file unless it is stored already (an upload), which must
        /// then be the company's.
        /// Stores, in `tx`, a message the team alone sees (a note, a transfer) written by a user, in a
        /// chat of the company's channel (else `NotFound`); refused as `Corrupt` when its kind reaches
        /// WhatsApp or it is queued, so that the outbox can never claim it. Answers it as reads show it.
        pub(crate) async fn insert_team_message(
            tx: &mut Tx,
            company_id: Uuid,
            team: &AuthoredMessage<'_>,
        ) -> StoreResult<ChannelMessage> {
            let message = team.message;
            if message.content.kind.reaches_whatsapp() || message.status == DeliveryStatus::Queued {
                return Err(StoreError::Corrupt("a message for WhatsApp, or queued, is not the team's".into()));
            }
            let channel: Option<(Uuid,)> = sqlx::query_as("SELECT id FROM channels WHERE id = $1 AND company_id = $2")
                .bind(message.channel_id)
                .bind(company_id)
                .fetch_optional(&mut **tx)
                .await?;
            channel.ok_or(StoreError::NotFound)?;
            let department_id = department_of_chat(tx, message.channel_id, &message.chat_id).await?;
            let mut insert = sqlx::QueryBuilder::<Db>::new(concat!(
                "INSERT INTO messages (",
                $crate::message_insert_columns!(),
                ", author_id, department_id) "
            ));
            insert.push_values([message], |mut row, message| {
                push_message_values(&mut row, company_id, message);
                row.push_bind(team.author_id).push_bind(department_id);
            });
            insert.build().execute(&mut **tx).await?;
            message_by_id(&mut **tx, message.id).await?.ok_or(StoreError::NotFound)
        }

        pub(crate) async fn attach_media(conn: &mut Conn, company_id: Uuid, message: &ChannelMessage) -> StoreResult<()> {
            let Some(media) = &message.content.media else { return Ok(()) };
            insert_media_rows(conn, &[(company_id, message.channel_id, media)], message.created_at).await?;
            let owner: Option<(Uuid,)> =
                sqlx::query_as("SELECT company_id FROM media WHERE id = $1").bind(media.id).fetch_optional(&mut *conn).await?;
            match owner {
                Some((owner,)) if owner == company_id => Ok(()),
                _ => Err(StoreError::NotFound),
            }
        }

        /// Applies the receipts that arrived before the message had its external id.
        pub(crate) async fn apply_early_receipts(tx: &mut Tx, message: ChannelMessage) -> StoreResult<ChannelMessage> {
            let early: Vec<(String, Option<String>)> =
                sqlx::query_as("SELECT status, error FROM message_receipts WHERE channel_id = $1 AND external_id = $2")
                    .bind(message.channel_id)
                    .bind(&message.external_id)
                    .fetch_all(&mut **tx)
                    .await?;
            let mut stored = message;
            for (status, error) in early {
                let Some(status) = DeliveryStatus::parse(&status) else { continue };
                if let Some(advanced) = advance_status(tx, stored.clone(), status, error.as_deref()).await? {
                    stored = advanced;
                }
            }
            Ok(stored)
        }

        /// Moves the message's status forward by `receipt`; returns the message when it changed.
        async fn advance_status(
            tx: &mut Tx,
            mut message: ChannelMessage,
            receipt: DeliveryStatus,
            error: Option<&str>,
        ) -> StoreResult<Option<ChannelMessage>> {
            let advanced = message.status.advanced_by(receipt);
            if advanced == message.status {
                return Ok(None);
            }
            message.status = advanced;
            if advanced == DeliveryStatus::Failed {
                message.error = error.map(str::to_owned);
            }
            sqlx::query("UPDATE messages SET status = $2, error = $3 WHERE id = $1")
                .bind(message.id)
                .bind(message.status.as_str())
                .bind(&message.error)
                .execute(&mut **tx)
                .await?;
            Ok(Some(message))
        }

        /// A sender's standing reaction to a message.
        async fn standing_reaction(tx: &mut Tx, channel_id: Uuid, change: &ReactionChange) -> StoreResult<Option<SenderReaction>> {
            let row: Option<ReactionRow> = sqlx::query_as(concat!(
                "SELECT channel_id, target_external_id, sender, emoji, reacted_at FROM message_reactions ",
                "WHERE channel_id = $1 AND target_external_id = $2 AND sender = $3 ",
                for_update!()
            ))
            .bind(channel_id)
            .bind(&change.target_external_id)
            .bind(&change.sender)
            .fetch_optional(&mut **tx)
            .await?;
            Ok(row.map(SenderReaction::from))
        }

        #[async_trait]
        impl MessageStore for SqlStore {
            async fn insert_message(&self, company_id: Uuid, message: &ChannelMessage) -> StoreResult<Option<ChannelMessage>> {
                if message.direction == MessageDirection::Inbound {
                    let inserted = self.insert_inbound_messages(&[(company_id, message.clone())]).await?;
                    if !inserted.first().copied().unwrap_or(false) {
                        return Ok(None);
                    }
                    return message_by_id(&mut *self.pool.acquire().await?, message.id).await;
                }
                let mut tx = self.begin_write().await?;
                lock_message_key(&mut tx, message.channel_id, &message.external_id).await?;
                if !insert_message_row(&mut tx, company_id, message).await? {
                    return Ok(None);
                }
                attach_media(&mut tx, company_id, message).await?;
                let stored = message_by_id(&mut tx, message.id).await?.ok_or(StoreError::NotFound)?;
                let stored = apply_early_receipts(&mut tx, stored).await?;
                tx.commit().await?;
                Ok(Some(stored))
            }

            async fn insert_note(&self, company_id: Uuid, note: &ChannelMessage, author_id: Uuid) -> StoreResult<ChannelMessage> {
                if note.content.kind != MessageKind::Note {
                    return Err(StoreError::Corrupt("only a message of kind `note` is a note".into()));
                }
                let mut tx = self.begin_write().await?;
                let stored = insert_team_message(&mut tx, company_id, &AuthoredMessage { message: note, author_id }).await?;
                tx.commit().await?;
                Ok(stored)
            }

            /// Nothing sends receipts for what we receive: one multi-row statement is the whole
            /// write, and a second one for the media files of those that have one.
            async fn insert_inbound_messages(&self, messages: &[(Uuid, ChannelMessage)]) -> StoreResult<Vec<bool>> {
                if messages.is_empty() {
                    return Ok(Vec::new());
                }
                let mut insert =
                    sqlx::QueryBuilder::<Db>::new(concat!("INSERT INTO messages (", $crate::message_insert_columns!(), ") "));
                insert.push_values(messages, |mut row, (company_id, message)| push_message_values(&mut row, *company_id, message));
                insert.push(" ON CONFLICT (channel_id, external_id) DO NOTHING RETURNING id");
                let with_media = messages.iter().any(|(_, message)| message.content.media.is_some());
                let inserted: Vec<(Uuid,)> = if with_media {
                    // Messages first (their media ids are checked at commit), then the files of
                    // those that were new: a repeated delivery leaves no file row behind.
                    let mut tx = self.begin_write().await?;
                    let inserted: Vec<(Uuid,)> = insert.build_query_as().fetch_all(&mut *tx).await?;
                    let new: std::collections::HashSet<Uuid> = inserted.iter().map(|(id,)| *id).collect();
                    let files: Vec<(Uuid, Uuid, &Media)> = messages
                        .iter()
                        .filter(|(_, message)| new.contains(&message.id))
                        .filter_map(|(company_id, message)| {
                            message.content.media.as_ref().map(|media| (*company_id, message.channel_id, media))
                        })
                        .collect();
                    insert_media_rows(&mut tx, &files, Timestamp::now()).await?;
                    tx.commit().await?;
                    inserted
                } else {
                    insert.build_query_as().fetch_all(&self.pool).await?
                };
                let inserted: std::collections::HashSet<Uuid> = inserted.into_iter().map(|(id,)| id).collect();
                Ok(messages.iter().map(|(_, message)| inserted.contains(&message.id)).collect())
            }

            async fn record_receipt(
                &self,
                channel_id: Uuid,
                external_id: &str,
                status: DeliveryStatus,
                error: Option<&str>,
                at: Timestamp,
            ) -> StoreResult<Option<ChannelMessage>> {
                let mut tx = self.begin_write().await?;
                lock_message_key(&mut tx, channel_id, external_id).await?;
                sqlx::query(
                    "INSERT INTO message_receipts (channel_id, external_id, status, error, at) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (channel_id, external_id, status) DO NOTHING",
                )
                .bind(channel_id)
                .bind(external_id)
                .bind(status.as_str())
                .bind(error)
                .bind(db(at))
                .execute(&mut *tx)
                .await?;
                let changed = match message_by_external_id(&mut tx, channel_id, external_id).await? {
                    Some(message) => advance_status(&mut tx, message, status, error).await?,
                    None => None,
                };
                tx.commit().await?;
                Ok(changed)
            }

            async fn record_reaction(&self, channel_id: Uuid, change: &ReactionChange) -> StoreResult<Option<ChannelMessage>> {
                let mut tx = self.begin_write().await?;
                lock_message_key(&mut tx, channel_id, &change.target_external_id).await?;
                let standing = standing_reaction(&mut tx, channel_id, change).await?;
                if !change.supersedes(standing.as_ref()) {
                    return Ok(None);
                }
                sqlx::query(
                    "INSERT INTO message_reactions (channel_id, target_external_id, sender, emoji, reacted_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (channel_id, target_external_id, sender) \
                     DO UPDATE SET emoji = excluded.emoji, reacted_at = excluded.reacted_at",
                )
                .bind(channel_id)
                .bind(&change.target_external_id)
                .bind(&change.sender)
                .bind(&change.emoji)
                .bind(db(change.at))
                .execute(&mut *tx)
                .await?;
                let changed = match change.changes_what_shows(standing.as_ref()) {
                    true => message_by_external_id(&mut tx, channel_id, &change.target_external_id).await?,
                    false => None,
                };
                tx.commit().await?;
                Ok(changed)
            }

            async fn contact_history(&self, company_id: Uuid, phone: &str, page: PageRequest) -> StoreResult<Page<ChannelMessage>> {
                let mut conn = self.pool.acquire().await?;
                let query = sqlx::query_as($crate::message_page!(concat!(
                    "SELECT * FROM messages WHERE company_id = $1 AND (chat_id = $2 OR (sender = $2 AND chat_id LIKE '%@g.us'))",
                    " AND ($3 IS NULL OR id < $3) ORDER BY id DESC LIMIT $4"
                )))
                .bind(company_id)
                .bind(phone)
                .bind(page.after)
                .bind(page.fetch_limit());
                complete_page(&mut conn, query, page).await
            }

            async fn find_visible_media(
                &self,
                company_id: Uuid,
                viewer: &ConversationViewer,
                media_id: Uuid,
            ) -> StoreResult<Option<Media>> {
                // One statement: the file, when a message carrying it is in a conversation the viewer
                // sees (a file sent again is readable wherever it was sent).
                let sql = concat!(
                    "SELECT ",
                    $crate::media_row_columns!(),
                    "FROM media md WHERE md.company_id = $1 AND md.id = $5 AND EXISTS (SELECT 1 ",
                    $crate::conversation_joins!(),
                    "JOIN messages m ON m.channel_id = c.channel_id AND m.chat_id = c.chat_id \
                     WHERE m.media_id = md.id AND ",
                    $crate::conversation_visible!(),
                    ")"
                );
                let row: Option<MediaRow> = self.visible_one(sql, company_id, viewer, media_id).await?;
                Ok(row.map(MediaRow::into_media).transpose()?.flatten())
            }

            async fn get_chat_message(
                &self,
                company_id: Uuid,
                channel_id: Uuid,
                chat_id: &str,
                id: Uuid,
            ) -> StoreResult<Option<ChannelMessage>> {
                let mut conn = self.pool.acquire().await?;
                let rows: Vec<MessageRow> = sqlx::query_as(concat!(
                    $crate::message_select!(),
                    "WHERE m.company_id = $1 AND m.channel_id = $2 AND m.chat_id = $3 AND m.id = $4"
                ))
                .bind(company_id)
                .bind(channel_id)
                .bind(chat_id)
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                Ok(complete(&mut conn, rows).await?.pop())
            }

            async fn search_messages(
                &self,
                company_id: Uuid,
                viewer: &ConversationViewer,
                query: &MessageQuery,
                page: PageRequest,
            ) -> StoreResult<Page<FoundMessage>> {
                // First the company's newest messages (after the cursor), a bounded number, each
                // checked for the words: a common word fills its page there, whatever it matches in
                // all. The newest matches among them are the newest of all, so a full page is the
                // answer; a page left short (a rarer query, a narrower viewer) asks the index,
                // whose cost is what the query matches, which is then little.
                let walked = $crate::messages::SEARCH_WALK_PER_RESULT * page.fetch_limit();
                let mut tx = self.pool.begin().await?;
                let setting: Option<&'static str> = walk_setting!();
                if let Some(setting) = setting {
                    sqlx::query(setting).execute(&mut *tx).await?;
                }
                let rows: Vec<FoundMessageRow> = sqlx::query_as(concat!(
                    "SELECT ",
                    $crate::found_message_columns!(),
                    " FROM ",
                    walked_messages!(),
                    " CROSS JOIN conversations c ",
                    found_message_joins!(),
                    " WHERE ",
                    walked_range!(),
                    " AND c.channel_id = m.channel_id AND c.chat_id = m.chat_id AND ",
                    $crate::conversation_visible!(),
                    " AND ",
                    holds_message_words!(),
                    " ORDER BY m.sent_at DESC, m.id DESC LIMIT $7"
                ))
                .bind(company_id)
                .bind(viewer.sees_everything)
                .bind(viewer.user_id)
                .bind(viewer.visibility.as_str())
                .bind(super::message_words_argument(query))
                .bind(page.after)
                .bind(page.fetch_limit())
                .bind(walked)
                .fetch_all(&mut *tx)
                .await?;
                tx.commit().await?;
                if i64::try_from(rows.len()).is_ok_and(|found| found == page.fetch_limit()) {
                    return Ok(Page::from_rows(convert_all(rows)?, page, |found: &FoundMessage| found.message_id));
                }
                // The index, window after window of its time buckets, newest first, where the
                // backend's index has them (PostgreSQL); SQLite's numbers its rows in time order and
                // is asked once.
                let bounds_query: Option<&'static str> = searched_buckets!();
                let windows: Vec<Option<$crate::messages::SearchWindow>> = match bounds_query {
                    Some(bounds_query) => {
                        let (newest, oldest): (Option<i32>, Option<i32>) = sqlx::query_as(bounds_query)
                            .bind(company_id)
                            .bind(page.after)
                            .fetch_one(&self.pool)
                            .await?;
                        $crate::messages::search_windows(newest.zip(oldest)).map(Some).collect()
                    }
                    None => vec![None],
                };
                let mut rows: Vec<FoundMessageRow> = Vec::new();
                for window in windows {
                    let wanted = page.fetch_limit() - i64::try_from(rows.len()).unwrap_or(i64::MAX);
                    if wanted <= 0 {
                        break;
                    }
                    let found: Vec<FoundMessageRow> = sqlx::query_as(concat!(
                        "SELECT ",
                        $crate::found_message_columns!(),
                        " FROM ",
                        searched_messages!(),
                        " ",
                        found_message_joins!(),
                        " WHERE ",
                        $crate::found_message_conditions!(),
                        " ORDER BY m.sent_at DESC, m.id DESC LIMIT $7"
                    ))
                    .bind(company_id)
                    .bind(viewer.sees_everything)
                    .bind(viewer.user_id)
                    .bind(viewer.visibility.as_str())
                    .bind(super::message_search_argument(company_id, query, window))
                    .bind(page.after)
                    .bind(wanted)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.extend(found);
                }
                Ok(Page::from_rows(convert_all(rows)?, page, |found: &FoundMessage| found.message_id))
            }

            async fn list_chat_messages_around(
                &self,
                company_id: Uuid,
                channel_id: Uuid,
                chat_id: &str,
                around: Uuid,
                limit: u32,
            ) -> StoreResult<Option<Page<ChannelMessage>>> {
                let mut conn = self.pool.acquire().await?;
                let found: Option<(Uuid,)> = sqlx::query_as(
                    "SELECT id FROM messages WHERE company_id = $1 AND channel_id = $2 AND chat_id = $3 AND id = $4",
                )
                .bind(company_id)
                .bind(channel_id)
                .bind(chat_id)
                .bind(around)
                .fetch_optional(&mut *conn)
                .await?;
                if found.is_none() {
                    return Ok(None);
                }
                let page = PageRequest::first(limit);
                // The newest of the (up to) half a page of newer messages starts the page.
                let newer: Vec<(Uuid,)> = sqlx::query_as(
                    "SELECT id FROM messages WHERE company_id = $1 AND channel_id = $2 AND chat_id = $3 AND id > $4 \
                     ORDER BY id LIMIT $5",
                )
                .bind(company_id)
                .bind(channel_id)
                .bind(chat_id)
                .bind(around)
                .bind(i64::from(page.limit / 2))
                .fetch_all(&mut *conn)
                .await?;
                let first = newer.last().map_or(around, |(id,)| *id);
                let query = sqlx::query_as($crate::message_page!(concat!(
                    "SELECT * FROM messages WHERE company_id = $1 AND channel_id = $2 AND chat_id = $3",
                    " AND id <= $4 ORDER BY id DESC LIMIT $5"
                )))
                .bind(company_id)
                .bind(channel_id)
                .bind(chat_id)
                .bind(first)
                .bind(page.fetch_limit());
                Ok(Some(complete_page(&mut conn, query, page).await?))
            }

            async fn list_visible_conversation_messages(
                &self,
                company_id: Uuid,
                viewer: &ConversationViewer,
                conversation_id: Uuid,
                page: PageRequest,
            ) -> StoreResult<Option<Page<ChannelMessage>>> {
                let messages = match page.after {
                    Some(_) => concat!($crate::visible_chat_messages!(), " AND id < $6"),
                    None => $crate::visible_chat_messages!(),
                };
                let mut query = sqlx::query_as::<_, MessageRow>(sqlx::AssertSqlSafe(newest_first_page(messages, page)))
                    .bind(company_id)
                    .bind(viewer.sees_everything)
                    .bind(viewer.user_id)
                    .bind(viewer.visibility.as_str())
                    .bind(conversation_id);
                if let Some(after) = page.after {
                    query = query.bind(after);
                }
                let mut conn = self.pool.acquire().await?;
                let page = complete_page(&mut conn, query, page).await?;
                drop(conn);
                // No message: the conversation may be empty, or not one the viewer sees.
                if page.items.is_empty() && self.find_visible_chat(company_id, viewer, conversation_id).await?.is_none() {
                    return Ok(None);
                }
                Ok(Some(page))
            }

            async fn list_channel_messages(
                &self,
                company_id: Uuid,
                channel_id: Uuid,
                filter: &MessageFilter,
                page: PageRequest,
            ) -> StoreResult<Page<ChannelMessage>> {
                // One statement per combination of filters, none with an optional argument: a
                // PostgreSQL statement with `$n IS NULL OR …` is planned again at every execution
                // (its generic plan could not use the chat's index), which cost more than running it.
                let messages = match (filter.chat_id.is_some(), page.after.is_some()) {
                    (true, false) => "SELECT * FROM messages WHERE company_id = $1 AND channel_id = $2 AND chat_id = $3",
                    (true, true) => "SELECT * FROM messages WHERE company_id = $1 AND channel_id = $2 AND chat_id = $3 AND id < $4",
                    (false, false) => "SELECT * FROM messages WHERE company_id = $1 AND channel_id = $2",
                    (false, true) => "SELECT * FROM messages WHERE company_id = $1 AND channel_id = $2 AND id < $3",
                };
                let sql = newest_first_page(messages, page);
                let mut query = sqlx::query_as::<_, MessageRow>(sqlx::AssertSqlSafe(sql)).bind(company_id).bind(channel_id);
                if let Some(chat_id) = filter.chat_id.as_deref() {
                    query = query.bind(chat_id);
                }
                if let Some(after) = page.after {
                    query = query.bind(after);
                }
                let mut conn = self.pool.acquire().await?;
                complete_page(&mut conn, query, page).await
            }
        }
    };
}
