//! The SQL of quick replies. Expanded into each backend by `crate::sql_store!`.

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! quick_replies_sql {
    () => {
        use super::shared::*;
        use blocopro_domain::quick_reply::QuickReply;
        use $crate::quick_replies::rows::QuickReplyRow;

        const QUICK_REPLY_COLUMNS: &str =
            "SELECT id, owner_id, shortcut, text, created_at, updated_at FROM quick_replies ";

        /// `WHERE` the reply `id` of the company is in the scope `owner`.
        fn push_scoped(query: &mut sqlx::QueryBuilder<Db>, company_id: Uuid, owner: Option<Uuid>, id: Uuid) {
            query.push(" WHERE id = ").push_bind(id).push(" AND company_id = ").push_bind(company_id);
            match owner {
                Some(owner) => query.push(" AND owner_id = ").push_bind(owner),
                None => query.push(" AND owner_id IS NULL"),
            };
        }

        #[async_trait]
        impl QuickReplyStore for SqlStore {
            async fn create_quick_reply(
                &self,
                company_id: Uuid,
                reply: &QuickReply,
                audit: &NewAuditEntry,
            ) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    // A personal reply's owner must be a user of the company.
                    if let Some(owner) = reply.owner_id {
                        let user: Option<(Uuid,)> =
                            sqlx::query_as("SELECT id FROM users WHERE id = $1 AND company_id = $2")
                                .bind(owner)
                                .bind(company_id)
                                .fetch_optional(&mut *tx)
                                .await?;
                        user.ok_or(StoreError::UnknownReferences(vec![owner]))?;
                    }
                    sqlx::query(
                        "INSERT INTO quick_replies (id, company_id, owner_id, shortcut, text, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(reply.id)
                    .bind(company_id)
                    .bind(reply.owner_id)
                    .bind(reply.shortcut.replace('\0', ""))
                    .bind(reply.text.replace('\0', ""))
                    .bind(db(reply.created_at))
                    .bind(db(reply.updated_at))
                    .execute(&mut *tx)
                    .await?;
                })
            }

            async fn list_quick_replies(
                &self,
                company_id: Uuid,
                user_id: Option<Uuid>,
            ) -> StoreResult<Vec<QuickReply>> {
                let mut select = sqlx::QueryBuilder::<Db>::new(QUICK_REPLY_COLUMNS);
                select.push("WHERE company_id = ").push_bind(company_id).push(" AND (owner_id IS NULL");
                if let Some(user_id) = user_id {
                    select.push(" OR owner_id = ").push_bind(user_id);
                }
                // NULLs (the company's) sort first on SQLite and last on PostgreSQL: say it.
                select.push(") ORDER BY shortcut, CASE WHEN owner_id IS NULL THEN 0 ELSE 1 END, id");
                let rows: Vec<QuickReplyRow> = select.build_query_as().fetch_all(&self.pool).await?;
                Ok(rows.into_iter().map(QuickReply::from).collect())
            }

            async fn get_quick_reply(
                &self,
                company_id: Uuid,
                owner: Option<Uuid>,
                id: Uuid,
            ) -> StoreResult<Option<QuickReply>> {
                let mut select = sqlx::QueryBuilder::<Db>::new(QUICK_REPLY_COLUMNS);
                push_scoped(&mut select, company_id, owner, id);
                let row: Option<QuickReplyRow> = select.build_query_as().fetch_optional(&self.pool).await?;
                Ok(row.map(QuickReply::from))
            }

            async fn update_quick_reply(
                &self,
                company_id: Uuid,
                reply: &QuickReply,
                audit: &NewAuditEntry,
            ) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    let mut update = sqlx::QueryBuilder::<Db>::new("UPDATE quick_replies SET shortcut = ");
                    update
                        .push_bind(reply.shortcut.replace('\0', ""))
                        .push(", text = ")
                        .push_bind(reply.text.replace('\0', ""))
                        .push(", updated_at = ")
                        .push_bind(db(reply.updated_at));
                    push_scoped(&mut update, company_id, reply.owner_id, reply.id);
                    expect_one(update.build().execute(&mut *tx).await?.rows_affected())?;
                })
            }

            async fn delete_quick_reply(
                &self,
                company_id: Uuid,
                owner: Option<Uuid>,
                id: Uuid,
                audit: &NewAuditEntry,
            ) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    let mut delete = sqlx::QueryBuilder::<Db>::new("DELETE FROM quick_replies");
                    push_scoped(&mut delete, company_id, owner, id);
                    expect_one(delete.build().execute(&mut *tx).await?.rows_affected())?;
                })
            }
        }
    };
}
