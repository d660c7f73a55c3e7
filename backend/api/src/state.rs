//! What every handler can reach: the store and the token keys.

use blocopro_store::DynStore;

use crate::auth::tokens::JwtKeys;

pub struct AppState {
    pub store: DynStore,
    pub jwt: JwtKeys,
}
