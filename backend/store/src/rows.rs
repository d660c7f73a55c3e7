//! What the row mapping of every area shares. Each area's rows (the shapes both SQL backends
//! select, same column names on each) live in its folder, `<area>/rows.rs`.

use blocopro_domain::permissions::{Permission, PermissionSet};
use sqlx::types::Json;
use sqlx::{Column, ColumnIndex, Decode, Row};

use crate::{StoreError, StoreResult};

pub(crate) fn parse_text<T>(value: &str, parse: impl Fn(&str) -> Option<T>, what: &str) -> StoreResult<T> {
    parse(value).ok_or_else(|| StoreError::Corrupt(format!("unknown {what} `{value}`")))
}

/// Unknown keys (e.g. a permission retired from the code) are dropped, not fatal.
pub fn permission_set(keys: &[String]) -> PermissionSet {
    keys.iter().filter_map(|key| key.parse::<Permission>().ok()).collect()
}

pub fn permission_keys(set: &PermissionSet) -> Json<Vec<&'static str>> {
    Json(set.iter().map(|permission| permission.key()).collect())
}

/// Converts a list of fallible rows.
pub fn convert_all<R, T>(rows: Vec<R>) -> StoreResult<Vec<T>>
where
    T: TryFrom<R, Error = StoreError>,
{
    rows.into_iter().map(T::try_from).collect()
}

pub(crate) fn count(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// A value of the row `R`'s database, as `Columns` reads it.
pub(crate) trait Value<'r, R: Row>: Decode<'r, R::Database> {}

impl<'r, R: Row, T: Decode<'r, R::Database>> Value<'r, R> for T {}

/// A row whose columns are found by position and by name (every backend's).
pub(crate) trait IndexedRow: Row + Sized {
    /// The position of the column `name`: `expected` if it is there, else where it is.
    fn position_of(&self, name: &str, expected: usize) -> Result<usize, sqlx::Error>;

    /// The value at `position`, decoded without comparing its database type with `T`'s.
    fn value_at<'r, T: Value<'r, Self>>(&'r self, position: usize) -> Result<T, sqlx::Error>;
}

impl<R: Row> IndexedRow for R
where
    usize: ColumnIndex<R>,
    for<'name> &'name str: ColumnIndex<R>,
{
    fn position_of(&self, name: &str, expected: usize) -> Result<usize, sqlx::Error> {
        match self.columns().get(expected) {
            Some(column) if column.name() == name => Ok(expected),
            _ => Ok(self.try_column(name)?.ordinal()),
        }
    }

    fn value_at<'r, T: Value<'r, Self>>(&'r self, position: usize) -> Result<T, sqlx::Error> {
        self.try_get_unchecked(position)
    }
}

/// Reads a row's columns one after the other, each by its position when the select list has it
/// there, else by its name, and decodes it without comparing its database type with the Rust one
/// (a decoding that fails is still an error; SQLite converts a value of another storage class, as
/// it does for any read). A derived `FromRow` finds each column of each row by hashing its name and
/// compares the types of each value: on a page of 50 messages of 33 columns, a fifth of the
/// server's work. The rows read this way are those of the longest lists, whose select lists are
/// fixed; the store's conformance tests read every column of theirs on both databases.
pub(crate) struct Columns<'r, R> {
    row: &'r R,
    next: usize,
}

impl<'r, R: IndexedRow> Columns<'r, R> {
    pub(crate) fn of(row: &'r R) -> Self {
        Self { row, next: 0 }
    }

    /// The column `name`: the next one if it is named so, else found by name (and the reading goes on after it).
    pub(crate) fn read<T: Value<'r, R>>(&mut self, name: &str) -> Result<T, sqlx::Error> {
        let position = self.row.position_of(name, self.next)?;
        self.next = position + 1;
        self.row.value_at(position)
    }
}

/// Implements `FromRow` for `$row` through `Columns`, and `$row::read` for a row that holds it: its
/// fields' columns in the order listed, each named like its field (`field: Nested` reads the
/// columns of the row `Nested` in its place). `of` lists the types of the values read.
macro_rules! read_in_order {
    ($row:ident of [$($value:ty),+ $(,)?] { $($field:ident $(: $nested:ident)?),+ $(,)? }) => {
        impl $row {
            pub(crate) fn read<'r, R: $crate::rows::IndexedRow>(
                columns: &mut $crate::rows::Columns<'r, R>,
            ) -> Result<Self, sqlx::Error>
            where
                $($value: $crate::rows::Value<'r, R>),+
            {
                Ok(Self { $($field: $crate::rows::read_in_order!(@column columns $field $($nested)?)),+ })
            }
        }

        impl<'r, R: $crate::rows::IndexedRow> sqlx::FromRow<'r, R> for $row
        where
            $($value: $crate::rows::Value<'r, R>),+
        {
            fn from_row(row: &'r R) -> Result<Self, sqlx::Error> {
                Self::read(&mut $crate::rows::Columns::of(row))
            }
        }
    };
    (@column $columns:ident $field:ident) => {
        $columns.read(stringify!($field))?
    };
    (@column $columns:ident $field:ident $nested:ident) => {
        $nested::read($columns)?
    };
}
pub(crate) use read_in_order;

#[cfg(test)]
mod tests {
    use sqlx::{Connection, FromRow, SqliteConnection};

    struct Pair {
        number: i64,
        word: String,
    }

    read_in_order!(Pair of [i64, String] { number, word });

    async fn read(sql: &str) -> Result<Pair, sqlx::Error> {
        let mut connection = SqliteConnection::connect("sqlite::memory:").await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_one(&mut connection).await?;
        Pair::from_row(&row)
    }

    #[tokio::test]
    async fn columns_are_read_where_they_are_expected_or_else_by_name() {
        for sql in [
            "SELECT 7 AS number, 'seven' AS word",
            "SELECT 'seven' AS word, 7 AS number",
            "SELECT 0 AS other, 7 AS number, 'seven' AS word",
        ] {
            let pair = read(sql).await.unwrap();
            assert_eq!((pair.number, pair.word.as_str()), (7, "seven"), "{sql}");
        }
    }

    #[tokio::test]
    async fn a_missing_column_or_a_value_that_does_not_decode_is_an_error() {
        assert!(matches!(read("SELECT 7 AS number").await, Err(sqlx::Error::ColumnNotFound(name)) if name == "word"));
        assert!(matches!(read("SELECT 7 AS number, x'ff' AS word").await, Err(sqlx::Error::ColumnDecode { .. })));
    }
}
