//! `BLOCOPRO_MEDIA_URL`: where the media store lives.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use object_store::aws::AmazonS3Builder;
use url::Url;

use crate::{DynMediaStore, FsMediaStore, MediaError, S3MediaStore, default_media_dir};

const EXPECTED: &str = "expected file:///absolute/path or s3://bucket/prefix";

/// A parsed media URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaLocation {
    Directory(PathBuf),
    S3 { bucket: String, prefix: String },
}

impl MediaLocation {
    /// `file:///absolute/path`, `s3://bucket/prefix`, or the data directory's `media` folder when
    /// no URL is set. Errors never repeat the URL, which could hold a credential.
    pub fn parse(url: Option<&str>, data_dir: &Path) -> Result<Self, MediaError> {
        let Some(text) = url.map(str::trim).filter(|text| !text.is_empty()) else {
            return Ok(MediaLocation::Directory(default_media_dir(data_dir)));
        };
        let url = Url::parse(text).map_err(|_| MediaError::InvalidLocation(EXPECTED))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(MediaError::InvalidLocation(
                "the media URL carries no credentials: set the AWS_* variables instead",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(MediaError::InvalidLocation("the media URL takes no query or fragment"));
        }
        match url.scheme() {
            "file" => Self::directory(&url),
            "s3" => Self::bucket(&url),
            _ => Err(MediaError::InvalidLocation(EXPECTED)),
        }
    }

    /// Opens the store this names. For S3, credentials, region, endpoint and plain HTTP come from
    /// the usual `AWS_*` variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_SESSION_TOKEN`, `AWS_REGION`, `AWS_ENDPOINT_URL`, `AWS_ALLOW_HTTP`…).
    pub async fn open(&self) -> Result<DynMediaStore, MediaError> {
        Ok(match self {
            MediaLocation::Directory(root) => Arc::new(FsMediaStore::open(root.clone()).await?),
            MediaLocation::S3 { bucket, prefix } => {
                Arc::new(S3MediaStore::new(AmazonS3Builder::from_env(), bucket, prefix)?)
            }
        })
    }

    fn directory(url: &Url) -> Result<Self, MediaError> {
        let path = url.to_file_path().map_err(|()| MediaError::InvalidLocation(EXPECTED))?;
        Ok(MediaLocation::Directory(path))
    }

    fn bucket(url: &Url) -> Result<Self, MediaError> {
        let bucket = url.host_str().filter(|bucket| !bucket.is_empty());
        let bucket = bucket.ok_or(MediaError::InvalidLocation("the media URL names no bucket"))?;
        // The URL parser has resolved `.` and `..` segments already.
        let prefix = url.path().trim_matches('/');
        Ok(MediaLocation::S3 { bucket: bucket.to_owned(), prefix: prefix.to_owned() })
    }
}

/// Opens the media store `url` names (see [`MediaLocation::parse`] and [`MediaLocation::open`]).
pub async fn from_url(url: Option<&str>, data_dir: &Path) -> Result<DynMediaStore, MediaError> {
    MediaLocation::parse(url, data_dir)?.open().await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: Option<&str>) -> Result<MediaLocation, MediaError> {
        MediaLocation::parse(url, Path::new("/srv/blocopro"))
    }

    #[test]
    fn no_url_means_the_data_directory() {
        let expected = MediaLocation::Directory(PathBuf::from("/srv/blocopro/media"));
        assert_eq!(parse(None).unwrap(), expected);
        assert_eq!(parse(Some("  ")).unwrap(), expected);
    }

    #[test]
    fn file_urls_name_an_absolute_directory() {
        assert_eq!(parse(Some("file:///var/media")).unwrap(), MediaLocation::Directory("/var/media".into()));
        assert!(parse(Some("file://remote-host/var/media")).is_err());
        assert!(parse(Some("media")).is_err());
    }

    #[test]
    fn s3_urls_name_a_bucket_and_a_prefix() {
        let s3 = |bucket: &str, prefix: &str| MediaLocation::S3 { bucket: bucket.into(), prefix: prefix.into() };
        assert_eq!(parse(Some("s3://media-bucket")).unwrap(), s3("media-bucket", ""));
        assert_eq!(parse(Some("s3://media-bucket/")).unwrap(), s3("media-bucket", ""));
        assert_eq!(parse(Some("s3://media-bucket/blocopro/prod/")).unwrap(), s3("media-bucket", "blocopro/prod"));
        assert!(parse(Some("s3:///prefix")).is_err());
        assert_eq!(parse(Some("s3://bucket/a/../b")).unwrap(), s3("bucket", "b"));
        assert!(parse(Some("s3://bucket/a?versioning=1")).is_err());
        assert!(parse(Some("gs://bucket/prefix")).is_err());
    }

    #[test]
    fn credentials_in_the_url_are_refused_without_being_repeated() {
        let error = parse(Some("s3://AKIAEXAMPLE:wJalrXUtnFEMI@bucket/prefix")).unwrap_err();
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(shown.contains("AWS_"), "{shown}");
            assert!(!shown.contains("AKIAEXAMPLE") && !shown.contains("wJalrXUtnFEMI"), "{shown}");
        }
    }

    #[tokio::test]
    async fn the_default_store_is_created_in_the_data_directory() {
        let data_dir = tempfile::tempdir().unwrap();
        let store = from_url(None, data_dir.path()).await.unwrap();
        assert!(data_dir.path().join("media/tmp").is_dir(), "{store:?}");
    }

    #[tokio::test]
    async fn an_s3_store_does_not_show_its_credentials() {
        let builder = AmazonS3Builder::new()
            .with_region("us-east-1")
            .with_access_key_id("AKIAEXAMPLE")
            .with_secret_access_key("wJalrXUtnFEMI");
        let store = S3MediaStore::new(builder, "bucket", "/media/").unwrap();
        let shown = format!("{store:?}");
        assert_eq!(shown, r#"S3MediaStore { location: "s3://bucket/media", .. }"#);
    }
}
