//! What the row mapping of every area shares. Each area's rows (the shapes both SQL backends
//! select, same column names on each) live in its folder, `<area>/rows.rs`.

use blocopro_domain::permissions::{Permission, PermissionSet};
use sqlx::types::Json;

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
