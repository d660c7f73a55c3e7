//! The SQL of Chat's conversations, folded from received messages, and listed by who may see
//! them (the rule of `conversation::Viewer::sees`, written as SQL). Expanded into each backend by `crate::sql_store!`.

#[doc(hidden)]
#[macro_export]
/// A conversation as the API shows it: a group conversation is in its group's department.
macro_rules! conversation_select {
    () => {
        concat!(
            "SELECT c.id, c.company_id, c.channel_id, c.kind, c.chat_id, \
         CASE WHEN c.kind = 'group' THEN g.subject ELSE COALESCE(ct.name, c.chat_id) END AS title, \
         c.contact_id, c.group_id, c.status, \
         CASE WHEN c.kind = 'group' THEN g.department_id ELSE c.department_id END AS department_id, \
         c.assigned_to, c.awaiting_choice, ct.owner_id AS contact_owner_id, c.unread_count, c.last_message_at, \
         c.last_message_preview, c.last_message_kind, c.last_inbound_at, \
         chk.kind AS channel_kind, c.created_at, c.updated_at ",
            $crate::conversation_joins!(),
            "JOIN channels chk ON chk.id = c.channel_id "
        )
    };
}

#[doc(hidden)]
#[macro_export]
/// The conversations `c` with what their visibility and title read: the contact `ct` and the group `g`.
macro_rules! conversation_joins {
    () => {
        "FROM conversations c LEFT JOIN contacts ct ON ct.id = c.contact_id \
         LEFT JOIN whatsapp_groups g ON g.id = c.group_id "
    };
}

#[doc(hidden)]
#[macro_export]
/// The conversations of company `$1` that viewer (`$2` sees everything, `$3` user, `$4` visibility)
/// sees. Conversations of removed channels and un-imported groups are left out.
macro_rules! visible_conversations {
    () => {
        concat!($crate::conversation_select!(), "WHERE ", $crate::conversation_visible!())
    };
}

#[doc(hidden)]
#[macro_export]
/// The condition of `visible_conversations!` on a conversation `c` joined as `conversation_joins!`
/// does: of company `$1`, seen by viewer (`$2` sees everything, `$3` user, `$4` visibility). Every
/// read that follows a conversation's visibility (its messages' files too) uses this one rule.
macro_rules! conversation_visible {
    () => {
        "c.company_id = $1 AND (c.kind = 'direct' OR g.deleted_at IS NULL) \
         AND EXISTS (SELECT 1 FROM channels ch WHERE ch.id = c.channel_id AND ch.deleted_at IS NULL) \
         AND ($2 OR (c.channel_id IN (SELECT uc.channel_id FROM user_channels uc WHERE uc.user_id = $3) AND ( \
             $4 = 'all' \
             OR (c.kind = 'group' AND (g.department_id IS NULL \
                 OR g.department_id IN (SELECT ud.department_id FROM user_departments ud WHERE ud.user_id = $3))) \
             OR (c.kind = 'direct' AND (c.assigned_to = $3 OR ct.owner_id = $3 OR ($4 = 'departments' \
                 AND c.department_id IN (SELECT ud.department_id FROM user_departments ud WHERE ud.user_id = $3)))))))"
    };
}

