//! The SQL reports read. Expanded into each backend by `crate::sql_store!`.

/// The messages `m` the service report counts, as PostgreSQL's index `messages_counted` (0025) and
/// SQLite's counts per quarter hour (0025) hold them (the same condition, so that they serve): no
/// notes or transfers, in direct chats (a group's id ends in `@g.us`: `conversation::kind_of_chat`).
#[doc(hidden)]
#[macro_export]
macro_rules! counted_messages {
    () => {
        "m.kind NOT IN ('note', 'transfer') AND m.chat_id NOT LIKE '%@g.us'"
    };
}

/// The imported groups `g` a report counts (`$1` the company, `$2` a linked user or null): not
/// un-imported, on a channel not removed, and of the user's channels when one is named (the group
/// list's rule).
#[doc(hidden)]
#[macro_export]
macro_rules! report_groups_where {
    () => {
        concat!(
            "g.company_id = $1 AND g.deleted_at IS NULL AND ",
            $crate::live_channel!(),
            " AND ($2 IS NULL OR EXISTS (SELECT 1 FROM user_channels uc WHERE uc.channel_id = g.channel_id \
             AND uc.user_id = $2))"
        )
    };
}

/// What people wrote in a group `g`'s chat `m`: the team's notes and transfers and WhatsApp's
/// notices left out. The (channel, chat, sent_at, kind, sender) index serves it.
#[doc(hidden)]
#[macro_export]
macro_rules! written_in_group {
    () => {
        "m.channel_id = g.channel_id AND m.chat_id = g.external_id AND m.kind NOT IN ('note', 'transfer', 'system')"
    };
}

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! reports_sql {
    () => {
        use super::shared::*;
        use $crate::reports::rows::{ReportUserRow, UserPresenceRow};
        use blocopro_domain::presence::PresencePeriod;
        use std::collections::HashMap;
        use blocopro_domain::channel::MessageDirection;
        use blocopro_domain::reports::CalendarSpan;
        use blocopro_domain::reports::groups::{GroupMessageCount, SenderCount};
        use blocopro_domain::reports::service::{EventCount, EventDuration, MessageCount, ServiceEventKind, ServiceGrouping};
        use blocopro_domain::reports::volume::SlotCount;
        pub(crate) use $crate::reports::rows::NewServiceEvent;

        /// Stores a service event; called inside the transaction of the change it records.
        pub(crate) async fn insert_service_event(tx: &mut Tx, event: &NewServiceEvent) -> StoreResult<()> {
            sqlx::query(
                "INSERT INTO conversation_events (id, company_id, conversation_id, kind, at, user_id, department_id, \
                 channel_id, seconds) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(Uuid::now_v7())
            .bind(event.company_id)
            .bind(event.conversation_id)
            .bind(event.kind.as_str())
            .bind(db(event.at))
            .bind(event.user_id)
            .bind(event.department_id)
            .bind(event.channel_id)
            .bind(event.seconds)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }

        /// `WITH spans (idx, s, e)`: the report's calendar as a table, each span `[s, e)` by its index.
        fn with_spans(spans: &[CalendarSpan]) -> sqlx::QueryBuilder<Db> {
            let mut query = sqlx::QueryBuilder::<Db>::new("WITH spans (idx, s, e) AS (VALUES ");
            for (index, span) in spans.iter().enumerate() {
                if index > 0 {
                    query.push(", ");
                }
                query.push("(").push_bind(index as i64).push(", ").push_bind(db(span.start));
                query.push(", ").push_bind(db(span.end)).push(")");
            }
            query.push(") ");
            query
        }

        /// The event column a grouping reads.
        fn event_key(by: ServiceGrouping) -> &'static str {
            match by {
                ServiceGrouping::Attendant => "ev.user_id",
                ServiceGrouping::Department => "ev.department_id",
                ServiceGrouping::Channel => "ev.channel_id",
            }
        }

        /// The events of company `company_id` in the spans `sp`, with `columns` selected.
        fn events_in_spans(spans: &[CalendarSpan], company_id: Uuid, columns: &str) -> sqlx::QueryBuilder<Db> {
            let mut query = with_spans(spans);
            query.push(format!("SELECT sp.idx, {columns} FROM spans sp JOIN conversation_events ev "));
            query.push("ON ev.at >= sp.s AND ev.at < sp.e WHERE ev.company_id = ").push_bind(company_id);
            query
        }

        fn kind_of(text: &str) -> StoreResult<ServiceEventKind> {
            ServiceEventKind::parse(text).ok_or_else(|| StoreError::Corrupt(format!("service event kind {text}")))
        }

        #[async_trait]
        impl ReportStore for SqlStore {
            async fn attendants_presence(
                &self,
                company_id: Uuid,
                user_id: Option<Uuid>,
                from: Timestamp,
                to: Timestamp,
            ) -> StoreResult<Vec<AttendantPresence>> {
                let users: Vec<ReportUserRow> = sqlx::query_as(concat!(
                    "SELECT u.id, u.name, u.is_admin, ",
                    $crate::joined_access_hours!(),
                    " FROM users u LEFT JOIN access_hours ah ON ah.user_id = u.id \
                     WHERE u.company_id = $1 AND u.deleted_at IS NULL AND ($2 IS NULL OR u.id = $2) ORDER BY u.name, u.id"
                ))
                .bind(company_id)
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?;
                let rows: Vec<UserPresenceRow> = sqlx::query_as(
                    "SELECT user_id, status, started_at, ended_at FROM presence_periods \
                     WHERE company_id = $1 AND ($2 IS NULL OR user_id = $2) AND started_at < $4 \
                     AND (ended_at IS NULL OR ended_at > $3) ORDER BY user_id, started_at",
                )
                .bind(company_id)
                .bind(user_id)
                .bind(db(from))
                .bind(db(to))
                .fetch_all(&self.pool)
                .await?;
                let mut periods: HashMap<Uuid, Vec<PresencePeriod>> = HashMap::new();
                for row in rows {
                    periods.entry(row.user_id).or_default().push(row.period.try_into()?);
                }
                Ok(users
                    .into_iter()
                    .map(|user| AttendantPresence {
                        user_id: user.id,
                        periods: periods.remove(&user.id).unwrap_or_default(),
                        name: user.name,
                        is_admin: user.is_admin,
                        access_hours: user.access_hours.into_access_hours(),
                    })
                    .collect())
            }

            async fn service_event_counts(
                &self,
                company_id: Uuid,
                spans: &[CalendarSpan],
                by: ServiceGrouping,
            ) -> StoreResult<Vec<EventCount>> {
                let key = event_key(by);
                let mut query = events_in_spans(spans, company_id, &format!("{key}, ev.kind, COUNT(*)"));
                query.push(format!(" GROUP BY sp.idx, {key}, ev.kind"));
                let rows: Vec<(i64, Option<Uuid>, String, i64)> = query.build_query_as().fetch_all(&self.pool).await?;
                rows.into_iter()
                    .map(|(span, key, kind, count)| Ok(EventCount { span: span as usize, key, kind: kind_of(&kind)?, count }))
                    .collect()
            }

            async fn service_durations(
                &self,
                company_id: Uuid,
                spans: &[CalendarSpan],
                by: ServiceGrouping,
            ) -> StoreResult<Vec<EventDuration>> {
                let mut query = events_in_spans(spans, company_id, &format!("{}, ev.kind, ev.seconds", event_key(by)));
                query.push(" AND ev.seconds IS NOT NULL");
                let rows: Vec<(i64, Option<Uuid>, String, i64)> = query.build_query_as().fetch_all(&self.pool).await?;
                rows.into_iter()
                    .map(|(span, key, kind, seconds)| {
                        Ok(EventDuration { span: span as usize, key, kind: kind_of(&kind)?, seconds })
                    })
                    .collect()
            }

            async fn service_message_counts(
                &self,
                company_id: Uuid,
                spans: &[CalendarSpan],
                by: ServiceGrouping,
            ) -> StoreResult<Vec<MessageCount>> {
                let (key, only) = match by {
                    // Sent: who wrote it (automatic answers have no author, and count nowhere); received: nobody's.
                    ServiceGrouping::Attendant => (
                        "CASE WHEN m.direction = 'outbound' THEN m.author_id END",
                        " AND (m.direction = 'inbound' OR m.author_id IS NOT NULL)",
                    ),
                    // The department the conversation was in when the message was written.
                    ServiceGrouping::Department => ("m.department_id", ""),
                    ServiceGrouping::Channel => ("m.channel_id", ""),
                };
                // Counts the backend keeps per quarter hour (`m.quarter_start`, `m.count`) when it does and
                // every span starts and ends on one; otherwise the messages themselves.
                let per_quarter = service_message_counts_per_quarter!()
                    .filter(|_| spans.iter().all(CalendarSpan::on_quarter_hours));
                let (rows, at, count, counted) = match per_quarter {
                    Some(table) => (table, "m.quarter_start", "SUM(m.count)", "TRUE"),
                    None => ("messages", "m.sent_at", "COUNT(*)", $crate::counted_messages!()),
                };
                let mut query = with_spans(spans);
                query.push(format!("SELECT sp.idx, {key}, m.direction, {count} FROM spans sp JOIN {rows} m "));
                query.push("ON m.company_id = ").push_bind(company_id);
                query.push(format!(" AND {at} >= sp.s AND {at} < sp.e WHERE {counted}"));
                query.push(format!("{only} GROUP BY sp.idx, {key}, m.direction HAVING {count} > 0"));
                let rows: Vec<(i64, Option<Uuid>, String, i64)> = query.build_query_as().fetch_all(&self.pool).await?;
                rows.into_iter()
                    .map(|(span, key, direction, count)| {
                        let direction = MessageDirection::parse(&direction)
                            .ok_or_else(|| StoreError::Corrupt(format!("message direction {direction}")))?;
                        Ok(MessageCount { span: span as usize, key, direction, count })
                    })
                    .collect()
            }

            async fn service_group_names(&self, company_id: Uuid, by: ServiceGrouping) -> StoreResult<Vec<(Uuid, String)>> {
                let statement = match by {
                    ServiceGrouping::Attendant => "SELECT id, name FROM users WHERE company_id = $1",
                    ServiceGrouping::Department => "SELECT id, name FROM departments WHERE company_id = $1",
                    ServiceGrouping::Channel => "SELECT id, name FROM channels WHERE company_id = $1",
                };
                Ok(sqlx::query_as(statement).bind(company_id).fetch_all(&self.pool).await?)
            }

            async fn queues_waiting(&self, company_id: Uuid) -> StoreResult<Vec<QueueWaiting>> {
                let rows: Vec<(Option<Uuid>, i64, DbTime)> = sqlx::query_as(
                    "SELECT c.department_id, COUNT(*), MIN(COALESCE(c.cycle_started_at, c.created_at)) FROM conversations c \
                     WHERE c.company_id = $1 AND c.status = 'pending' AND c.assigned_to IS NULL AND c.kind = 'direct' \
                     AND NOT c.awaiting_choice \
                     AND EXISTS (SELECT 1 FROM channels ch WHERE ch.id = c.channel_id AND ch.deleted_at IS NULL) \
                     GROUP BY c.department_id ORDER BY c.department_id",
                )
                .bind(company_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(department_id, waiting, oldest)| QueueWaiting { department_id, waiting, oldest_since: oldest.0 })
                    .collect())
            }

            async fn conversations_started(
                &self,
                company_id: Uuid,
                from: Timestamp,
                to: Timestamp,
            ) -> StoreResult<Vec<SlotCount>> {
                // The (company, kind, at) index holds every column read: a range of it, counted.
                let rows: Vec<(i64, i64)> = sqlx::query_as(concat!(
                    "SELECT ",
                    epoch_quarter!("ev.at"),
                    ", COUNT(*) FROM conversation_events ev \
                     WHERE ev.company_id = $1 AND ev.kind = 'received' AND ev.at >= $2 AND ev.at < $3 GROUP BY 1"
                ))
                .bind(company_id)
                .bind(db(from))
                .bind(db(to))
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(|(slot, count)| SlotCount { slot, count }).collect())
            }

            async fn report_groups(&self, company_id: Uuid, linked_user: Option<Uuid>) -> StoreResult<Vec<(Uuid, String)>> {
                Ok(sqlx::query_as(concat!(
                    "SELECT g.id, g.subject FROM whatsapp_groups g WHERE ",
                    $crate::report_groups_where!(),
                    " ORDER BY g.subject_key, g.id"
                ))
                .bind(company_id)
                .bind(linked_user)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn group_message_counts(
                &self,
                company_id: Uuid,
                spans: &[CalendarSpan],
                linked_user: Option<Uuid>,
            ) -> StoreResult<Vec<GroupMessageCount>> {
                // One count per group and span, each a range of the (channel, chat, sent_at, …) index: a plan that
                // does not hang on statistics (joined instead, PostgreSQL guessed a few messages per chat and
                // compared every message of the year with every span), never a walk over other messages.
                let mut query = with_spans(spans);
                query.push("SELECT x.idx, x.id, x.n FROM (SELECT sp.idx AS idx, g.id AS id, (SELECT COUNT(*) FROM messages m WHERE ");
                query.push($crate::written_in_group!());
                query.push(" AND m.sent_at >= sp.s AND m.sent_at < sp.e) AS n FROM whatsapp_groups g CROSS JOIN spans sp ");
                query.push("WHERE g.company_id = ").push_bind(company_id);
                query.push(concat!(" AND g.deleted_at IS NULL AND ", $crate::live_channel!(), " AND ("));
                query.push_bind(linked_user).push(" IS NULL OR EXISTS (SELECT 1 FROM user_channels uc ");
                query.push("WHERE uc.channel_id = g.channel_id AND uc.user_id = ").push_bind(linked_user);
                query.push("))) x WHERE x.n > 0");
                let rows: Vec<(i64, Uuid, i64)> = query.build_query_as().fetch_all(&self.pool).await?;
                Ok(rows
                    .into_iter()
                    .map(|(span, group_id, count)| GroupMessageCount { span: span as usize, group_id, count })
                    .collect())
            }

            async fn group_sender_counts(
                &self,
                company_id: Uuid,
                from: Timestamp,
                to: Timestamp,
                group_id: Option<Uuid>,
                linked_user: Option<Uuid>,
            ) -> StoreResult<Vec<SenderCount>> {
                let rows: Vec<(Uuid, String, Option<Uuid>, Option<String>, i64)> = sqlx::query_as(concat!(
                    "SELECT t.group_id, t.sender, ct.id, ct.name, t.n FROM (SELECT g.id AS group_id, m.sender AS sender, ",
                    "COUNT(*) AS n FROM whatsapp_groups g CROSS JOIN messages m WHERE ",
                    $crate::report_groups_where!(),
                    " AND ($5 IS NULL OR g.id = $5) AND ",
                    $crate::written_in_group!(),
                    " AND m.sent_at >= $3 AND m.sent_at < $4 GROUP BY g.id, m.sender) t ",
                    "LEFT JOIN contacts ct ON ct.company_id = $1 AND ct.phone = t.sender AND ct.deleted_at IS NULL"
                ))
                .bind(company_id)
                .bind(linked_user)
                .bind(db(from))
                .bind(db(to))
                .bind(group_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(group_id, number, contact_id, name, count)| SenderCount { group_id, number, contact_id, name, count })
                    .collect())
            }
        }
    };
}
