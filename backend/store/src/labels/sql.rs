//! The SQL of labels. Expanded into each backend by `crate::sql_store!`.

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! labels_sql {
    () => {
        use super::shared::*;
        use blocopro_domain::conversation::Conversation;
        use blocopro_domain::label::{Label, name_key};
        use $crate::labels::rows::{ConversationLabelRow, LabelRow};

        const LABEL_COLUMNS: &str = "SELECT id, name, colour, created_at, updated_at FROM labels ";

        /// Fills the labels of `conversations` (read without them): one query per
        /// `ROWS_PER_STATEMENT` conversations, whatever their number.
        pub(crate) async fn attach_labels(
            pool: &sqlx::Pool<Db>,
            conversations: &mut [Conversation],
        ) -> StoreResult<()> {
            let ids: Vec<Uuid> = conversations.iter().map(|conversation| conversation.id).collect();
            let mut by_conversation: std::collections::HashMap<Uuid, Vec<blocopro_domain::label::LabelTag>> =
                std::collections::HashMap::new();
            for chunk in ids.chunks(ROWS_PER_STATEMENT) {
                let mut select = sqlx::QueryBuilder::<Db>::new(
                    "SELECT cl.conversation_id, l.id, l.name, l.colour FROM conversation_labels cl \
                     JOIN labels l ON l.id = cl.label_id WHERE ",
                );
                push_in_list(&mut select, "cl.conversation_id", chunk);
                select.push(" ORDER BY l.name_key, l.id");
                let rows: Vec<ConversationLabelRow> = select.build_query_as().fetch_all(pool).await?;
                for (conversation_id, tag) in rows.into_iter().map(ConversationLabelRow::into_parts) {
                    by_conversation.entry(conversation_id).or_default().push(tag);
                }
            }
            for conversation in conversations {
                conversation.labels = by_conversation.remove(&conversation.id).unwrap_or_default();
            }
            Ok(())
        }

        #[async_trait]
        impl LabelStore for SqlStore {
            async fn create_label(&self, company_id: Uuid, label: &Label, audit: &NewAuditEntry) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    sqlx::query(
                        "INSERT INTO labels (id, company_id, name, name_key, colour, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(label.id)
                    .bind(company_id)
                    .bind(label.name.replace('\0', ""))
                    .bind(name_key(&label.name).replace('\0', ""))
                    .bind(&label.colour)
                    .bind(db(label.created_at))
                    .bind(db(label.updated_at))
                    .execute(&mut *tx)
                    .await?;
                })
            }

            async fn list_labels(&self, company_id: Uuid) -> StoreResult<Vec<Label>> {
                let mut select = sqlx::QueryBuilder::<Db>::new(LABEL_COLUMNS);
                select.push("WHERE company_id = ").push_bind(company_id).push(" ORDER BY name_key, id");
                let rows: Vec<LabelRow> = select.build_query_as().fetch_all(&self.pool).await?;
                Ok(rows.into_iter().map(Label::from).collect())
            }

            async fn get_label(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<Label>> {
                let mut select = sqlx::QueryBuilder::<Db>::new(LABEL_COLUMNS);
                select.push("WHERE id = ").push_bind(id).push(" AND company_id = ").push_bind(company_id);
                let row: Option<LabelRow> = select.build_query_as().fetch_optional(&self.pool).await?;
                Ok(row.map(Label::from))
            }

            async fn update_label(&self, company_id: Uuid, label: &Label, audit: &NewAuditEntry) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    let result = sqlx::query(
                        "UPDATE labels SET name = $3, name_key = $4, colour = $5, updated_at = $6 \
                         WHERE id = $1 AND company_id = $2",
                    )
                    .bind(label.id)
                    .bind(company_id)
                    .bind(label.name.replace('\0', ""))
                    .bind(name_key(&label.name).replace('\0', ""))
                    .bind(&label.colour)
                    .bind(db(label.updated_at))
                    .execute(&mut *tx)
                    .await?;
                    expect_one(result.rows_affected())?;
                })
            }

            async fn delete_label(
                &self,
                company_id: Uuid,
                id: Uuid,
                audit: LabelAudit<'_>,
            ) -> StoreResult<DeletedLabel> {
                let mut tx = self.begin_write().await?;
                // The links first: the label's deletion would take them with it (ON DELETE CASCADE) unseen.
                let unlinked: Vec<(Uuid,)> = sqlx::query_as(
                    "DELETE FROM conversation_labels WHERE label_id = $1 AND company_id = $2 \
                     RETURNING conversation_id",
                )
                .bind(id)
                .bind(company_id)
                .fetch_all(&mut *tx)
                .await?;
                let deleted: Option<LabelRow> = sqlx::query_as(
                    "DELETE FROM labels WHERE id = $1 AND company_id = $2 \
                     RETURNING id, name, colour, created_at, updated_at",
                )
                .bind(id)
                .bind(company_id)
                .fetch_optional(&mut *tx)
                .await?;
                // None: the transaction, dropped, rolls back.
                let label = Label::from(deleted.ok_or(StoreError::NotFound)?);
                insert_audit(&mut tx, &audit(&label)).await?;
                tx.commit().await?;
                let mut conversations: Vec<Uuid> = unlinked.into_iter().map(|(id,)| id).collect();
                conversations.sort();
                Ok(DeletedLabel { label, conversations })
            }

            async fn conversations_labelled(&self, company_id: Uuid, label_id: Uuid) -> StoreResult<Vec<Uuid>> {
                let rows: Vec<(Uuid,)> = sqlx::query_as(
                    "SELECT conversation_id FROM conversation_labels WHERE label_id = $1 AND company_id = $2 \
                     ORDER BY conversation_id",
                )
                .bind(label_id)
                .bind(company_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(|(id,)| id).collect())
            }

            async fn set_conversation_labels(
                &self,
                company_id: Uuid,
                conversation_id: Uuid,
                label_ids: &[Uuid],
                now: Timestamp,
                audit: &NewAuditEntry,
            ) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    // First, so that concurrent replacements of one conversation's set wait in turn.
                    let touched =
                        sqlx::query("UPDATE conversations SET updated_at = $3 WHERE id = $1 AND company_id = $2")
                            .bind(conversation_id)
                            .bind(company_id)
                            .bind(db(now))
                            .execute(&mut *tx)
                            .await?;
                    expect_one(touched.rows_affected())?;
                    for chunk in label_ids.chunks(ROWS_PER_STATEMENT) {
                        let mut select = sqlx::QueryBuilder::<Db>::new("SELECT id FROM labels WHERE company_id = ");
                        select.push_bind(company_id).push(" AND ");
                        push_in_list(&mut select, "id", chunk);
                        let found: Vec<(Uuid,)> = select.build_query_as().fetch_all(&mut *tx).await?;
                        let unknown: Vec<Uuid> =
                            chunk.iter().copied().filter(|id| !found.iter().any(|(found,)| found == id)).collect();
                        if !unknown.is_empty() {
                            return Err(StoreError::UnknownReferences(unknown));
                        }
                    }
                    sqlx::query("DELETE FROM conversation_labels WHERE conversation_id = $1 AND company_id = $2")
                        .bind(conversation_id)
                        .bind(company_id)
                        .execute(&mut *tx)
                        .await?;
                    for chunk in label_ids.chunks(ROWS_PER_STATEMENT) {
                        let mut insert = sqlx::QueryBuilder::<Db>::new(
                            "INSERT INTO conversation_labels (conversation_id, label_id, company_id, created_at) ",
                        );
                        insert.push_values(chunk, |mut row, label_id| {
                            row.push_bind(conversation_id)
                                .push_bind(*label_id)
                                .push_bind(company_id)
                                .push_bind(db(now));
                        });
                        insert.build().execute(&mut *tx).await?;
                    }
                })
            }
        }
    };
}
