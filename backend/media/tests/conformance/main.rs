//! The media store's contract (`suite.rs`), checked against both implementations: a temporary
//! directory, and a fresh bucket per test on a real S3-compatible server (moto's; see `s3.rs` for
//! how the tests find it).

mod suite;

/// Not a check: the process `a_killed_put_leaves_only_a_temporary` starts (this test binary again)
/// and kills in the middle of a put.
#[tokio::test]
#[ignore = "started and killed by a_killed_put_leaves_only_a_temporary"]
async fn put_until_killed() {
    let url = std::env::var(suite::PUT_UNTIL_KILLED).expect("started by a_killed_put_leaves_only_a_temporary");
    suite::put_until_killed(&url).await;
}

mod fs {
    use blocopro_media::FsMediaStore;

    use crate::suite::Harness;

    pub(crate) struct FsHarness {
        store: FsMediaStore,
        _dir: tempfile::TempDir,
    }

    async fn fresh_store() -> FsHarness {
        let dir = tempfile::tempdir().unwrap();
        let store = FsMediaStore::open(dir.path().join("media")).await.unwrap();
        FsHarness { store, _dir: dir }
    }

    impl Harness for FsHarness {
        fn store(&self) -> &dyn blocopro_media::MediaStore {
            &self.store
        }

        async fn contents(&self) -> Vec<String> {
            let root = self.store.root();
            let mut files = Vec::new();
            let mut folders = vec![root.to_path_buf()];
            while let Some(folder) = folders.pop() {
                for entry in std::fs::read_dir(folder).unwrap() {
                    let path = entry.unwrap().path();
                    if path.is_dir() {
                        folders.push(path);
                    } else {
                        files.push(path.strip_prefix(root).unwrap().to_string_lossy().into_owned());
                    }
                }
            }
            files.sort();
            files
        }

        async fn unfinished_uploads(&self) -> usize {
            0
        }

        async fn plant_temporary(&self) {
            std::fs::write(self.store.root().join("tmp/0190d1a47b8c7def8abc0123456789ab.part"), b"half a photo")
                .unwrap();
        }

        fn location(&self) -> (String, Vec<(&'static str, String)>) {
            (url::Url::from_file_path(self.store.root()).unwrap().to_string(), vec![])
        }
    }

    crate::media_conformance!(fresh_store);
}

mod s3;
