//! The SQL of message templates. Expanded into each backend by `crate::sql_store!`.

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! templates_sql {
    () => {
        use super::shared::*;
        use $crate::channels::rows::ChannelRow;
        use $crate::templates::rows::TemplateRow;
        use blocopro_domain::channel::Channel;
        use blocopro_domain::template::MessageTemplate;

        const TEMPLATE_COLUMNS: &str = "SELECT id, channel_id, name, language, category, status, components, body_text, \
             body_parameter_count, header_text, synced_at FROM message_templates ";

        #[async_trait]
        impl TemplateStore for SqlStore {
            async fn replace_channel_templates(
                &self,
                company_id: Uuid,
                channel_id: Uuid,
                templates: &[MessageTemplate],
                audit: &NewAuditEntry,
            ) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let channel: Option<(Uuid,)> =
                    sqlx::query_as("SELECT id FROM channels WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL")
                        .bind(channel_id)
                        .bind(company_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                channel.ok_or(StoreError::NotFound)?;
                sqlx::query("DELETE FROM message_templates WHERE channel_id = $1").bind(channel_id).execute(&mut *tx).await?;
                for chunk in templates.chunks(ROWS_PER_STATEMENT / 16) {
                    let mut insert = sqlx::QueryBuilder::<Db>::new(
                        "INSERT INTO message_templates (id, company_id, channel_id, name, language, category, status, \
                         components, body_text, body_parameter_count, header_text, synced_at) ",
                    );
                    insert.push_values(chunk, |mut row, template| {
                        row.push_bind(template.id)
                            .push_bind(company_id)
                            .push_bind(channel_id)
                            .push_bind(template.name.replace('\0', ""))
                            .push_bind(template.language.replace('\0', ""))
                            .push_bind(template.category.replace('\0', ""))
                            .push_bind(template.status.replace('\0', ""))
                            .push_bind(Json(template.components.clone()))
                            .push_bind(template.body_text.replace('\0', ""))
                            .push_bind(i64::from(template.body_parameter_count))
                            .push_bind(template.header_text.as_ref().map(|text| text.replace('\0', "")))
                            .push_bind(db(template.synced_at));
                    });
                    // Meta lists a (name, language) once; should it repeat one, the last stands.
                    insert.push(
                        " ON CONFLICT (channel_id, name, language) DO UPDATE SET category = excluded.category, \
                         status = excluded.status, components = excluded.components, body_text = excluded.body_text, \
                         body_parameter_count = excluded.body_parameter_count, header_text = excluded.header_text, \
                         synced_at = excluded.synced_at",
                    );
                    insert.build().execute(&mut *tx).await?;
                }
                insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn list_channel_templates(
                &self,
                company_id: Uuid,
                channel_id: Uuid,
                status: Option<&str>,
            ) -> StoreResult<Vec<MessageTemplate>> {
                let mut select = sqlx::QueryBuilder::<Db>::new(TEMPLATE_COLUMNS);
                select.push("WHERE company_id = ").push_bind(company_id).push(" AND channel_id = ").push_bind(channel_id);
                if let Some(status) = status {
                    select.push(" AND status = ").push_bind(status);
                }
                select.push(" ORDER BY name, language");
                let rows: Vec<TemplateRow> = select.build_query_as().fetch_all(&self.pool).await?;
                convert_all(rows)
            }

            async fn get_channel_template(
                &self,
                company_id: Uuid,
                channel_id: Uuid,
                name: &str,
                language: &str,
            ) -> StoreResult<Option<MessageTemplate>> {
                let mut select = sqlx::QueryBuilder::<Db>::new(TEMPLATE_COLUMNS);
                select
                    .push("WHERE company_id = ")
                    .push_bind(company_id)
                    .push(" AND channel_id = ")
                    .push_bind(channel_id)
                    .push(" AND name = ")
                    .push_bind(name)
                    .push(" AND language = ")
                    .push_bind(language);
                let row: Option<TemplateRow> = select.build_query_as().fetch_optional(&self.pool).await?;
                row.map(MessageTemplate::try_from).transpose()
            }

            async fn find_template_channels(&self) -> StoreResult<Vec<Channel>> {
                let rows: Vec<ChannelRow> = sqlx::query_as(concat!(
                    "SELECT ",
                    $crate::channel_columns!(),
                    " FROM channels WHERE deleted_at IS NULL AND kind = 'whatsapp_cloud' \
                     AND cloud_waba_id IS NOT NULL AND cloud_waba_id <> '' ORDER BY id"
                ))
                .fetch_all(&self.pool)
                .await?;
                convert_all(rows)
            }
        }
    };
}
