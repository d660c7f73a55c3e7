//! `DbTime`: a UTC instant as both backends store it — `TIMESTAMPTZ` in PostgreSQL and
//! integer microseconds since the Unix epoch in SQLite (sortable, exact, compact).

use jiff::Timestamp;
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueFormat, PgValueRef};
use sqlx::sqlite::{SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Postgres, Sqlite, Type};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DbTime(pub Timestamp);

/// Microseconds between 1970-01-01 and PostgreSQL's epoch 2000-01-01.
const POSTGRES_EPOCH_MICROS: i64 = 946_684_800_000_000;

impl DbTime {
    fn unix_micros(self) -> i64 {
        self.0.as_microsecond()
    }

    fn from_unix_micros(micros: i64) -> Result<Self, BoxDynError> {
        Ok(Self(Timestamp::from_microsecond(micros)?))
    }
}

impl From<Timestamp> for DbTime {
    fn from(timestamp: Timestamp) -> Self {
        Self(timestamp)
    }
}

impl From<DbTime> for Timestamp {
    fn from(time: DbTime) -> Self {
        time.0
    }
}

impl Type<Sqlite> for DbTime {
    fn type_info() -> SqliteTypeInfo {
        <i64 as Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <i64 as Type<Sqlite>>::compatible(ty)
    }
}

impl Encode<'_, Sqlite> for DbTime {
    fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Sqlite>::encode(self.unix_micros(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for DbTime {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        Self::from_unix_micros(<i64 as Decode<Sqlite>>::decode(value)?)
    }
}

impl Type<Postgres> for DbTime {
    fn type_info() -> PgTypeInfo {
        PgTypeInfo::with_name("timestamptz")
    }
}

impl Encode<'_, Postgres> for DbTime {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Postgres>::encode(self.unix_micros() - POSTGRES_EPOCH_MICROS, buf)
    }

    fn size_hint(&self) -> usize {
        std::mem::size_of::<i64>()
    }
}

impl<'r> Decode<'r, Postgres> for DbTime {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        match value.format() {
            PgValueFormat::Binary => {
                let micros: i64 = Decode::<Postgres>::decode(value)?;
                Self::from_unix_micros(micros + POSTGRES_EPOCH_MICROS)
            }
            // Text results ("2026-11-23 12:00:00.5+00") only come from simple queries.
            PgValueFormat::Text => {
                let text = value.as_str()?.replacen(' ', "T", 1);
                let text = if text.ends_with("+00") { format!("{text}:00") } else { text };
                Ok(Self(text.parse()?))
            }
        }
    }
}
