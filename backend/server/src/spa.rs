//! Which SPA `blocopro serve` serves when `BLOCOPRO_SPA_DIR` is not set: the one compiled into the
//! binary by a build with the `embedded-spa` feature (`make run`, `make package`), so that the
//! binary is the one file to deploy; a build without it (the debug builds of the tests, which
//! must build before the SPA is) looks for `./frontend/dist`.

use blocopro_api::spa::SpaFiles;

/// `frontend/dist` as it was when the binary was built (`make spa` first).
#[cfg(feature = "embedded-spa")]
#[derive(rust_embed::Embed)]
#[folder = "../../frontend/dist"]
struct BuiltSpa;

#[cfg(feature = "embedded-spa")]
pub fn default_files() -> SpaFiles {
    SpaFiles::embedded::<BuiltSpa>()
}

#[cfg(not(feature = "embedded-spa"))]
pub fn default_files() -> SpaFiles {
    SpaFiles::Directory("./frontend/dist".into())
}
