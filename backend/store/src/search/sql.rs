//! The SQL of text search: the plans of the searches and the re-fold of the stored keys.
//! Expanded into each backend by `crate::sql_store!`; the statements themselves live with their
//! lists (users, contacts, groups).

/// Implements the area for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! search_sql {
    () => {
        use super::shared::*;
        use blocopro_domain::contact::{Contact, search_key as contact_search_key, sort_key as contact_sort_key};
        use blocopro_domain::group::subject_key;
        use blocopro_domain::text::SEARCH_FOLDING_VERSION;
        use blocopro_domain::user::search_key as user_search_key;

        /// Rows read at a time while re-folding.
        const REFOLD_BATCH: i64 = 1000;

        #[async_trait]
        impl SearchStore for SqlStore {
            async fn explain_search(&self, list: SearchedList, company_id: Uuid, term: &str) -> StoreResult<SearchPlan> {
                let search = TextSearch::Indexed(blocopro_domain::text::fold_for_search(term));
                let mut tx = self.pool.begin().await?;
                if let Some(setting) = plan_setting!() {
                    sqlx::query(setting).execute(&mut *tx).await?;
                }
                let explained = |statement: &str| sqlx::AssertSqlSafe(format!("{}{statement}", explain!()));
                let page = PageRequest::first(50);
                let (users, contacts, groups) = (UserFilter::default(), ContactFilter::default(), GroupFilter::default());
                let query = match list {
                    SearchedList::Users => super::users::user_list_query(
                        explained(super::users::SEARCHED_USERS),
                        company_id,
                        Some(&search),
                        &users,
                        page,
                    ),
                    SearchedList::Contacts => super::contacts::contact_list_query(
                        explained(super::contacts::SEARCHED_CONTACTS),
                        company_id,
                        Some(&search),
                        &contacts,
                        page,
                    ),
                    SearchedList::Groups => super::groups::group_list_query(
                        explained(super::groups::SEARCHED_GROUPS),
                        company_id,
                        Some(&search),
                        &groups,
                        page,
                    ),
                };
                let lines = query.fetch_all(&mut *tx).await?.iter().map(super::plan_line).collect::<Result<Vec<_>, _>>()?;
                tx.rollback().await?;
                Ok(SearchPlan::read(list, lines))
            }
        }

        impl SqlStore {
            /// Rewrites the search and sort keys stored under an older `SEARCH_FOLDING_VERSION` (and
            /// fills the ones a migration added), once: the version row is locked for the whole
            /// rewrite, so an instance starting at the same time waits and then finds it done. Only
            /// the rows whose keys change are written.
            pub(crate) async fn refold_search_keys(&self) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let version: i32 = sqlx::query_scalar(concat!("SELECT version FROM search_folding ", for_update!()))
                    .fetch_one(&mut *tx)
                    .await?;
                if version >= SEARCH_FOLDING_VERSION {
                    return Ok(());
                }
                refold_users(&mut tx).await?;
                refold_contacts(&mut tx).await?;
                refold_groups(&mut tx).await?;
                refold_group_candidates(&mut tx).await?;
                sqlx::query("UPDATE search_folding SET version = $1").bind(SEARCH_FOLDING_VERSION).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(())
            }
        }

        async fn refold_users(tx: &mut Tx) -> StoreResult<()> {
            let mut after: Option<Uuid> = None;
            loop {
                let rows: Vec<(Uuid, String, Option<String>, String, String)> = sqlx::query_as(
                    "SELECT id, name, full_name, email, search_key FROM users WHERE ($1 IS NULL OR id > $1) ORDER BY id LIMIT $2",
                )
                .bind(after)
                .bind(REFOLD_BATCH)
                .fetch_all(&mut **tx)
                .await?;
                let Some(last) = rows.last() else { return Ok(()) };
                after = Some(last.0);
                for (id, name, full_name, email, stored) in rows {
                    let key = user_search_key(&name, full_name.as_deref(), &email);
                    if key != stored {
                        sqlx::query("UPDATE users SET search_key = $2 WHERE id = $1").bind(id).bind(key).execute(&mut **tx).await?;
                    }
                }
            }
        }

        async fn refold_contacts(tx: &mut Tx) -> StoreResult<()> {
            let mut after: Option<Uuid> = None;
            loop {
                let rows: Vec<(Uuid, Uuid, String, Option<String>, Option<String>, String, String)> = sqlx::query_as(
                    "SELECT id, company_id, phone, name, email, search_key, sort_key FROM contacts \
                     WHERE ($1 IS NULL OR id > $1) ORDER BY id LIMIT $2",
                )
                .bind(after)
                .bind(REFOLD_BATCH)
                .fetch_all(&mut **tx)
                .await?;
                let Some(last) = rows.last() else { return Ok(()) };
                after = Some(last.0);
                for (id, company_id, phone, name, email, stored_search, stored_sort) in rows {
                    let contact = Contact { name, email, ..Contact::of_number(id, company_id, &phone, Timestamp::UNIX_EPOCH) };
                    let (search, sort) = (contact_search_key(&contact), contact_sort_key(&contact));
                    if search != stored_search || sort != stored_sort {
                        sqlx::query("UPDATE contacts SET search_key = $2, sort_key = $3 WHERE id = $1")
                            .bind(id)
                            .bind(search)
                            .bind(sort)
                            .execute(&mut **tx)
                            .await?;
                    }
                }
            }
        }

        async fn refold_groups(tx: &mut Tx) -> StoreResult<()> {
            let mut after: Option<Uuid> = None;
            loop {
                let rows: Vec<(Uuid, String, String)> = sqlx::query_as(
                    "SELECT id, subject, subject_key FROM whatsapp_groups WHERE ($1 IS NULL OR id > $1) ORDER BY id LIMIT $2",
                )
                .bind(after)
                .bind(REFOLD_BATCH)
                .fetch_all(&mut **tx)
                .await?;
                let Some(last) = rows.last() else { return Ok(()) };
                after = Some(last.0);
                for (id, subject, stored) in rows {
                    let key = subject_key(&subject);
                    if key != stored {
                        sqlx::query("UPDATE whatsapp_groups SET subject_key = $2 WHERE id = $1")
                            .bind(id)
                            .bind(key)
                            .execute(&mut **tx)
                            .await?;
                    }
                }
            }
        }

        /// A pre-import's groups are searched by subject too.
        async fn refold_group_candidates(tx: &mut Tx) -> StoreResult<()> {
            let mut after: Option<(Uuid, String)> = None;
            loop {
                let (job_id, external_id) = after.clone().unzip();
                let rows: Vec<(Uuid, String, String, String)> = sqlx::query_as(
                    "SELECT job_id, external_id, subject, subject_key FROM group_import_candidates \
                     WHERE ($1 IS NULL OR (job_id, external_id) > ($1, $2)) ORDER BY job_id, external_id LIMIT $3",
                )
                .bind(job_id)
                .bind(external_id)
                .bind(REFOLD_BATCH)
                .fetch_all(&mut **tx)
                .await?;
                let Some(last) = rows.last() else { return Ok(()) };
                after = Some((last.0, last.1.clone()));
                for (job_id, external_id, subject, stored) in rows {
                    let key = subject_key(&subject);
                    if key != stored {
                        sqlx::query("UPDATE group_import_candidates SET subject_key = $3 WHERE job_id = $1 AND external_id = $2")
                            .bind(job_id)
                            .bind(external_id)
                            .bind(key)
                            .execute(&mut **tx)
                            .await?;
                    }
                }
            }
        }
    };
}
