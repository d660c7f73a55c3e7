//! The SQL of contacts: one per phone number and company, in an attendant's wallet. Expanded into each backend by `crate::sql_store!`.

#[doc(hidden)]
#[macro_export]
macro_rules! contact_columns {
    () => {
        "id, company_id, phone, name, email, tags, notes, owner_id, created_at, updated_at"
    };
}

/// The contact list after its `FROM … WHERE`, which chooses the rows the search leaves (`$1` the
/// company, `$2` the search, and `$6` its whole term through the index): `$3` owner, `$4` cursor,
/// `$5` rows to fetch.
#[doc(hidden)]
#[macro_export]
macro_rules! contact_list_sql {
    ($($rows:tt)+) => {
        concat!(
            "SELECT ",
            $crate::contact_columns!(),
            $($rows)+,
            " AND c.deleted_at IS NULL AND ($3 IS NULL OR c.owner_id = $3)",
            " AND ($4 IS NULL OR (c.sort_key, c.id) > (SELECT x.sort_key, x.id FROM contacts x",
            "      WHERE x.id = $4 AND x.company_id = $1))",
            " ORDER BY c.sort_key, c.id LIMIT $5"
        )
    };
}

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! contacts_sql {
    () => {
        use super::shared::*;
        use $crate::contacts::rows::ContactRow;
        use blocopro_domain::contact::{Contact, search_key, sort_key};

        /// The company's contacts, unfiltered or searched by a LIKE over their keys (a term too
        /// short for the search index).
        const LISTED_CONTACTS: &str =
            $crate::contact_list_sql!(" FROM contacts c WHERE c.company_id = $1 AND ($2 IS NULL OR c.search_key LIKE $2 ESCAPE '\\')");
        /// The company's contacts found through the search index.
        pub(crate) const SEARCHED_CONTACTS: &str =
            $crate::contact_list_sql!(searched_rows!("contacts", "search_key", "c", "$1", "$2", "$6"));

        /// The contact list's statement (`LISTED_CONTACTS` or `SEARCHED_CONTACTS`, or its plan) with its arguments.
        pub(crate) fn contact_list_query<'q>(
            sql: impl sqlx::SqlSafeStr,
            company_id: Uuid,
            search: Option<&TextSearch>,
            filter: &'q ContactFilter,
            page: PageRequest,
        ) -> Query<'q> {
            let query = bind_search(sqlx::query(sql).bind(company_id), search)
                .bind(filter.owner_id)
                .bind(page.after)
                .bind(page.fetch_limit());
            match whole_term_argument(search) {
                Some(whole) => query.bind(whole),
                None => query,
            }
        }

        /// `UnknownReferences` unless `owner_id` is a (not deleted) user of the company.
        async fn check_owner(tx: &mut Tx, company_id: Uuid, owner_id: Option<Uuid>) -> StoreResult<()> {
            let Some(owner_id) = owner_id else { return Ok(()) };
            let found: Option<(Uuid,)> =
                sqlx::query_as("SELECT id FROM users WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL")
                    .bind(owner_id)
                    .bind(company_id)
                    .fetch_optional(&mut **tx)
                    .await?;
            match found {
                Some(_) => Ok(()),
                None => Err(StoreError::UnknownReferences(vec![owner_id])),
            }
        }

        #[async_trait]
        impl ContactStore for SqlStore {
            async fn create_contact(&self, contact: &Contact, audit: &NewAuditEntry) -> StoreResult<Contact> {
                let mut tx = self.begin_write().await?;
                check_owner(&mut tx, contact.company_id, contact.owner_id).await?;
                let row: Option<ContactRow> = sqlx::query_as(concat!(
                    "INSERT INTO contacts (id, company_id, phone, name, email, tags, notes, owner_id, search_key, sort_key, \
                     created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) \
                     ON CONFLICT (company_id, phone) DO UPDATE SET name = excluded.name, email = excluded.email, \
                     tags = excluded.tags, notes = excluded.notes, owner_id = excluded.owner_id, \
                     search_key = excluded.search_key, sort_key = excluded.sort_key, created_at = excluded.created_at, \
                     updated_at = excluded.updated_at, deleted_at = NULL WHERE contacts.deleted_at IS NOT NULL RETURNING ",
                    $crate::contact_columns!()
                ))
                .bind(contact.id)
                .bind(contact.company_id)
                .bind(&contact.phone)
                .bind(&contact.name)
                .bind(&contact.email)
                .bind(Json(&contact.tags))
                .bind(&contact.notes)
                .bind(contact.owner_id)
                .bind(search_key(contact))
                .bind(sort_key(contact))
                .bind(db(contact.created_at))
                .fetch_optional(&mut *tx)
                .await?;
                let stored = Contact::from(row.ok_or_else(|| StoreError::Duplicate { field: Some($crate::contacts::PHONE_KEY.field) })?);
                insert_audit(&mut tx, &NewAuditEntry { target_id: Some(stored.id), ..audit.clone() }).await?;
                tx.commit().await?;
                Ok(stored)
            }

            async fn get_contact(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Contact>> {
                let row: Option<ContactRow> = sqlx::query_as(concat!(
                    "SELECT ",
                    $crate::contact_columns!(),
                    " FROM contacts WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL"
                ))
                .bind(id)
                .bind(company_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(Contact::from))
            }

            async fn list_contacts(
                &self,
                company_id: Uuid,
                filter: &ContactFilter,
                page: PageRequest,
            ) -> StoreResult<Page<Contact>> {
                let search = filter.search.as_deref().and_then(TextSearch::new);
                let sql = list_statement(search.as_ref(), LISTED_CONTACTS, SEARCHED_CONTACTS);
                let rows: Vec<ContactRow> = contact_list_query(sql, company_id, search.as_ref(), filter, page)
                    .try_map(|row| ContactRow::from_row(&row))
                    .fetch_all(&self.pool)
                    .await?;
                Ok(Page::from_rows(rows.into_iter().map(Contact::from).collect(), page, |contact: &Contact| contact.id))
            }

            async fn update_contact(&self, contact: &Contact, audit: &NewAuditEntry) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    check_owner(&mut tx, contact.company_id, contact.owner_id).await?;
                    let result = sqlx::query(
                        "UPDATE contacts SET name = $3, email = $4, tags = $5, notes = $6, owner_id = $7, search_key = $8, \
                         sort_key = $9, updated_at = $10 WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
                    )
                    .bind(contact.id)
                    .bind(contact.company_id)
                    .bind(&contact.name)
                    .bind(&contact.email)
                    .bind(Json(&contact.tags))
                    .bind(&contact.notes)
                    .bind(contact.owner_id)
                    .bind(search_key(contact))
                    .bind(sort_key(contact))
                    .bind(db(contact.updated_at))
                    .execute(&mut *tx)
                    .await?;
                    expect_one(result.rows_affected())?;
                })
            }

            async fn name_contact_from_profile(&self, company_id: Uuid, phone: &str, name: &str, now: Timestamp) -> StoreResult<bool> {
                const UNNAMED: &str = concat!(
                    "SELECT ", $crate::contact_columns!(), " FROM contacts WHERE company_id = $1 AND phone = $2 AND deleted_at IS NULL"
                );
                let named = |row: &Option<ContactRow>| row.as_ref().is_some_and(|row| row.name.is_some());
                // A read first: a known sender's every message takes no write lock.
                let known: Option<ContactRow> = sqlx::query_as(UNNAMED).bind(company_id).bind(phone).fetch_optional(&self.pool).await?;
                if named(&known) {
                    return Ok(false);
                }
                let mut tx = self.begin_write().await?;
                super::groups::contact_ids(&mut tx, company_id, &[phone], now).await?;
                let row: Option<ContactRow> = sqlx::query_as(UNNAMED).bind(company_id).bind(phone).fetch_optional(&mut *tx).await?;
                if named(&row) {
                    return Ok(false);
                }
                let Some(row) = row else { return Ok(false) };
                let contact = Contact { name: Some(name.to_owned()), updated_at: now, ..Contact::from(row) };
                sqlx::query("UPDATE contacts SET name = $2, search_key = $3, sort_key = $4, updated_at = $5 WHERE id = $1")
                    .bind(contact.id)
                    .bind(&contact.name)
                    .bind(search_key(&contact))
                    .bind(sort_key(&contact))
                    .bind(db(now))
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn move_to_new_number(
                &self,
                company_id: Uuid,
                channel_id: Uuid,
                old: &str,
                new: &str,
                now: Timestamp,
            ) -> StoreResult<bool> {
                let mut tx = self.begin_write().await?;
                let contacts: Vec<ContactRow> = sqlx::query_as(concat!(
                    "SELECT ", $crate::contact_columns!(), " FROM contacts WHERE company_id = $1 AND phone IN ($2, $3)"
                ))
                .bind(company_id)
                .bind(old)
                .bind(new)
                .fetch_all(&mut *tx)
                .await?;
                let knows_new = contacts.iter().any(|row| row.phone == new);
                if let Some(row) = contacts.into_iter().find(|row| row.phone == old).filter(|_| !knows_new) {
                    let contact = Contact { phone: new.to_owned(), updated_at: now, ..Contact::from(row) };
                    sqlx::query("UPDATE contacts SET phone = $2, search_key = $3, sort_key = $4, updated_at = $5 WHERE id = $1")
                        .bind(contact.id)
                        .bind(&contact.phone)
                        .bind(search_key(&contact))
                        .bind(sort_key(&contact))
                        .bind(db(now))
                        .execute(&mut *tx)
                        .await?;
                }
                let moved = sqlx::query(
                    "UPDATE conversations SET chat_id = $3, updated_at = $4 WHERE channel_id = $1 AND chat_id = $2 \
                     AND NOT EXISTS (SELECT 1 FROM conversations n WHERE n.channel_id = $1 AND n.chat_id = $3)",
                )
                .bind(channel_id)
                .bind(old)
                .bind(new)
                .bind(db(now))
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    > 0;
                if moved {
                    sqlx::query("UPDATE messages SET chat_id = $3 WHERE channel_id = $1 AND chat_id = $2")
                        .bind(channel_id)
                        .bind(old)
                        .bind(new)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(moved)
            }

            async fn delete_contact(&self, company_id: Uuid, id: Uuid, now: Timestamp, audit: &NewAuditEntry) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    let row: Option<ContactRow> = sqlx::query_as(concat!(
                        "SELECT ",
                        $crate::contact_columns!(),
                        " FROM contacts WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL"
                    ))
                    .bind(id)
                    .bind(company_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    let bare = Contact::of_number(id, company_id, &Contact::from(row.ok_or(StoreError::NotFound)?).phone, now);
                    sqlx::query(
                        "UPDATE contacts SET name = NULL, email = NULL, tags = $3, notes = NULL, owner_id = NULL, search_key = $4, \
                         sort_key = $5, updated_at = $6, deleted_at = $6 WHERE id = $1 AND company_id = $2",
                    )
                    .bind(id)
                    .bind(company_id)
                    .bind(Json(Vec::<String>::new()))
                    .bind(search_key(&bare))
                    .bind(sort_key(&bare))
                    .bind(db(now))
                    .execute(&mut *tx)
                    .await?;
                })
            }
        }
    };
}
