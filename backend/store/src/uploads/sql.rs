//! The SQL of uploads. Expanded into each backend by `crate::sql_store!`.

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! uploads_sql {
    () => {
        use super::shared::*;
        use $crate::messages::rows::{MediaRow, db_int, db_int32};
        use blocopro_domain::message::MessageKind;

        #[derive(FromRow)]
        struct UploadRow {
            upload_kind: Option<String>,
            #[sqlx(flatten)]
            media: MediaRow,
        }

        #[async_trait]
        impl UploadStore for SqlStore {
            async fn insert_upload(&self, company_id: Uuid, upload: &Upload, at: Timestamp) -> StoreResult<()> {
                let media = &upload.media;
                sqlx::query(
                    "INSERT INTO media (id, company_id, channel_id, state, mime_type, size_bytes, sha256, file_name, \
                     duration_seconds, width, height, upload_kind, created_at, updated_at) \
                     VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
                )
                .bind(media.id)
                .bind(company_id)
                .bind(media.state.as_str())
                .bind(&media.mime_type)
                .bind(db_int(media.size_bytes))
                .bind(&media.sha256)
                .bind(&media.file_name)
                .bind(db_int32(media.duration_seconds))
                .bind(db_int32(media.width))
                .bind(db_int32(media.height))
                .bind(upload.kind.as_str())
                .bind(db(at))
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn find_upload(&self, company_id: Uuid, media_id: Uuid) -> StoreResult<Option<Upload>> {
                let row: Option<UploadRow> = sqlx::query_as(concat!(
                    "SELECT md.upload_kind, ",
                    $crate::media_row_columns!(),
                    "FROM media md WHERE md.company_id = $1 AND md.id = $2 AND md.channel_id IS NULL AND md.state = 'stored'"
                ))
                .bind(company_id)
                .bind(media_id)
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else { return Ok(None) };
                let kind = row.upload_kind.as_deref().and_then(MessageKind::parse);
                let kind = kind.ok_or_else(|| StoreError::Corrupt(format!("upload {media_id} has no kind")))?;
                Ok(row.media.into_media()?.map(|media| Upload { kind, media }))
            }

            async fn sweep_unsent_uploads(&self, before: Timestamp, limit: u32) -> StoreResult<SweptUploads> {
                let mut tx = self.begin_write().await?;
                let swept: Vec<(Uuid, Uuid, Option<String>)> = sqlx::query_as(concat!(
                    "DELETE FROM media WHERE id IN (SELECT md.id FROM media md WHERE md.channel_id IS NULL AND md.created_at < $1 ",
                    "AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.media_id = md.id) LIMIT $2 ",
                    skip_locked!(),
                    ") RETURNING id, company_id, sha256"
                ))
                .bind(db(before))
                .bind(i64::from(limit))
                .fetch_all(&mut *tx)
                .await?;
                let uploads = swept.len() as u64;
                let objects: std::collections::BTreeSet<(Uuid, String)> =
                    swept.into_iter().filter_map(|(_, company_id, sha256)| Some((company_id, sha256?))).collect();
                let mut unused = Vec::new();
                for (company_id, sha256) in objects {
                    let (used,): (bool,) =
                        sqlx::query_as("SELECT EXISTS (SELECT 1 FROM media WHERE company_id = $1 AND sha256 = $2)")
                            .bind(company_id)
                            .bind(&sha256)
                            .fetch_one(&mut *tx)
                            .await?;
                    if !used {
                        unused.push(UnusedObject { company_id, sha256 });
                    }
                }
                tx.commit().await?;
                Ok(SweptUploads { uploads, unused_objects: unused })
            }
        }
    };
}
