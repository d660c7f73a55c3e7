//! What can go wrong in a store, independent of the backend.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint was violated; the name says which (e.g. `users_email_key`).
    #[error("unique constraint `{0}` violated")]
    Duplicate(String),
    /// The change would leave the company without an active administrator.
    #[error("the company must keep at least one active administrator")]
    LastAdmin,
    /// Referenced rows (e.g. department ids) do not exist in the company.
    #[error("unknown ids: {0:?}")]
    UnknownReferences(Vec<uuid::Uuid>),
    #[error("not found")]
    NotFound,
    /// The row is still used elsewhere (e.g. a department by a channel's flow); `code` is stable.
    #[error("{detail}")]
    InUse { code: &'static str, detail: String },
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    #[error("migration error: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &error {
            if db.is_unique_violation() {
                let name = db.constraint().map(str::to_owned).unwrap_or_else(|| unique_name_from_message(db.message()));
                return StoreError::Duplicate(name);
            }
            // A referenced row removed by a concurrent transaction between check and write.
            if db.is_foreign_key_violation() {
                return StoreError::UnknownReferences(Vec::new());
            }
        }
        StoreError::Database(error)
    }
}

/// SQLite reports no constraint name, only "UNIQUE constraint failed: users.email"; turn it into
/// PostgreSQL's naming (`users_email_key`) so callers match one spelling.
fn unique_name_from_message(message: &str) -> String {
    let columns = message.rsplit(": ").next().unwrap_or(message);
    let mut parts = columns.split(", ").map(|column| column.trim());
    let first = parts.next().unwrap_or_default();
    let (table, column) = first.split_once('.').unwrap_or(("", first));
    let mut name = format!("{table}_{column}");
    for other in parts {
        name.push('_');
        name.push_str(other.split_once('.').map(|(_, c)| c).unwrap_or(other));
    }
    name.push_str("_key");
    name
}

pub type StoreResult<T> = Result<T, StoreError>;

#[cfg(test)]
mod tests {
    #[test]
    fn sqlite_messages_become_constraint_names() {
        assert_eq!(super::unique_name_from_message("UNIQUE constraint failed: users.email"), "users_email_key");
        assert_eq!(
            super::unique_name_from_message("UNIQUE constraint failed: departments.company_id, departments.name"),
            "departments_company_id_name_key"
        );
    }
}
