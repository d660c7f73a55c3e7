//! The SQL of sessions and credentials: refresh-token families, login failures, API tokens. Expanded into each backend by `crate::sql_store!`.

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! auth_sql {
    () => {
        use super::shared::*;
        use blocopro_domain::token::ApiToken;
        use $crate::auth::rows::{ApiTokenRow, SubjectRow};

        #[derive(sqlx::FromRow)]
        struct RefreshTokenState {
            family_id: Uuid,
            #[sqlx(flatten)]
            subject: SubjectRow,
            expires_at: DbTime,
            used_at: Option<DbTime>,
            revoked_at: Option<DbTime>,
        }

        async fn revoke_family(tx: &mut Tx, family_id: Uuid, now: Timestamp) -> StoreResult<u64> {
            let result = sqlx::query("UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL")
                .bind(family_id)
                .bind(db(now))
                .execute(&mut **tx)
                .await?;
            Ok(result.rows_affected())
        }

        async fn insert_refresh_token(tx: &mut Tx, token: &RefreshToken) -> StoreResult<()> {
            sqlx::query(
                "INSERT INTO refresh_tokens (id, family_id, subject_kind, subject_id, company_id, token_hash, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(token.id)
            .bind(token.family_id)
            .bind(token.subject.kind.as_str())
            .bind(token.subject.id)
            .bind(token.subject.company_id)
            .bind(&token.token_hash)
            .bind(db(token.created_at))
            .bind(db(token.expires_at))
            .execute(&mut **tx)
            .await?;
            Ok(())
        }

        #[async_trait]
        impl AuthStore for SqlStore {
            async fn create_refresh_token(&self, token: &RefreshToken) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                insert_refresh_token(&mut tx, token).await?;
                tx.commit().await?;
                Ok(())
            }

            /// The family and subject of `next` are taken from the consumed token.
            async fn rotate_refresh_token(
                &self,
                old_hash: &str,
                next: &RefreshToken,
                now: Timestamp,
            ) -> StoreResult<RotateOutcome> {
                let mut tx = self.begin_write().await?;
                let state: Option<RefreshTokenState> = sqlx::query_as(concat!(
                    "SELECT family_id, subject_kind, subject_id, company_id, expires_at, used_at, revoked_at ",
                    "FROM refresh_tokens WHERE token_hash = $1 ",
                    for_update!()
                ))
                .bind(old_hash)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(state) = state else { return Ok(RotateOutcome::Invalid) };
                if state.used_at.is_some() || state.revoked_at.is_some() {
                    revoke_family(&mut tx, state.family_id, now).await?;
                    tx.commit().await?;
                    return Ok(RotateOutcome::Reused);
                }
                if state.expires_at.0 <= now {
                    return Ok(RotateOutcome::Invalid);
                }
                sqlx::query("UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1")
                    .bind(old_hash)
                    .bind(db(now))
                    .execute(&mut *tx)
                    .await?;
                let subject = Subject::try_from(state.subject)?;
                let next = RefreshToken { family_id: state.family_id, subject, ..next.clone() };
                insert_refresh_token(&mut tx, &next).await?;
                tx.commit().await?;
                Ok(RotateOutcome::Rotated(subject))
            }

            async fn revoke_refresh_family(&self, token_hash: &str, now: Timestamp) -> StoreResult<Option<Subject>> {
                let mut tx = self.begin_write().await?;
                let state: Option<RefreshTokenState> = sqlx::query_as(
                    "SELECT family_id, subject_kind, subject_id, company_id, expires_at, used_at, revoked_at \
                     FROM refresh_tokens WHERE token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(state) = state else { return Ok(None) };
                let revoked = revoke_family(&mut tx, state.family_id, now).await?;
                tx.commit().await?;
                if revoked == 0 { Ok(None) } else { Subject::try_from(state.subject).map(Some) }
            }

            async fn revoke_subject_sessions(&self, subject_id: Uuid, now: Timestamp) -> StoreResult<()> {
                sqlx::query("UPDATE refresh_tokens SET revoked_at = $2 WHERE subject_id = $1 AND revoked_at IS NULL")
                    .bind(subject_id)
                    .bind(db(now))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn record_login_failure(&self, subject_id: Uuid, at: Timestamp) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM login_failures WHERE subject_id = $1 AND at < $2")
                    .bind(subject_id)
                    .bind(db(at - blocopro_domain::lockout::LOOKBACK))
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("INSERT INTO login_failures (subject_id, at) VALUES ($1, $2)")
                    .bind(subject_id)
                    .bind(db(at))
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn login_failures_since(&self, subject_id: Uuid, since: Timestamp) -> StoreResult<Vec<Timestamp>> {
                let times: Vec<DbTime> =
                    sqlx::query_scalar("SELECT at FROM login_failures WHERE subject_id = $1 AND at >= $2 ORDER BY at")
                        .bind(subject_id)
                        .bind(db(since))
                        .fetch_all(&self.pool)
                        .await?;
                Ok(times.into_iter().map(|t| t.0).collect())
            }

            async fn clear_login_failures(&self, subject_id: Uuid) -> StoreResult<()> {
                sqlx::query("DELETE FROM login_failures WHERE subject_id = $1").bind(subject_id).execute(&self.pool).await?;
                Ok(())
            }

            async fn create_api_token(&self, token: &ApiToken, token_hash: &str, audit: &NewAuditEntry) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    sqlx::query(
                        "INSERT INTO api_tokens (id, company_id, name, token_hash, permissions, created_by, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(token.id)
                    .bind(token.company_id)
                    .bind(&token.name)
                    .bind(token_hash)
                    .bind(rows::permission_keys(&token.permissions))
                    .bind(token.created_by)
                    .bind(db(token.created_at))
                    .execute(&mut *tx)
                    .await?;
                })
            }

            async fn list_api_tokens(&self, company_id: Uuid) -> StoreResult<Vec<ApiToken>> {
                let rows: Vec<ApiTokenRow> = sqlx::query_as(
                    "SELECT id, company_id, name, permissions, created_by, created_at, last_used_at FROM api_tokens \
                     WHERE company_id = $1 ORDER BY id",
                )
                .bind(company_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(ApiToken::from).collect())
            }

            async fn delete_api_token(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    let result = sqlx::query("DELETE FROM api_tokens WHERE id = $1 AND company_id = $2")
                        .bind(id)
                        .bind(company_id)
                        .execute(&mut *tx)
                        .await?;
                    expect_one(result.rows_affected())?;
                })
            }

            async fn find_api_token(&self, token_hash: &str) -> StoreResult<Option<ApiToken>> {
                let row: Option<ApiTokenRow> = sqlx::query_as(
                    "SELECT id, company_id, name, permissions, created_by, created_at, last_used_at FROM api_tokens WHERE token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(ApiToken::from))
            }

            async fn touch_api_token(&self, id: Uuid, at: Timestamp) -> StoreResult<()> {
                sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
                    .bind(id)
                    .bind(db(at))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }
    };
}
