//! What can go wrong in a store, independent of the backend.

use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A value that must be unique is taken. `field` names it as callers do (`email`, `name`,
    /// …; see each area's `UNIQUE_INDEXES`); `None` for a unique index over no value a caller
    /// chooses (a token hash, the one open presence period): a concurrent write got there first.
    #[error("duplicate value of `{}`", field.unwrap_or("a unique key"))]
    Duplicate { field: Option<&'static str> },
    /// The change would leave the company without an active administrator.
    #[error("the company must keep at least one active administrator")]
    LastAdmin,
    /// Referenced rows (e.g. department ids) do not exist in the company.
    #[error("unknown ids: {0:?}")]
    UnknownReferences(Vec<Uuid>),
    #[error("not found")]
    NotFound,
    /// The row is still used elsewhere, and by what.
    #[error("still in use: {0:?}")]
    InUse(InUse),
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    #[error("migration error: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}

/// What is still in use, and by whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InUse {
    /// An option of the channel's greeting flow sends conversations to the department.
    DepartmentInFlow { department_id: Uuid, channel_id: Uuid },
}

/// A unique index of an area and the field whose value it keeps unique.
#[derive(Debug, Clone, Copy)]
pub struct UniqueIndex {
    /// The index's name, which PostgreSQL reports as the violated constraint.
    pub name: &'static str,
    /// Its columns as SQLite spells them in "UNIQUE constraint failed: <columns>".
    pub columns: &'static str,
    /// The field it protects, as callers name it.
    pub field: &'static str,
}

/// Every area's unique indexes that protect a field.
const UNIQUE_INDEXES: &[&[UniqueIndex]] = &[
    crate::companies::UNIQUE_INDEXES,
    crate::operators::UNIQUE_INDEXES,
    crate::users::UNIQUE_INDEXES,
    crate::departments::UNIQUE_INDEXES,
    crate::channels::UNIQUE_INDEXES,
    crate::contacts::UNIQUE_INDEXES,
    crate::quick_replies::UNIQUE_INDEXES,
    crate::labels::UNIQUE_INDEXES,
];

/// The field a violated unique index protects: PostgreSQL names the index (`constraint`), SQLite
/// only lists its columns in the message.
fn duplicate_field(constraint: Option<&str>, message: &str) -> Option<&'static str> {
    let columns = message.strip_prefix("UNIQUE constraint failed: ");
    UNIQUE_INDEXES
        .iter()
        .flat_map(|indexes| indexes.iter())
        .find(|index| constraint == Some(index.name) || columns == Some(index.columns))
        .map(|index| index.field)
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &error {
            if db.is_unique_violation() {
                return StoreError::Duplicate { field: duplicate_field(db.constraint(), db.message()) };
            }
            // A referenced row removed by a concurrent transaction between check and write.
            if db.is_foreign_key_violation() {
                return StoreError::UnknownReferences(Vec::new());
            }
        }
        StoreError::Database(error)
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

#[cfg(test)]
mod tests {
    use super::{UNIQUE_INDEXES, duplicate_field};

    #[test]
    fn both_spellings_of_a_violation_name_the_field() {
        assert_eq!(duplicate_field(Some("users_email_key"), "duplicate key value"), Some("email"));
        assert_eq!(duplicate_field(None, "UNIQUE constraint failed: users.email"), Some("email"));
        assert_eq!(
            duplicate_field(None, "UNIQUE constraint failed: departments.company_id, departments.name"),
            Some("name")
        );
        assert_eq!(duplicate_field(Some("refresh_tokens_token_hash_key"), ""), None);
        assert_eq!(duplicate_field(None, "UNIQUE constraint failed: refresh_tokens.token_hash"), None);
    }

    /// The table says what the migrations create, on both databases.
    #[test]
    fn every_unique_index_is_in_both_migrations() {
        let migrations = |dialect: &str| -> String {
            let dir = format!("{}/../../migrations/{dialect}", env!("CARGO_MANIFEST_DIR"));
            let mut text = String::new();
            for entry in std::fs::read_dir(dir).unwrap() {
                text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
            }
            text
        };
        for dialect in ["sqlite", "postgres"] {
            let text = migrations(dialect);
            for index in UNIQUE_INDEXES.iter().flat_map(|indexes| indexes.iter()) {
                let (table, _) = index.columns.split_once('.').unwrap();
                let columns: Vec<&str> =
                    index.columns.split(", ").map(|column| column.split_once('.').unwrap().1).collect();
                let statement = format!("CREATE UNIQUE INDEX {} ON {table} ({})", index.name, columns.join(", "));
                assert!(text.contains(&statement), "{dialect} migrations lack `{statement}`");
            }
        }
    }
}
