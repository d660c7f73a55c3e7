//! The SQL of WhatsApp groups: pre-import jobs and the groups they found, imported groups with
//! their participants, and the contacts those participants are. Imports are written in multi-row
//! statements (no query per group or per participant), in external-id and phone order so that
//! concurrent imports lock rows in the same order. Expanded into each backend by `crate::sql_store!`.

#[doc(hidden)]
#[macro_export]
macro_rules! group_columns {
    () => {
        "id, company_id, channel_id, external_id, subject, description, department_id, muted, archived, \
         own_number_is_admin, participant_count, imported_at, updated_at"
    };
}

#[doc(hidden)]
#[macro_export]
/// Groups of removed channels leave the lists with their channel.
macro_rules! live_channel {
    () => {
        "EXISTS (SELECT 1 FROM channels ch WHERE ch.id = g.channel_id AND ch.deleted_at IS NULL)"
    };
}

/// The group list after its `FROM … WHERE`, which chooses the rows the search leaves (`$1` the
/// company, `$5` the search, and `$10` its whole term through the index): `$2` channel, `$3`
/// department, `$4` archived, `$6` linked user, `$7` cursor, `$8` rows to fetch, `$9` a participant.
#[doc(hidden)]
#[macro_export]
macro_rules! group_list_sql {
    ($($rows:tt)+) => {
        concat!(
            "SELECT ",
            $crate::group_columns!(),
            $($rows)+,
            " AND g.deleted_at IS NULL AND ",
            $crate::live_channel!(),
            " AND ($2 IS NULL OR g.channel_id = $2) AND ($3 IS NULL OR g.department_id = $3)",
            " AND ($4 IS NULL OR g.archived = $4)",
            " AND ($6 IS NULL OR EXISTS (SELECT 1 FROM user_channels uc WHERE uc.channel_id = g.channel_id",
            "      AND uc.user_id = $6))",
            " AND ($7 IS NULL OR (g.subject_key, g.id) > (SELECT x.subject_key, x.id FROM whatsapp_groups x",
            "      WHERE x.id = $7 AND x.company_id = $1))",
            " AND ($9 IS NULL OR EXISTS (SELECT 1 FROM group_participants gp WHERE gp.group_id = g.id",
            "      AND gp.contact_id = $9))",
            " ORDER BY g.subject_key, g.id LIMIT $8"
        )
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! group_import_columns {
    () => {
        "id, company_id, channel_id, status, done, total, error, created_by, created_at, finished_at"
    };
}

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! groups_sql {
    () => {
        use super::shared::*;
        use super::conversations::open_group_conversations;
        use $crate::groups::rows::{GroupCandidateRow, GroupImportRow, GroupMemberRow, GroupRow, GroupSnapshotRow};
        use blocopro_domain::contact::{Contact, search_key, sort_key};
        use blocopro_domain::text::fold_for_search;
        use blocopro_domain::group::{Group, GroupCandidate, GroupChange, GroupImportJob, GroupImportStatus, GroupMember, GroupSettings, GroupSnapshot, MemberPhone, Progress, distinct_members, subject_key};
        use std::collections::{HashMap, HashSet};

        /// The company's groups, unfiltered or searched by a LIKE over their subjects' keys (a term
        /// too short for the search index).
        const LISTED_GROUPS: &str = $crate::group_list_sql!(
            " FROM whatsapp_groups g WHERE g.company_id = $1 AND ($5 IS NULL OR g.subject_key LIKE $5 ESCAPE '\\')"
        );
        /// The company's groups found through the search index.
        pub(crate) const SEARCHED_GROUPS: &str =
            $crate::group_list_sql!(searched_rows!("whatsapp_groups", "subject_key", "g", "$1", "$5", "$10"));

        /// The group list's statement (`LISTED_GROUPS` or `SEARCHED_GROUPS`, or its plan) with its arguments.
        pub(crate) fn group_list_query<'q>(
            sql: impl sqlx::SqlSafeStr,
            company_id: Uuid,
            search: Option<&TextSearch>,
            filter: &'q GroupFilter,
            page: PageRequest,
        ) -> Query<'q> {
            let query = sqlx::query(sql)
                .bind(company_id)
                .bind(filter.channel_id)
                .bind(filter.department_id)
                .bind(filter.archived);
            let query = bind_search(query, search)
                .bind(filter.linked_user)
                .bind(page.after)
                .bind(page.fetch_limit())
                .bind(filter.participant);
            match whole_term_argument(search) {
                Some(whole) => query.bind(whole),
                None => query,
            }
        }

        /// The company's contact id for each number, creating contacts for numbers it does not know yet.
        /// Known numbers are read first: a contact writing again costs one query.
        pub(crate) async fn contact_ids(tx: &mut Tx, company_id: Uuid, phones: &[&str], now: Timestamp) -> StoreResult<HashMap<String, Uuid>> {
            let mut phones = phones.to_vec();
            phones.sort_unstable();
            phones.dedup();
            let mut ids = HashMap::with_capacity(phones.len());
            for chunk in phones.chunks(ROWS_PER_STATEMENT) {
                ids.extend(existing_contact_ids(tx, company_id, chunk).await?);
                let unknown: Vec<&str> = chunk.iter().copied().filter(|phone| !ids.contains_key(*phone)).collect();
                if unknown.is_empty() {
                    continue;
                }
                let mut insert = sqlx::QueryBuilder::<Db>::new(
                    "INSERT INTO contacts (id, company_id, phone, tags, search_key, sort_key, created_at, updated_at) ",
                );
                insert.push_values(&unknown, |mut row, phone| {
                    let contact = Contact::of_number(Uuid::now_v7(), company_id, phone, now);
                    row.push_bind(contact.id)
                        .push_bind(company_id)
                        .push_bind(*phone)
                        .push_bind(Json(Vec::<String>::new()))
                        .push_bind(search_key(&contact))
                        .push_bind(sort_key(&contact))
                        .push_bind(db(now))
                        .push_bind(db(now));
                });
                insert.push(" ON CONFLICT (company_id, phone) DO NOTHING RETURNING phone, id");
                let created: Vec<(String, Uuid)> = insert.build_query_as().fetch_all(&mut **tx).await?;
                ids.extend(created);
                // Created meanwhile by another transaction.
                let raced: Vec<&str> = unknown.into_iter().filter(|phone| !ids.contains_key(*phone)).collect();
                if !raced.is_empty() {
                    ids.extend(existing_contact_ids(tx, company_id, &raced).await?);
                }
            }
            Ok(ids)
        }

        async fn existing_contact_ids(tx: &mut Tx, company_id: Uuid, phones: &[&str]) -> StoreResult<Vec<(String, Uuid)>> {
            let mut select = contact_lookup("", company_id, phones);
            let found: Vec<(String, Option<Uuid>)> = select.build_query_as().fetch_all(&mut **tx).await?;
            Ok(found.into_iter().filter_map(|(phone, id)| Some((phone, id?))).collect())
        }

        /// The company's contact for each number, looked up one number at a time in the unique
        /// (company, number) index: a plan that needs no statistics, so a company's first import on
        /// a new database is as fast as the next ones. `prefix` is empty, or `explain!()`.
        fn contact_lookup<'a>(prefix: &str, company_id: Uuid, phones: &'a [&'a str]) -> sqlx::QueryBuilder<Db> {
            let mut select = sqlx::QueryBuilder::<Db>::new(prefix);
            select.push("SELECT v.column1, (SELECT c.id FROM contacts c WHERE c.company_id = ");
            select.push_bind(company_id).push(" AND c.phone = v.column1) FROM ");
            push_values_table(&mut select, phones);
            select
        }

        /// Adds participants `(group id, contact id, admin)`; one already there stays as it is.
        async fn add_participants(tx: &mut Tx, rows: &[(Uuid, Uuid, bool)]) -> StoreResult<()> {
            for chunk in rows.chunks(ROWS_PER_STATEMENT) {
                let mut insert = sqlx::QueryBuilder::<Db>::new("INSERT INTO group_participants (group_id, contact_id, is_admin) ");
                insert.push_values(chunk, |mut row, (group_id, contact_id, is_admin)| {
                    row.push_bind(*group_id).push_bind(*contact_id).push_bind(*is_admin);
                });
                insert.push(" ON CONFLICT (group_id, contact_id) DO NOTHING");
                insert.build().execute(&mut **tx).await?;
            }
            Ok(())
        }

        /// Each group's members as `(group id, contact id, admin)`.
        fn participant_rows(groups: &[(Uuid, &[MemberPhone])], contacts: &HashMap<String, Uuid>) -> Vec<(Uuid, Uuid, bool)> {
            groups
                .iter()
                .flat_map(|(group_id, members)| {
                    members.iter().filter_map(|member| Some((*group_id, *contacts.get(&member.phone)?, member.is_admin)))
                })
                .collect()
        }

        async fn delete_participants_of(tx: &mut Tx, group_ids: &[Uuid]) -> StoreResult<()> {
            for chunk in group_ids.chunks(ROWS_PER_STATEMENT) {
                let mut delete = sqlx::QueryBuilder::<Db>::new("DELETE FROM group_participants WHERE ");
                push_in_list(&mut delete, "group_id", chunk);
                delete.build().execute(&mut **tx).await?;
            }
            Ok(())
        }

        /// Inserts the groups, or refreshes the stored ones (bringing un-imported ones back); answers
        /// them by external id. A row of another company is never touched.
        async fn upsert_groups(
            tx: &mut Tx,
            company_id: Uuid,
            channel_id: Uuid,
            groups: &[(&GroupSnapshot, u32)],
            now: Timestamp,
        ) -> StoreResult<HashMap<String, Group>> {
            let mut stored = HashMap::with_capacity(groups.len());
            for chunk in groups.chunks(ROWS_PER_STATEMENT) {
                let mut insert = sqlx::QueryBuilder::<Db>::new(
                    "INSERT INTO whatsapp_groups (id, company_id, channel_id, external_id, subject, subject_key, \
                     description, own_number_is_admin, participant_count, imported_at, updated_at) ",
                );
                insert.push_values(chunk, |mut row, (group, participant_count)| {
                    row.push_bind(Uuid::now_v7())
                        .push_bind(company_id)
                        .push_bind(channel_id)
                        .push_bind(&group.external_id)
                        .push_bind(&group.subject)
                        .push_bind(subject_key(&group.subject))
                        .push_bind(&group.description)
                        .push_bind(group.own_number_is_admin)
                        .push_bind(i64::from(*participant_count))
                        .push_bind(db(now))
                        .push_bind(db(now));
                });
                insert.push(concat!(
                    " ON CONFLICT (channel_id, external_id) DO UPDATE SET subject = excluded.subject, ",
                    "subject_key = excluded.subject_key, description = excluded.description, ",
                    "own_number_is_admin = excluded.own_number_is_admin, participant_count = excluded.participant_count, ",
                    "updated_at = excluded.updated_at, ",
                    "imported_at = CASE WHEN whatsapp_groups.deleted_at IS NULL THEN whatsapp_groups.imported_at ",
                    "ELSE excluded.imported_at END, deleted_at = NULL ",
                    "WHERE whatsapp_groups.company_id = excluded.company_id RETURNING ",
                    $crate::group_columns!()
                ));
                let rows: Vec<GroupRow> = insert.build_query_as().fetch_all(&mut **tx).await?;
                stored.extend(rows.into_iter().map(|row| (row.external_id.clone(), Group::from(row))));
            }
            Ok(stored)
        }

        /// Writes groups as WhatsApp describes them, participants replaced; answers them by external id.
        async fn write_snapshots(
            tx: &mut Tx,
            company_id: Uuid,
            channel_id: Uuid,
            groups: &[&GroupSnapshot],
            now: Timestamp,
        ) -> StoreResult<HashMap<String, Group>> {
            let mut groups: Vec<(&GroupSnapshot, Vec<MemberPhone>)> =
                groups.iter().map(|group| (*group, distinct_members(&group.participants))).collect();
            groups.sort_by(|a, b| a.0.external_id.cmp(&b.0.external_id));
            let phones: Vec<&str> = groups.iter().flat_map(|(_, members)| members.iter().map(|m| m.phone.as_str())).collect();
            let contacts = contact_ids(tx, company_id, &phones, now).await?;
            let counted: Vec<(&GroupSnapshot, u32)> =
                groups.iter().map(|(group, members)| (*group, members.len() as u32)).collect();
            let stored = upsert_groups(tx, company_id, channel_id, &counted, now).await?;
            let with_ids: Vec<(Uuid, &[MemberPhone])> = groups
                .iter()
                .filter_map(|(group, members)| Some((stored.get(&group.external_id)?.id, members.as_slice())))
                .collect();
            let group_ids: Vec<Uuid> = with_ids.iter().map(|(id, _)| *id).collect();
            delete_participants_of(tx, &group_ids).await?;
            add_participants(tx, &participant_rows(&with_ids, &contacts)).await?;
            Ok(stored)
        }

        /// The channel's imported groups among `external_ids`, by external id.
        async fn imported_groups(
            tx: &mut Tx,
            company_id: Uuid,
            channel_id: Uuid,
            external_ids: &[&str],
        ) -> StoreResult<HashMap<String, Group>> {
            let mut found = HashMap::new();
            for chunk in external_ids.chunks(ROWS_PER_STATEMENT) {
                let mut select = sqlx::QueryBuilder::<Db>::new(concat!("SELECT ", $crate::group_columns!(), " FROM whatsapp_groups g WHERE g.company_id = "));
                select.push_bind(company_id).push(" AND g.channel_id = ").push_bind(channel_id);
                select.push(" AND g.deleted_at IS NULL AND ");
                push_in_list(&mut select, "g.external_id", chunk);
                let rows: Vec<GroupRow> = select.build_query_as().fetch_all(&mut **tx).await?;
                found.extend(rows.into_iter().map(|row| (row.external_id.clone(), Group::from(row))));
            }
            Ok(found)
        }

        async fn group_by_external_id(tx: &mut Tx, channel_id: Uuid, external_id: &str) -> StoreResult<Option<Group>> {
            let row: Option<GroupRow> = sqlx::query_as(concat!(
                "SELECT ",
                $crate::group_columns!(),
                " FROM whatsapp_groups g WHERE g.channel_id = $1 AND g.external_id = $2 AND g.deleted_at IS NULL"
            ))
            .bind(channel_id)
            .bind(external_id)
            .fetch_optional(&mut **tx)
            .await?;
            Ok(row.map(Group::from))
        }

        /// Sets the admin flag of these numbers' participation, or removes it (`None`).
        async fn change_participants(tx: &mut Tx, group: &Group, phones: &[String], admin: Option<bool>) -> StoreResult<()> {
            for chunk in phones.chunks(ROWS_PER_STATEMENT) {
                let mut statement = sqlx::QueryBuilder::<Db>::new(match admin {
                    Some(_) => "UPDATE group_participants SET is_admin = ",
                    None => "DELETE FROM group_participants",
                });
                if let Some(admin) = admin {
                    statement.push_bind(admin);
                }
                statement.push(" WHERE group_id = ").push_bind(group.id);
                statement.push(" AND contact_id IN (SELECT id FROM contacts WHERE company_id = ").push_bind(group.company_id);
                statement.push(" AND ");
                push_in_list(&mut statement, "phone", chunk);
                statement.push(")");
                statement.build().execute(&mut **tx).await?;
            }
            Ok(())
        }

        async fn apply_change(tx: &mut Tx, group: &Group, change: &GroupChange, now: Timestamp) -> StoreResult<()> {
            match change {
                GroupChange::Subject(subject) => {
                    sqlx::query("UPDATE whatsapp_groups SET subject = $2, subject_key = $3 WHERE id = $1")
                        .bind(group.id)
                        .bind(subject)
                        .bind(subject_key(subject))
                        .execute(&mut **tx)
                        .await?;
                }
                GroupChange::Description(description) => {
                    sqlx::query("UPDATE whatsapp_groups SET description = $2 WHERE id = $1")
                        .bind(group.id)
                        .bind(description)
                        .execute(&mut **tx)
                        .await?;
                }
                GroupChange::Joined(members) => {
                    let members = distinct_members(members);
                    let phones: Vec<&str> = members.iter().map(|member| member.phone.as_str()).collect();
                    let contacts = contact_ids(tx, group.company_id, &phones, now).await?;
                    add_participants(tx, &participant_rows(&[(group.id, &members)], &contacts)).await?;
                }
                GroupChange::Left(phones) => change_participants(tx, group, phones, None).await?,
                GroupChange::Promoted(phones) => change_participants(tx, group, phones, Some(true)).await?,
                GroupChange::Demoted(phones) => change_participants(tx, group, phones, Some(false)).await?,
            }
            Ok(())
        }

        #[async_trait]
        impl GroupStore for SqlStore {
            async fn explain_contact_lookup(&self, company_id: Uuid, phones: &[&str]) -> StoreResult<Vec<String>> {
                let mut conn = self.pool.acquire().await?;
                let rows = contact_lookup(explain!(), company_id, phones).build().fetch_all(&mut *conn).await?;
                Ok(rows.iter().map(super::plan_line).collect::<Result<Vec<_>, _>>()?)
            }

            async fn start_group_import(&self, job: &GroupImportJob) -> StoreResult<GroupImportJob> {
                let mut tx = self.begin_write().await?;
                // The no-op update makes a running job answer in the same statement, with no gap in which it could finish.
                let running: GroupImportRow = sqlx::query_as(concat!(
                    "INSERT INTO group_imports (id, company_id, channel_id, status, done, total, created_by, created_at) \
                     VALUES ($1, $2, $3, 'running', 0, 0, $4, $5) \
                     ON CONFLICT (channel_id) WHERE status = 'running' DO UPDATE SET channel_id = excluded.channel_id \
                     RETURNING ",
                    $crate::group_import_columns!()
                ))
                .bind(job.id)
                .bind(job.company_id)
                .bind(job.channel_id)
                .bind(job.created_by)
                .bind(db(job.created_at))
                .fetch_one(&mut *tx)
                .await?;
                if running.id == job.id {
                    sqlx::query(
                        "DELETE FROM group_import_candidates \
                         WHERE job_id IN (SELECT id FROM group_imports WHERE channel_id = $1 AND id <> $2)",
                    )
                        .bind(job.channel_id)
                        .bind(job.id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("DELETE FROM group_imports WHERE channel_id = $1 AND id <> $2")
                        .bind(job.channel_id)
                        .bind(job.id)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                running.try_into()
            }

            async fn get_group_import(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<GroupImportJob>> {
                let row: Option<GroupImportRow> = sqlx::query_as(concat!(
                    "SELECT ",
                    $crate::group_import_columns!(),
                    " FROM group_imports WHERE id = $1 AND company_id = $2"
                ))
                .bind(id)
                .bind(company_id)
                .fetch_optional(&self.pool)
                .await?;
                row.map(GroupImportJob::try_from).transpose()
            }

            async fn add_group_import_candidates(
                &self,
                id: Uuid,
                found: &[GroupSnapshot],
                progress: Progress,
            ) -> StoreResult<bool> {
                let mut tx = self.begin_write().await?;
                let running = sqlx::query("UPDATE group_imports SET done = $2, total = $3 WHERE id = $1 AND status = 'running'")
                    .bind(id)
                    .bind(i64::from(progress.done))
                    .bind(i64::from(progress.total))
                    .execute(&mut *tx)
                    .await?;
                if running.rows_affected() == 0 {
                    return Ok(false);
                }
                for chunk in found.chunks(ROWS_PER_STATEMENT) {
                    let mut insert = sqlx::QueryBuilder::<Db>::new(
                        "INSERT INTO group_import_candidates (job_id, external_id, subject, subject_key, description, \
                         own_number_is_admin, participant_count, members) ",
                    );
                    insert.push_values(chunk, |mut row, group| {
                        let members = distinct_members(&group.participants);
                        row.push_bind(id)
                            .push_bind(&group.external_id)
                            .push_bind(&group.subject)
                            .push_bind(subject_key(&group.subject))
                            .push_bind(&group.description)
                            .push_bind(group.own_number_is_admin)
                            .push_bind(members.len() as i64)
                            .push_bind(Json(members));
                    });
                    insert.push(" ON CONFLICT (job_id, external_id) DO NOTHING");
                    insert.build().execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(true)
            }

            async fn finish_group_import(
                &self,
                id: Uuid,
                status: GroupImportStatus,
                error: Option<&str>,
                at: Timestamp,
            ) -> StoreResult<Option<GroupImportJob>> {
                let row: Option<GroupImportRow> = sqlx::query_as(concat!(
                    "UPDATE group_imports SET status = $2, error = $3, finished_at = $4 WHERE id = $1 AND status = 'running' \
                     RETURNING ",
                    $crate::group_import_columns!()
                ))
                .bind(id)
                .bind(status.as_str())
                .bind(error)
                .bind(db(at))
                .fetch_optional(&self.pool)
                .await?;
                row.map(GroupImportJob::try_from).transpose()
            }

            async fn fail_stale_group_import(
                &self,
                channel_id: Uuid,
                started_before: Timestamp,
                error: &str,
                at: Timestamp,
            ) -> StoreResult<bool> {
                let result = sqlx::query(
                    "UPDATE group_imports SET status = 'failed', error = $3, finished_at = $4 \
                     WHERE channel_id = $1 AND status = 'running' AND created_at < $2",
                )
                .bind(channel_id)
                .bind(db(started_before))
                .bind(error)
                .bind(db(at))
                .execute(&self.pool)
                .await?;
                Ok(result.rows_affected() > 0)
            }

            async fn group_import_candidates(
                &self,
                company_id: Uuid,
                id: Uuid,
                search: Option<&str>,
            ) -> StoreResult<Vec<GroupCandidate>> {
                let rows: Vec<GroupCandidateRow> = sqlx::query_as(
                    "SELECT c.external_id, c.subject, c.participant_count, c.own_number_is_admin, g.id AS imported_group_id \
                     FROM group_import_candidates c JOIN group_imports j ON j.id = c.job_id \
                     LEFT JOIN whatsapp_groups g \
                       ON g.channel_id = j.channel_id AND g.external_id = c.external_id AND g.deleted_at IS NULL \
                     WHERE j.id = $1 AND j.company_id = $2 AND ($3 IS NULL OR c.subject_key LIKE $3 ESCAPE '\\') \
                     ORDER BY c.subject_key, c.external_id",
                )
                .bind(id)
                .bind(company_id)
                .bind(search.map(|search| like_pattern(&fold_for_search(search))))
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(GroupCandidate::from).collect())
            }

            async fn group_import_snapshots(
                &self,
                company_id: Uuid,
                id: Uuid,
                external_ids: &[String],
            ) -> StoreResult<Vec<GroupSnapshot>> {
                let mut snapshots = Vec::with_capacity(external_ids.len());
                for chunk in external_ids.chunks(ROWS_PER_STATEMENT) {
                    let mut select = sqlx::QueryBuilder::<Db>::new(
                        "SELECT c.external_id, c.subject, c.description, c.own_number_is_admin, c.members \
                         FROM group_import_candidates c JOIN group_imports j ON j.id = c.job_id WHERE j.id = ",
                    );
                    select.push_bind(id).push(" AND j.company_id = ").push_bind(company_id).push(" AND ");
                    push_in_list(&mut select, "c.external_id", chunk);
                    let rows: Vec<GroupSnapshotRow> = select.build_query_as().fetch_all(&self.pool).await?;
                    snapshots.extend(rows.into_iter().map(GroupSnapshot::from));
                }
                let position: HashMap<&str, usize> =
                    external_ids.iter().enumerate().rev().map(|(at, id)| (id.as_str(), at)).collect();
                snapshots.sort_by_key(|snapshot| position.get(snapshot.external_id.as_str()).copied());
                Ok(snapshots)
            }

            async fn import_groups(
                &self,
                company_id: Uuid,
                channel_id: Uuid,
                groups: &[GroupSnapshot],
                now: Timestamp,
                audit: &NewAuditEntry,
            ) -> StoreResult<Vec<Group>> {
                let mut seen = HashSet::new();
                let groups: Vec<&GroupSnapshot> = groups.iter().filter(|group| seen.insert(group.external_id.as_str())).collect();
                let external_ids: Vec<&str> = groups.iter().map(|group| group.external_id.as_str()).collect();

                $crate::audited_write!(self, audit, |tx| {
                    let mut stored = imported_groups(&mut tx, company_id, channel_id, &external_ids).await?;
                    let new: Vec<&GroupSnapshot> =
                        groups.iter().copied().filter(|group| !stored.contains_key(&group.external_id)).collect();
                    stored.extend(write_snapshots(&mut tx, company_id, channel_id, &new, now).await?);
                    let imported: Vec<Group> = external_ids.iter().filter_map(|external_id| stored.remove(*external_id)).collect();
                    // Also for groups imported before they got theirs at import time.
                    let chats: Vec<(&str, Uuid)> = imported.iter().map(|group| (group.external_id.as_str(), group.id)).collect();
                    open_group_conversations(&mut tx, company_id, channel_id, &chats, now).await?;
                    imported
                })
            }

            async fn refresh_group(
                &self,
                company_id: Uuid,
                channel_id: Uuid,
                group: &GroupSnapshot,
                now: Timestamp,
                audit: GroupAudit<'_>,
            ) -> StoreResult<Group> {
                let mut tx = self.begin_write().await?;
                let mut stored = write_snapshots(&mut tx, company_id, channel_id, &[group], now).await?;
                let group = stored.remove(&group.external_id).ok_or(StoreError::NotFound)?;
                open_group_conversations(&mut tx, company_id, channel_id, &[(group.external_id.as_str(), group.id)], now).await?;
                insert_audit(&mut tx, &audit(&group)).await?;
                tx.commit().await?;
                Ok(group)
            }

            async fn list_groups(&self, company_id: Uuid, filter: &GroupFilter, page: PageRequest) -> StoreResult<Page<Group>> {
                let search = filter.search.as_deref().and_then(TextSearch::new);
                let sql = list_statement(search.as_ref(), LISTED_GROUPS, SEARCHED_GROUPS);
                let rows: Vec<GroupRow> = group_list_query(sql, company_id, search.as_ref(), filter, page)
                    .try_map(|row| GroupRow::from_row(&row))
                    .fetch_all(&self.pool)
                    .await?;
                Ok(Page::from_rows(rows.into_iter().map(Group::from).collect(), page, |group: &Group| group.id))
            }

            async fn get_group(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Group>> {
                let row: Option<GroupRow> = sqlx::query_as(concat!(
                    "SELECT ",
                    $crate::group_columns!(),
                    " FROM whatsapp_groups g WHERE g.id = $1 AND g.company_id = $2 AND g.deleted_at IS NULL AND ",
                    $crate::live_channel!()
                ))
                .bind(id)
                .bind(company_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(Group::from))
            }

            async fn group_members(&self, company_id: Uuid, group_id: Uuid) -> StoreResult<Vec<GroupMember>> {
                let rows: Vec<GroupMemberRow> = sqlx::query_as(
                    "SELECT c.id AS contact_id, c.phone, c.name, p.is_admin FROM group_participants p \
                     JOIN contacts c ON c.id = p.contact_id JOIN whatsapp_groups g ON g.id = p.group_id \
                     WHERE g.id = $1 AND g.company_id = $2 ORDER BY c.phone",
                )
                .bind(group_id)
                .bind(company_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(GroupMember::from).collect())
            }

            async fn update_group_settings(
                &self,
                company_id: Uuid,
                id: Uuid,
                settings: &GroupSettings,
                now: Timestamp,
                audit: GroupChangeAudit<'_>,
            ) -> StoreResult<Group> {
                let mut tx = self.begin_write().await?;
                let before: Option<GroupRow> = sqlx::query_as(concat!(
                    "SELECT ",
                    $crate::group_columns!(),
                    " FROM whatsapp_groups g WHERE g.id = $1 AND g.company_id = $2 AND g.deleted_at IS NULL ",
                    for_update!()
                ))
                .bind(id)
                .bind(company_id)
                .fetch_optional(&mut *tx)
                .await?;
                let before = Group::from(before.ok_or(StoreError::NotFound)?);
                let after = before.clone().with_settings(settings, now);
                if let Some(department_id) = after.department_id.filter(|_| settings.department_id.is_some()) {
                    // Locked so that the department cannot disappear before this change commits.
                    let known: Option<(Uuid,)> = sqlx::query_as(concat!(
                        "SELECT id FROM departments WHERE id = $1 AND company_id = $2 ",
                        for_update!()
                    ))
                    .bind(department_id)
                    .bind(company_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if known.is_none() {
                        return Err(StoreError::UnknownReferences(vec![department_id]));
                    }
                }
                sqlx::query("UPDATE whatsapp_groups SET department_id = $2, muted = $3, archived = $4, updated_at = $5 WHERE id = $1")
                    .bind(after.id)
                    .bind(after.department_id)
                    .bind(after.muted)
                    .bind(after.archived)
                    .bind(db(after.updated_at))
                    .execute(&mut *tx)
                    .await?;
                insert_audit(&mut tx, &audit(&before, &after)).await?;
                tx.commit().await?;
                Ok(after)
            }

            async fn unimport_group(
                &self,
                company_id: Uuid,
                id: Uuid,
                now: Timestamp,
                audit: &NewAuditEntry,
            ) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    let result = sqlx::query(
                        "UPDATE whatsapp_groups SET deleted_at = $3 WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
                    )
                    .bind(id)
                    .bind(company_id)
                    .bind(db(now))
                    .execute(&mut *tx)
                    .await?;
                    expect_one(result.rows_affected())?;
                })
            }

            async fn apply_group_change(
                &self,
                channel_id: Uuid,
                external_id: &str,
                change: &GroupChange,
                now: Timestamp,
            ) -> StoreResult<Option<Group>> {
                let mut tx = self.begin_write().await?;
                let Some(group) = group_by_external_id(&mut tx, channel_id, external_id).await? else {
                    return Ok(None);
                };
                apply_change(&mut tx, &group, change, now).await?;
                sqlx::query(
                    "UPDATE whatsapp_groups SET updated_at = $2, \
                     participant_count = (SELECT count(*) FROM group_participants p WHERE p.group_id = $1) WHERE id = $1",
                )
                .bind(group.id)
                .bind(db(now))
                .execute(&mut *tx)
                .await?;
                let changed = group_by_external_id(&mut tx, channel_id, external_id).await?;
                tx.commit().await?;
                Ok(changed)
            }
        }
    };
}
