//! The SQL of users, their department and channel links, logins and access hours. Expanded into each backend by `crate::sql_store!`.

#[doc(hidden)]
#[macro_export]
macro_rules! user_columns {
    () => {
        concat!(
            "u.id, u.company_id, u.name, u.email, u.phone, u.status, u.full_name, u.sex, u.is_admin, ",
            "u.visibility, u.permissions, ",
            department_ids_json!(),
            " AS department_ids, u.created_at, u.updated_at"
        )
    };
}

/// The columns of `JoinedAccessHours`, from `access_hours ah` left-joined on the user.
#[doc(hidden)]
#[macro_export]
macro_rules! joined_access_hours {
    () => {
        concat!(
            "ah.enabled AS ah_enabled, ah.timezone AS ah_timezone, ah.rules AS ah_rules,",
            " ah.holidays AS ah_holidays, ah.admins_bypass AS ah_admins_bypass"
        )
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! user_auth_select {
    ($condition:literal) => {
        concat!(
            "SELECT ",
            $crate::user_columns!(),
            ", u.password_hash, c.active AS company_active, c.timezone AS company_timezone, u.last_seen_at, ",
            $crate::joined_access_hours!(),
            " FROM users u JOIN companies c ON c.id = u.company_id",
            " LEFT JOIN access_hours ah ON ah.user_id = u.id",
            " WHERE u.deleted_at IS NULL AND ",
            $condition
        )
    };
}

/// The user list after its `FROM … WHERE`, which chooses the rows the search leaves (`$1` the
/// company, `$2` the search, and `$7` its whole term through the index): `$3` status, `$4`
/// department, `$5` cursor, `$6` rows to fetch.
#[doc(hidden)]
#[macro_export]
macro_rules! user_list_sql {
    ($($rows:tt)+) => {
        concat!(
            "SELECT ",
            $crate::user_columns!(),
            $($rows)+,
            " AND u.deleted_at IS NULL AND ($3 IS NULL OR u.status = $3)",
            " AND ($4 IS NULL OR EXISTS (SELECT 1 FROM user_departments ud WHERE ud.user_id = u.id AND ud.department_id = $4))",
            " AND ($5 IS NULL OR (u.name, u.id) > (SELECT c.name, c.id FROM users c WHERE c.id = $5 AND c.company_id = $1))",
            " ORDER BY u.name, u.id LIMIT $6"
        )
    };
}

/// Implements the area's store for the `SqlStore` of the backend invoking it.
#[doc(hidden)]
#[macro_export]
macro_rules! users_sql {
    () => {
        use super::shared::*;
        use $crate::users::rows::{AccessHoursRow, UserAuthRow, UserRow};
        use blocopro_domain::access_hours::AccessHours;
        use blocopro_domain::user::{User, search_key};

        /// The company's users, unfiltered or searched by a LIKE over their keys (a term too short
        /// for the search index).
        const LISTED_USERS: &str =
            $crate::user_list_sql!(" FROM users u WHERE u.company_id = $1 AND ($2 IS NULL OR u.search_key LIKE $2 ESCAPE '\\')");
        /// The company's users found through the search index.
        pub(crate) const SEARCHED_USERS: &str = $crate::user_list_sql!(searched_rows!("users", "search_key", "u", "$1", "$2", "$7"));

        /// The user list's statement (`LISTED_USERS` or `SEARCHED_USERS`, or its plan) with its arguments.
        pub(crate) fn user_list_query<'q>(
            sql: impl sqlx::SqlSafeStr,
            company_id: Uuid,
            search: Option<&TextSearch>,
            filter: &'q UserFilter,
            page: PageRequest,
        ) -> Query<'q> {
            let query = bind_search(sqlx::query(sql).bind(company_id), search)
                .bind(filter.status.map(|status| status.as_str()))
                .bind(filter.department_id)
                .bind(page.after)
                .bind(page.fetch_limit());
            match whole_term_argument(search) {
                Some(whole) => query.bind(whole),
                None => query,
            }
        }

        /// Locks the company row so that checks spanning its users (the last administrator) are atomic.
        async fn lock_company(tx: &mut Tx, company_id: Uuid) -> StoreResult<()> {
            sqlx::query(concat!("SELECT id FROM companies WHERE id = $1 ", for_update!()))
                .bind(company_id)
                .fetch_optional(&mut **tx)
                .await?
                .ok_or(StoreError::NotFound)?;
            Ok(())
        }

        async fn active_admins(tx: &mut Tx, company_id: Uuid) -> StoreResult<i64> {
            let count: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM users WHERE company_id = $1 AND is_admin AND status = 'active' AND deleted_at IS NULL",
            )
            .bind(company_id)
            .fetch_one(&mut **tx)
            .await?;
            Ok(count)
        }

        /// Whether the user is currently an active administrator; `NotFound` outside the company.
        pub(crate) async fn was_active_admin(tx: &mut Tx, company_id: Uuid, user_id: Uuid) -> StoreResult<bool> {
            let row: Option<(bool, String)> =
                sqlx::query_as("SELECT is_admin, status FROM users WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL")
                    .bind(user_id)
                    .bind(company_id)
                    .fetch_optional(&mut **tx)
                    .await?;
            let (is_admin, status) = row.ok_or(StoreError::NotFound)?;
            Ok(is_admin && status == "active")
        }

        async fn ensure_an_admin_remains(tx: &mut Tx, company_id: Uuid, was_admin: bool) -> StoreResult<()> {
            if was_admin && active_admins(tx, company_id).await? == 0 {
                return Err(StoreError::LastAdmin);
            }
            Ok(())
        }

        /// A many-to-many link from users to a company's departments or channels.
        pub(crate) struct UserLinks {
            /// The ids that may be linked: `$1` is the company.
            known: &'static str,
            /// Drops the user's links: `$1` is the user.
            clear: &'static str,
            /// Adds one link: `$1` the user, `$2` the linked id.
            insert: &'static str,
        }

        const DEPARTMENT_LINKS: UserLinks = UserLinks {
            known: "SELECT id FROM departments WHERE company_id = $1",
            clear: "DELETE FROM user_departments WHERE user_id = $1",
            insert: "INSERT INTO user_departments (user_id, department_id) VALUES ($1, $2)",
        };

        pub(crate) const CHANNEL_LINKS: UserLinks = UserLinks {
            known: "SELECT id FROM channels WHERE company_id = $1 AND deleted_at IS NULL",
            clear: "DELETE FROM user_channels WHERE user_id = $1",
            insert: "INSERT INTO user_channels (user_id, channel_id) VALUES ($1, $2)",
        };

        /// Replaces the user's links; ids outside the company fail with `UnknownReferences`.
        pub(crate) async fn replace_user_links(
            tx: &mut Tx,
            links: &UserLinks,
            company_id: Uuid,
            user_id: Uuid,
            ids: &[Uuid],
        ) -> StoreResult<()> {
            let known: Vec<Uuid> = sqlx::query_scalar(links.known).bind(company_id).fetch_all(&mut **tx).await?;
            let mut wanted = ids.to_vec();
            wanted.sort();
            wanted.dedup();
            let unknown: Vec<Uuid> = wanted.iter().copied().filter(|id| !known.contains(id)).collect();
            if !unknown.is_empty() {
                return Err(StoreError::UnknownReferences(unknown));
            }
            sqlx::query(links.clear).bind(user_id).execute(&mut **tx).await?;
            for id in wanted {
                sqlx::query(links.insert).bind(user_id).bind(id).execute(&mut **tx).await?;
            }
            Ok(())
        }

        impl SqlStore {
            /// The company's users unfiltered, the list's usual page: statements without optional
            /// arguments, which PostgreSQL plans once (`LISTED_USERS`, with `$n IS NULL OR …`, is
            /// planned again at every execution). The page's size is written in the statement,
            /// not bound, for the same reason: the generic plan of `LIMIT $n` must assume a tenth of
            /// the company's users and never looks as cheap as one planned for the page.
            async fn list_all_users(&self, company_id: Uuid, page: PageRequest) -> StoreResult<Page<User>> {
                let after = match page.after {
                    None => "",
                    Some(_) => " AND (u.name, u.id) > (SELECT c.name, c.id FROM users c WHERE c.id = $2 AND c.company_id = $1)",
                };
                let sql = format!(
                    "SELECT {} FROM users u WHERE u.company_id = $1 AND u.deleted_at IS NULL{after} ORDER BY u.name, u.id LIMIT {}",
                    $crate::user_columns!(),
                    page.fetch_limit(),
                );
                let mut query = sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql)).bind(company_id);
                if let Some(after) = page.after {
                    query = query.bind(after);
                }
                let users = convert_all(query.fetch_all(&self.pool).await?)?;
                Ok(Page::from_rows(users, page, |user: &User| user.id))
            }
        }

        #[async_trait]
        impl UserStore for SqlStore {
            async fn create_user(&self, user: &User, password_hash: &str, audit: &NewAuditEntry) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    sqlx::query(
                        "INSERT INTO users (id, company_id, name, email, password_hash, phone, status, full_name, sex, is_admin, \
                         visibility, permissions, created_at, updated_at, search_key) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
                    )
                    .bind(user.id)
                    .bind(user.company_id)
                    .bind(&user.name)
                    .bind(&user.email)
                    .bind(password_hash)
                    .bind(&user.phone)
                    .bind(user.status.as_str())
                    .bind(&user.full_name)
                    .bind(user.sex.map(|sex| sex.as_str()))
                    .bind(user.is_admin)
                    .bind(user.visibility.as_str())
                    .bind(rows::permission_keys(&user.permissions))
                    .bind(db(user.created_at))
                    .bind(db(user.updated_at))
                    .bind(search_key(&user.name, user.full_name.as_deref(), &user.email))
                    .execute(&mut *tx)
                    .await?;
                    replace_user_links(&mut tx, &DEPARTMENT_LINKS, user.company_id, user.id, &user.department_ids).await?;
                })
            }

            async fn get_user(&self, company_id: Uuid, id: Uuid) -> StoreResult<Option<User>> {
                let row: Option<UserRow> = sqlx::query_as(concat!(
                    "SELECT ",
                    $crate::user_columns!(),
                    " FROM users u WHERE u.id = $1 AND u.company_id = $2 AND u.deleted_at IS NULL"
                ))
                .bind(id)
                .bind(company_id)
                .fetch_optional(&self.pool)
                .await?;
                row.map(User::try_from).transpose()
            }

            async fn list_users(&self, company_id: Uuid, filter: &UserFilter, page: PageRequest) -> StoreResult<Page<User>> {
                let search = filter.search.as_deref().and_then(TextSearch::new);
                if search.is_none() && filter.status.is_none() && filter.department_id.is_none() {
                    return self.list_all_users(company_id, page).await;
                }
                let sql = list_statement(search.as_ref(), LISTED_USERS, SEARCHED_USERS);
                let rows: Vec<UserRow> = user_list_query(sql, company_id, search.as_ref(), filter, page)
                    .try_map(|row| UserRow::from_row(&row))
                    .fetch_all(&self.pool)
                    .await?;
                let users = convert_all(rows)?;
                Ok(Page::from_rows(users, page, |user: &User| user.id))
            }

            async fn update_user(&self, user: &User, password_hash: Option<&str>, audit: &NewAuditEntry) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    lock_company(&mut tx, user.company_id).await?;
                    let was_admin = was_active_admin(&mut tx, user.company_id, user.id).await?;
                    sqlx::query(
                        "UPDATE users SET name = $3, email = $4, phone = $5, status = $6, full_name = $7, sex = $8, is_admin = $9, \
                         visibility = $10, permissions = $11, updated_at = $12, password_hash = coalesce($13, password_hash), \
                         search_key = $14 WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
                    )
                    .bind(user.id)
                    .bind(user.company_id)
                    .bind(&user.name)
                    .bind(&user.email)
                    .bind(&user.phone)
                    .bind(user.status.as_str())
                    .bind(&user.full_name)
                    .bind(user.sex.map(|sex| sex.as_str()))
                    .bind(user.is_admin)
                    .bind(user.visibility.as_str())
                    .bind(rows::permission_keys(&user.permissions))
                    .bind(db(user.updated_at))
                    .bind(password_hash)
                    .bind(search_key(&user.name, user.full_name.as_deref(), &user.email))
                    .execute(&mut *tx)
                    .await?;
                    ensure_an_admin_remains(&mut tx, user.company_id, was_admin).await?;
                })
            }

            async fn delete_user(&self, company_id: Uuid, id: Uuid, audit: &NewAuditEntry) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    lock_company(&mut tx, company_id).await?;
                    let was_admin = was_active_admin(&mut tx, company_id, id).await?;
                    sqlx::query("UPDATE users SET deleted_at = $3 WHERE id = $1 AND company_id = $2")
                        .bind(id)
                        .bind(company_id)
                        .bind(db(Timestamp::now()))
                        .execute(&mut *tx)
                        .await?;
                    ensure_an_admin_remains(&mut tx, company_id, was_admin).await?;
                })
            }

            async fn set_user_departments(
                &self,
                company_id: Uuid,
                user_id: Uuid,
                department_ids: &[Uuid],
                audit: &NewAuditEntry,
            ) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    was_active_admin(&mut tx, company_id, user_id).await?;
                    replace_user_links(&mut tx, &DEPARTMENT_LINKS, company_id, user_id, department_ids).await?;
                })
            }

            async fn find_user_login(&self, email: &str) -> StoreResult<Option<UserLogin>> {
                let row: Option<UserAuthRow> =
                    sqlx::query_as($crate::user_auth_select!("u.email = $1")).bind(email).fetch_optional(&self.pool).await?;
                let Some(row) = row else { return Ok(None) };
                let (auth, password_hash) = row.into_parts()?;
                Ok(Some(UserLogin { auth, password_hash }))
            }

            async fn find_user_auth(&self, user_id: Uuid) -> StoreResult<Option<UserAuth>> {
                let row: Option<UserAuthRow> =
                    sqlx::query_as($crate::user_auth_select!("u.id = $1")).bind(user_id).fetch_optional(&self.pool).await?;
                row.map(|row| row.into_parts().map(|(auth, _)| auth)).transpose()
            }

            async fn touch_last_seen(&self, user_id: Uuid, at: Timestamp) -> StoreResult<()> {
                sqlx::query("UPDATE users SET last_seen_at = $2 WHERE id = $1")
                    .bind(user_id)
                    .bind(db(at))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn get_access_hours(&self, company_id: Uuid, user_id: Uuid) -> StoreResult<Option<AccessHours>> {
                let row: Option<AccessHoursRow> = sqlx::query_as(
                    "SELECT enabled, timezone, rules, holidays, admins_bypass FROM access_hours WHERE user_id = $1 AND company_id = $2",
                )
                .bind(user_id)
                .bind(company_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(AccessHours::from))
            }

            async fn put_access_hours(
                &self,
                company_id: Uuid,
                user_id: Uuid,
                hours: &AccessHours,
                audit: &NewAuditEntry,
            ) -> StoreResult<()> {
                $crate::audited_write!(self, audit, |tx| {
                    was_active_admin(&mut tx, company_id, user_id).await?;
                    sqlx::query(
                        "INSERT INTO access_hours (user_id, company_id, enabled, timezone, rules, holidays, admins_bypass, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                         ON CONFLICT (user_id) DO UPDATE SET enabled = excluded.enabled, timezone = excluded.timezone, \
                         rules = excluded.rules, holidays = excluded.holidays, admins_bypass = excluded.admins_bypass, \
                         updated_at = excluded.updated_at",
                    )
                    .bind(user_id)
                    .bind(company_id)
                    .bind(hours.enabled)
                    .bind(&hours.timezone)
                    .bind(Json(&hours.rules))
                    .bind(Json(&hours.holidays))
                    .bind(hours.admins_bypass)
                    .bind(db(Timestamp::now()))
                    .execute(&mut *tx)
                    .await?;
                })
            }
        }
    };
}