#[doc(hidden)]
#[macro_export]
/// Where the messages of conversation `$5` are (its channel and chat) when viewer `$1` to `$4`
/// sees it (`conversation_visible!`): one row or none.
macro_rules! visible_chat {
    () => {
        concat!(
            "SELECT c.channel_id, c.chat_id ",
            $crate::conversation_joins!(),
            "WHERE ",
            $crate::conversation_visible!(),
            " AND c.id = $5"
        )
    };
}

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! conversations_sql {
    () => {
        use super::shared::*;
        use $crate::conversations::rows::{ConversationRow, QueueCandidateRow, ServiceState};
        use super::groups::contact_ids;
        use super::labels::attach_labels;
        use super::messages::{insert_team_message, messages_by_ids};
        use $crate::messages::AuthoredMessage;
        use super::outbox::queue_outbound;
        use super::reports::{NewServiceEvent, insert_service_event};
        use blocopro_domain::reports::service::{ServiceEventKind, routing_events, seconds_since};
        use blocopro_domain::channel::ChannelMessage;
        use blocopro_domain::conversation::{Conversation, ConversationKind, ConversationStatus, Routing, kind_of_chat};
        use blocopro_domain::message::MessageContent;
        use std::collections::HashMap;

        /// What a batch of new messages adds to one conversation.
        struct Activity<'a> {
            company_id: Uuid,
            channel_id: Uuid,
            chat_id: &'a str,
            received: u32,
            last_at: Timestamp,
            last: &'a MessageContent,
        }

        /// New messages grouped by chat, in (channel, chat) order so that concurrent writers lock alike.
        fn activities<'a>(messages: &[(Uuid, &'a ChannelMessage)]) -> Vec<Activity<'a>> {
            let mut by_chat: std::collections::BTreeMap<(Uuid, &str), Activity<'a>> = std::collections::BTreeMap::new();
            for (company_id, message) in messages {
                let activity = by_chat.entry((message.channel_id, message.chat_id.as_str())).or_insert(Activity {
                    company_id: *company_id,
                    channel_id: message.channel_id,
                    chat_id: &message.chat_id,
                    received: 0,
                    last_at: message.sent_at,
                    last: &message.content,
                });
                activity.received += 1;
                if message.sent_at >= activity.last_at {
                    activity.last_at = message.sent_at;
                    activity.last = &message.content;
                }
            }
            by_chat.into_values().collect()
        }

        /// The imported groups among these chats, by (channel, external id): one query per channel.
        async fn imported_group_ids(tx: &mut Tx, chats: &[&Activity<'_>]) -> StoreResult<HashMap<(Uuid, String), Uuid>> {
            let mut by_channel: std::collections::BTreeMap<Uuid, Vec<&str>> = std::collections::BTreeMap::new();
            for chat in chats {
                by_channel.entry(chat.channel_id).or_default().push(chat.chat_id);
            }
            let mut found = HashMap::new();
            for (channel_id, external_ids) in by_channel {
                for chunk in external_ids.chunks(ROWS_PER_STATEMENT) {
                    let mut select = sqlx::QueryBuilder::<Db>::new("SELECT external_id, id FROM whatsapp_groups WHERE channel_id = ");
                    select.push_bind(channel_id).push(" AND deleted_at IS NULL AND ");
                    push_in_list(&mut select, "external_id", chunk);
                    let rows: Vec<(String, Uuid)> = select.build_query_as().fetch_all(&mut **tx).await?;
                    found.extend(rows.into_iter().map(|(external_id, id)| ((channel_id, external_id), id)));
                }
            }
            Ok(found)
        }

        /// Folds newly stored messages into their conversations: a contact's first message starts a
        /// direct conversation (and the contact, when the number is new), a message in an imported group
        /// starts its group conversation (when its import did not); a closed conversation that hears
        /// again goes back to the queue. A conversation without any message yet (a group just imported)
        /// takes its first message's time and preview. Messages of groups that are not imported start nothing.
        /// Answers the conversations changed and, among them, those started (created at `now`).
        async fn fold_into_conversations(
            tx: &mut Tx,
            messages: &[(Uuid, &ChannelMessage)],
            now: Timestamp,
        ) -> StoreResult<(Vec<Uuid>, Vec<Uuid>)> {
            let activities = activities(messages);
            let (groups, directs): (Vec<&Activity>, Vec<&Activity>) =
                activities.iter().partition(|activity| kind_of_chat(activity.chat_id) == ConversationKind::Group);
            let group_ids = imported_group_ids(tx, &groups).await?;
            let mut contacts = HashMap::new();
            for company_id in directs.iter().map(|activity| activity.company_id).collect::<std::collections::BTreeSet<_>>() {
                let phones: Vec<&str> =
                    directs.iter().filter(|activity| activity.company_id == company_id).map(|activity| activity.chat_id).collect();
                for (phone, id) in contact_ids(tx, company_id, &phones, now).await? {
                    contacts.insert((company_id, phone), id);
                }
            }
            let rows: Vec<(&Activity, Option<Uuid>, Option<Uuid>)> = activities
                .iter()
                .filter_map(|activity| match kind_of_chat(activity.chat_id) {
                    ConversationKind::Group => {
                        let group = group_ids.get(&(activity.channel_id, activity.chat_id.to_owned()))?;
                        Some((activity, None, Some(*group)))
                    }
                    ConversationKind::Direct => {
                        Some((activity, contacts.get(&(activity.company_id, activity.chat_id.to_owned())).copied(), None))
                    }
                })
                .collect();
            let mut conversation_ids = Vec::with_capacity(rows.len());
            let mut started_ids = Vec::new();
            // Databases keep microseconds: compared at that precision, `created_at == now` means "started here".
            let now = Timestamp::from_microsecond(now.as_microsecond()).unwrap_or(now);
            for chunk in rows.chunks(ROWS_PER_STATEMENT) {
                let mut upsert = sqlx::QueryBuilder::<Db>::new(
                    "INSERT INTO conversations (id, company_id, channel_id, kind, chat_id, contact_id, group_id, status, \
                     unread_count, last_message_at, last_message_preview, last_message_kind, last_inbound_at, \
                     created_at, updated_at, cycle_started_at) ",
                );
                upsert.push_values(chunk, |mut row, (activity, contact_id, group_id)| {
                    row.push_bind(Uuid::now_v7())
                        .push_bind(activity.company_id)
                        .push_bind(activity.channel_id)
                        .push_bind(kind_of_chat(activity.chat_id).as_str())
                        .push_bind(activity.chat_id)
                        .push_bind(*contact_id)
                        .push_bind(*group_id)
                        .push_bind(ConversationStatus::Pending.as_str())
                        .push_bind(i64::from(activity.received))
                        .push_bind(db(activity.last_at))
                        .push_bind(activity.last.preview())
                        .push_bind(activity.last.kind.as_str())
                        // Every folded message was received: the customer's (or a participant's).
                        .push_bind(db(activity.last_at))
                        .push_bind(db(now))
                        .push_bind(db(now))
                        // A direct conversation's service starts with it.
                        .push_bind((kind_of_chat(activity.chat_id) == ConversationKind::Direct).then(|| db(now)));
                });
                upsert.push(
                    " ON CONFLICT (channel_id, chat_id) DO UPDATE SET \
                     unread_count = conversations.unread_count + excluded.unread_count, \
                     last_message_preview = CASE WHEN excluded.last_message_at >= conversations.last_message_at \
                         OR conversations.last_message_preview IS NULL \
                         THEN excluded.last_message_preview ELSE conversations.last_message_preview END, \
                     last_message_kind = CASE WHEN excluded.last_message_at >= conversations.last_message_at \
                         THEN excluded.last_message_kind ELSE conversations.last_message_kind END, \
                     last_message_at = CASE WHEN excluded.last_message_at >= conversations.last_message_at \
                         OR conversations.last_message_preview IS NULL \
                         THEN excluded.last_message_at ELSE conversations.last_message_at END, \
                     last_inbound_at = CASE WHEN conversations.last_inbound_at IS NULL \
                         OR excluded.last_inbound_at > conversations.last_inbound_at \
                         THEN excluded.last_inbound_at ELSE conversations.last_inbound_at END, \
                     status = CASE WHEN conversations.status = 'closed' THEN 'pending' ELSE conversations.status END, \
                     cycle_started_at = CASE WHEN conversations.status = 'closed' AND conversations.kind = 'direct' \
                         THEN excluded.updated_at ELSE conversations.cycle_started_at END, \
                     first_response_at = CASE WHEN conversations.status = 'closed' THEN NULL \
                         ELSE conversations.first_response_at END, \
                     group_id = COALESCE(excluded.group_id, conversations.group_id), updated_at = excluded.updated_at \
                     RETURNING id, created_at, cycle_started_at, company_id, channel_id, department_id",
                );
                let changed: Vec<(Uuid, DbTime, Option<DbTime>, Uuid, Uuid, Option<Uuid>)> =
                    upsert.build_query_as().fetch_all(&mut **tx).await?;
                for (id, created_at, cycle_started_at, company_id, channel_id, department_id) in changed {
                    if created_at.0 == now {
                        started_ids.push(id);
                    }
                    // Created, or reopened by the contact writing again: a new service cycle.
                    if cycle_started_at.is_some_and(|started| started.0 == now) {
                        let received = NewServiceEvent {
                            company_id,
                            conversation_id: id,
                            kind: ServiceEventKind::Received,
                            at: now,
                            user_id: None,
                            department_id,
                            channel_id,
                            seconds: None,
                        };
                        insert_service_event(tx, &received).await?;
                    }
                    conversation_ids.push(id);
                }
            }
            Ok((conversation_ids, started_ids))
        }

        /// Marks the claimed messages folded at `now`, each in the department its conversation is in:
        /// the fold's upsert holds those conversations' rows, so no routing change can slip between.
        async fn mark_folded(tx: &mut Tx, ids: &[Uuid], now: Timestamp) -> StoreResult<()> {
            for chunk in ids.chunks(ROWS_PER_STATEMENT) {
                let mut update = sqlx::QueryBuilder::<Db>::new(
                    "UPDATE messages SET folded_at = ",
                );
                update.push_bind(db(now)).push(
                    ", department_id = (SELECT c.department_id FROM conversations c \
                     WHERE c.channel_id = messages.channel_id AND c.chat_id = messages.chat_id) WHERE ",
                );
                push_in_list(&mut update, "id", chunk);
                update.build().execute(&mut **tx).await?;
            }
            Ok(())
        }

        /// Gives each imported group its conversation in Chat › Grupos before anyone writes in it: waiting,
        /// nothing unread, the import as its last activity. A group that has one keeps it, with its
        /// history (a group imported again, or un-imported and brought back).
        pub(crate) async fn open_group_conversations(
            tx: &mut Tx,
            company_id: Uuid,
            channel_id: Uuid,
            groups: &[(&str, Uuid)],
            now: Timestamp,
        ) -> StoreResult<()> {
            for chunk in groups.chunks(ROWS_PER_STATEMENT) {
                let mut insert = sqlx::QueryBuilder::<Db>::new(
                    "INSERT INTO conversations (id, company_id, channel_id, kind, chat_id, group_id, status, \
                     unread_count, last_message_at, created_at, updated_at) ",
                );
                insert.push_values(chunk, |mut row, (external_id, group_id)| {
                    row.push_bind(Uuid::now_v7())
                        .push_bind(company_id)
                        .push_bind(channel_id)
                        .push_bind(ConversationKind::Group.as_str())
                        .push_bind(*external_id)
                        .push_bind(*group_id)
                        .push_bind(ConversationStatus::Pending.as_str())
                        .push_bind(0_i64)
                        .push_bind(db(now))
                        .push_bind(db(now))
                        .push_bind(db(now));
                });
                insert.push(" ON CONFLICT (channel_id, chat_id) DO NOTHING");
                insert.build().execute(&mut **tx).await?;
            }
            Ok(())
        }

        /// A routing change, as its service events need it.
        struct ServiceChange<'a> {
            company_id: Uuid,
            id: Uuid,
            routing: &'a Routing,
            now: Timestamp,
            /// Who made the change (`None`: the system).
            actor: Option<Uuid>,
            /// Who moved it, when the change is a transfer.
            transferred_by: Option<Uuid>,
        }

        /// Records what a routing change did to a direct conversation's service (`routing_events`):
        /// reopening starts a cycle, closing ends it with its resolution time; the greeting menu
        /// choosing a queue for a conversation that waits moves its cycle's `received` event there.
        async fn record_service_events(tx: &mut Tx, before: &ServiceState, change: &ServiceChange<'_>) -> StoreResult<()> {
            if before.kind != ConversationKind::Direct.as_str() {
                return Ok(());
            }
            let (routing, now) = (change.routing, change.now);
            let previous = before.routing()?;
            let mut cycle_started_at = before.cycle_started_at.map(|at| at.0);
            for kind in routing_events(&previous, routing, change.transferred_by.is_some()) {
                let user_id = match kind {
                    ServiceEventKind::Taken => routing.assigned_to,
                    ServiceEventKind::Transferred => change.transferred_by,
                    ServiceEventKind::Closed => change.actor.or(previous.assigned_to),
                    _ => change.actor,
                };
                if kind == ServiceEventKind::Received {
                    sqlx::query("UPDATE conversations SET cycle_started_at = $2, first_response_at = NULL WHERE id = $1")
                        .bind(change.id)
                        .bind(db(now))
                        .execute(&mut **tx)
                        .await?;
                    cycle_started_at = Some(now);
                }
                let seconds = match kind {
                    ServiceEventKind::Closed => cycle_started_at.map(|start| seconds_since(start, now)),
                    _ => None,
                };
                let event = NewServiceEvent {
                    company_id: change.company_id,
                    conversation_id: change.id,
                    kind,
                    at: now,
                    user_id,
                    department_id: routing.department_id,
                    channel_id: before.channel_id,
                    seconds,
                };
                insert_service_event(tx, &event).await?;
            }
            let waits = previous.status == ConversationStatus::Pending && previous.assigned_to.is_none();
            if waits
                && change.transferred_by.is_none()
                && routing.department_id != previous.department_id
                && let Some(started) = cycle_started_at
            {
                move_cycle_to_department(tx, before, change.id, started, routing.department_id).await?;
            }
            Ok(())
        }

        /// Counts the cycle that began at `started` in `department_id`: its reception and its messages
        /// so far (the received ones folded since, the sent ones written since).
        async fn move_cycle_to_department(
            tx: &mut Tx,
            conversation: &ServiceState,
            id: Uuid,
            started: Timestamp,
            department_id: Option<Uuid>,
        ) -> StoreResult<()> {
            sqlx::query(
                "UPDATE conversation_events SET department_id = $3 \
                 WHERE conversation_id = $1 AND kind = 'received' AND at = $2",
            )
            .bind(id)
            .bind(db(started))
            .bind(department_id)
            .execute(&mut **tx)
            .await?;
            sqlx::query(
                "UPDATE messages SET department_id = $4 WHERE channel_id = $1 AND chat_id = $2 \
                 AND (folded_at >= $3 OR (direction = 'outbound' AND created_at >= $3))",
            )
            .bind(conversation.channel_id)
            .bind(&conversation.chat_id)
            .bind(db(started))
            .bind(department_id)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }

        impl SqlStore {
            /// Conversations of the rows, with their labels.
            async fn complete(&self, rows: Vec<ConversationRow>) -> StoreResult<Vec<Conversation>> {
                let mut conversations: Vec<Conversation> = convert_all(rows)?;
                attach_labels(&self.pool, &mut conversations).await?;
                Ok(conversations)
            }

            async fn complete_one(&self, row: Option<ConversationRow>) -> StoreResult<Option<Conversation>> {
                Ok(self.complete(row.into_iter().collect()).await?.pop())
            }

            /// The row `sql` reads of what `id` names (a conversation, a media file…) if the viewer
            /// sees a conversation holding it: `sql` applies `conversation_visible!` (`$1` to `$4`)
            /// and reads `id` as `$5`.
            pub(crate) async fn visible_one<O>(
                &self,
                sql: &'static str,
                company_id: Uuid,
                viewer: &ConversationViewer,
                id: Uuid,
            ) -> StoreResult<Option<O>>
            where
                O: for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin,
            {
                Ok(sqlx::query_as(sql)
                    .bind(company_id)
                    .bind(viewer.sees_everything)
                    .bind(viewer.user_id)
                    .bind(viewer.visibility.as_str())
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?)
            }
        }

        #[async_trait]
        impl ConversationStore for SqlStore {
            async fn has_unfolded_messages(&self) -> StoreResult<bool> {
                let waiting: Option<(Uuid,)> =
                    sqlx::query_as("SELECT id FROM messages WHERE folded_at IS NULL AND direction = 'inbound' LIMIT 1")
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(waiting.is_some())
            }

            async fn fold_received_messages(&self, limit: u32, now: Timestamp) -> StoreResult<FoldedMessages> {
                let mut tx = self.begin_write().await?;
                // Claimed (locked) now, marked folded once their conversations are written; a failed
                // fold rolls both back.
                let claimed: Vec<(Uuid, Uuid)> = sqlx::query_as(concat!(
                    "SELECT id, company_id FROM messages WHERE folded_at IS NULL AND direction = 'inbound' \
                     ORDER BY id LIMIT $1 ",
                    skip_locked!()
                ))
                .bind(i64::from(limit))
                .fetch_all(&mut *tx)
                .await?;
                if claimed.is_empty() {
                    return Ok(FoldedMessages::default());
                }
                let companies: HashMap<Uuid, Uuid> = claimed.iter().copied().collect();
                let ids: Vec<Uuid> = claimed.iter().map(|(id, _)| *id).collect();
                // Ids grow with time: oldest first.
                let messages: Vec<(Uuid, ChannelMessage)> = messages_by_ids(&mut tx, &ids)
                    .await?
                    .into_iter()
                    .filter_map(|message| Some((*companies.get(&message.id)?, message)))
                    .collect();
                let borrowed: Vec<(Uuid, &ChannelMessage)> = messages.iter().map(|(company_id, message)| (*company_id, message)).collect();
                let (conversation_ids, started_ids) = fold_into_conversations(&mut tx, &borrowed, now).await?;
                mark_folded(&mut tx, &ids, now).await?;
                tx.commit().await?;
                Ok(FoldedMessages { messages, conversation_ids, started_ids })
            }

            async fn find_conversations(&self, ids: &[Uuid]) -> StoreResult<Vec<Conversation>> {
                let mut found = Vec::with_capacity(ids.len());
                for chunk in ids.chunks(ROWS_PER_STATEMENT) {
                    let mut select = sqlx::QueryBuilder::<Db>::new($crate::conversation_select!());
                    select.push("WHERE ");
                    push_in_list(&mut select, "c.id", chunk);
                    let rows: Vec<ConversationRow> = select.build_query_as().fetch_all(&self.pool).await?;
                    found.extend(self.complete(rows).await?);
                }
                Ok(found)
            }

            async fn assign_from_queue(
                &self,
                company_id: Uuid,
                id: Uuid,
                user_id: Uuid,
                now: Timestamp,
                audit: &NewAuditEntry,
            ) -> StoreResult<bool> {
                $crate::audited_write!(self, audit, |tx| {
                    let taken: Option<(Uuid, Option<Uuid>)> = sqlx::query_as(
                        "UPDATE conversations SET assigned_to = $3, status = 'open', assigned_at = $4, updated_at = $4 \
                         WHERE id = $1 AND company_id = $2 AND status = 'pending' AND assigned_to IS NULL AND NOT awaiting_choice \
                         RETURNING channel_id, department_id",
                    )
                    .bind(id)
                    .bind(company_id)
                    .bind(user_id)
                    .bind(db(now))
                    .fetch_optional(&mut *tx)
                    .await?;
                    let Some((channel_id, department_id)) = taken else {
                        return Ok(false);
                    };
                    let event = NewServiceEvent {
                        company_id,
                        conversation_id: id,
                        kind: ServiceEventKind::Taken,
                        at: now,
                        user_id: Some(user_id),
                        department_id,
                        channel_id,
                        seconds: None,
                    };
                    insert_service_event(&mut tx, &event).await?;
                    true
                })
            }

            async fn waiting_conversations(&self, company_id: Uuid, limit: u32) -> StoreResult<Vec<Conversation>> {
                let rows: Vec<ConversationRow> = sqlx::query_as(concat!(
                    $crate::conversation_select!(),
                    "WHERE c.company_id = $1 AND c.status = 'pending' AND c.assigned_to IS NULL AND c.kind = 'direct' \
                     AND NOT c.awaiting_choice AND (c.department_id IS NOT NULL OR ct.owner_id IS NOT NULL) \
                     AND EXISTS (SELECT 1 FROM channels ch WHERE ch.id = c.channel_id AND ch.deleted_at IS NULL) \
                     ORDER BY c.last_message_at, c.id LIMIT $2"
                ))
                .bind(company_id)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?;
                self.complete(rows).await
            }

            async fn queue_candidates(
                &self,
                company_id: Uuid,
                channel_id: Uuid,
                department_id: Option<Uuid>,
            ) -> StoreResult<Vec<QueueCandidate>> {
                let rows: Vec<QueueCandidateRow> = sqlx::query_as(concat!(
                    "SELECT q.*, (SELECT p.status FROM presence_periods p WHERE p.user_id = q.id AND p.ended_at IS NULL \
                         ORDER BY p.started_at DESC LIMIT 1) AS presence, \
                     (SELECT MAX(x.assigned_at) FROM conversations x WHERE x.assigned_to = q.id) AS last_assigned_at FROM (",
                    $crate::user_auth_select!(
                        "u.company_id = $1 AND u.status = 'active' \
                         AND u.id IN (SELECT uc.user_id FROM user_channels uc WHERE uc.channel_id = $2) \
                         AND ($3 IS NULL OR u.id IN (SELECT ud.user_id FROM user_departments ud WHERE ud.department_id = $3))"
                    ),
                    ") q ORDER BY q.id"
                ))
                .bind(company_id)
                .bind(channel_id)
                .bind(department_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(QueueCandidate::try_from).collect()
            }

            async fn find_conversation_of_chat(&self, channel_id: Uuid, chat_id: &str) -> StoreResult<Option<Conversation>> {
                let row: Option<ConversationRow> =
                    sqlx::query_as(concat!($crate::conversation_select!(), "WHERE c.channel_id = $1 AND c.chat_id = $2"))
                        .bind(channel_id)
                        .bind(chat_id)
                        .fetch_optional(&self.pool)
                        .await?;
                self.complete_one(row).await
            }

            async fn find_conversations_of_chats(&self, channel_id: Uuid, chat_ids: &[String]) -> StoreResult<Vec<Conversation>> {
                let mut found = Vec::with_capacity(chat_ids.len());
                for chunk in chat_ids.chunks(ROWS_PER_STATEMENT) {
                    let mut select = sqlx::QueryBuilder::<Db>::new($crate::conversation_select!());
                    select.push("WHERE c.id IN (SELECT (SELECT x.id FROM conversations x WHERE x.channel_id = ");
                    select.push_bind(channel_id).push(" AND x.chat_id = v.column1) FROM ");
                    push_values_table(&mut select, chunk);
                    select.push(")");
                    let rows: Vec<ConversationRow> = select.build_query_as().fetch_all(&self.pool).await?;
                    found.extend(self.complete(rows).await?);
                }
                Ok(found)
            }

            async fn list_conversations(
                &self,
                company_id: Uuid,
                viewer: &ConversationViewer,
                filter: &ConversationFilter,
                page: PageRequest,
            ) -> StoreResult<Page<Conversation>> {
                let rows: Vec<ConversationRow> = sqlx::query_as(concat!(
                    $crate::visible_conversations!(),
                    " AND ($5 IS NULL OR c.kind = $5) AND ($6 IS NULL OR c.status = $6) AND ($7 IS NULL OR c.channel_id = $7)",
                    " AND ($8 IS NULL OR (CASE WHEN c.kind = 'group' THEN g.department_id ELSE c.department_id END) = $8)",
                    " AND ($9 IS NULL OR c.assigned_to = $9)",
                    " AND ($10 IS NULL OR (c.last_message_at, c.id) < (SELECT x.last_message_at, x.id FROM conversations x",
                    "      WHERE x.id = $10 AND x.company_id = $1))",
                    " AND ($12 IS NULL OR EXISTS (SELECT 1 FROM conversation_labels cl",
                    "      WHERE cl.conversation_id = c.id AND cl.label_id = $12 AND cl.company_id = $1))",
                    " AND ($13 IS NULL OR c.contact_id = $13)",
                    " ORDER BY c.last_message_at DESC, c.id DESC LIMIT $11"
                ))
                .bind(company_id)
                .bind(viewer.sees_everything)
                .bind(viewer.user_id)
                .bind(viewer.visibility.as_str())
                .bind(filter.kind.map(ConversationKind::as_str))
                .bind(filter.status.map(ConversationStatus::as_str))
                .bind(filter.channel_id)
                .bind(filter.department_id)
                .bind(filter.assigned_to)
                .bind(page.after)
                .bind(page.fetch_limit())
                .bind(filter.label_id)
                .bind(filter.contact_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(Page::from_rows(self.complete(rows).await?, page, |conversation: &Conversation| conversation.id))
            }

            async fn get_conversation(
                &self,
                company_id: Uuid,
                viewer: &ConversationViewer,
                id: Uuid,
            ) -> StoreResult<Option<Conversation>> {
                let sql = concat!($crate::visible_conversations!(), " AND c.id = $5");
                let row: Option<ConversationRow> = self.visible_one(sql, company_id, viewer, id).await?;
                self.complete_one(row).await
            }

            async fn find_visible_chat(
                &self,
                company_id: Uuid,
                viewer: &ConversationViewer,
                id: Uuid,
            ) -> StoreResult<Option<ConversationChat>> {
                let row: Option<(Uuid, String)> = self.visible_one($crate::visible_chat!(), company_id, viewer, id).await?;
                Ok(row.map(|(channel_id, chat_id)| ConversationChat { channel_id, chat_id }))
            }

            async fn enqueue_answer(
                &self,
                company_id: Uuid,
                message: &ChannelMessage,
                idempotency_key: Option<&str>,
                taking: &Taking<'_>,
                now: Timestamp,
            ) -> StoreResult<Answer> {
                let mut tx = self.begin_write().await?;
                let (message, new) = queue_outbound(&mut tx, company_id, message, idempotency_key, Some(taking.user_id)).await?;
                let mut taken = false;
                if new {
                    let took: Option<(Uuid, Option<Uuid>)> = sqlx::query_as(
                        "UPDATE conversations SET status = $3, assigned_to = $4, awaiting_choice = $5, assigned_at = $6, \
                         updated_at = $6 WHERE id = $1 AND company_id = $2 AND status = 'pending' AND assigned_to IS NULL \
                         RETURNING channel_id, department_id",
                    )
                    .bind(taking.conversation_id)
                    .bind(company_id)
                    .bind(taking.routing.status.as_str())
                    .bind(taking.routing.assigned_to)
                    .bind(taking.routing.awaiting_choice)
                    .bind(db(now))
                    .fetch_optional(&mut *tx)
                    .await?;
                    if let Some((channel_id, department_id)) = took {
                        taken = true;
                        insert_audit(&mut tx, taking.audit).await?;
                        let event = NewServiceEvent {
                            company_id,
                            conversation_id: taking.conversation_id,
                            kind: ServiceEventKind::Taken,
                            at: now,
                            user_id: Some(taking.user_id),
                            department_id,
                            channel_id,
                            seconds: None,
                        };
                        insert_service_event(&mut tx, &event).await?;
                    }
                }
                tx.commit().await?;
                Ok(Answer { message, new, taken })
            }

            async fn update_conversation_routing(
                &self,
                company_id: Uuid,
                id: Uuid,
                routing: &Routing,
                now: Timestamp,
                audit: Option<&NewAuditEntry>,
                event: Option<&AuthoredMessage<'_>>,
            ) -> StoreResult<Option<ChannelMessage>> {
                let mut tx = self.begin_write().await?;
                let before: Option<ServiceState> = sqlx::query_as(concat!(
                    "SELECT status, department_id, assigned_to, kind, channel_id, chat_id, cycle_started_at FROM conversations \
                     WHERE id = $1 AND company_id = $2 ",
                    for_update!()
                ))
                .bind(id)
                .bind(company_id)
                .fetch_optional(&mut *tx)
                .await?;
                let before = before.ok_or(StoreError::NotFound)?;
                let result = sqlx::query(
                    "UPDATE conversations SET status = $3, department_id = $4, assigned_to = $5, unread_count = $6, \
                     updated_at = $7, awaiting_choice = $8, \
                     away_answered_at = CASE WHEN $3 = 'closed' THEN NULL ELSE away_answered_at END, \
                     assigned_at = CASE WHEN $5 IS NOT NULL AND assigned_to IS DISTINCT FROM $5 THEN $7 ELSE assigned_at END \
                     WHERE id = $1 AND company_id = $2",
                )
                .bind(id)
                .bind(company_id)
                .bind(routing.status.as_str())
                .bind(routing.department_id)
                .bind(routing.assigned_to)
                .bind(i64::from(routing.unread_count))
                .bind(db(now))
                .bind(routing.awaiting_choice)
                .execute(&mut *tx)
                .await?;
                expect_one(result.rows_affected())?;
                if let Some(audit) = audit {
                    insert_audit(&mut tx, audit).await?;
                }
                let service = ServiceChange {
                    company_id,
                    id,
                    routing,
                    now,
                    actor: audit.and_then(|audit| audit.actor.id),
                    transferred_by: event.map(|event| event.author_id),
                };
                record_service_events(&mut tx, &before, &service).await?;
                let stored = match event {
                    Some(event) => Some(insert_team_message(&mut tx, company_id, event).await?),
                    None => None,
                };
                tx.commit().await?;
                Ok(stored)
            }
        }
    };
}
