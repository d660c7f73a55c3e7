//! Downloading a received file from the Graph API: its media id gives a short-lived URL (with its
//! type and size), whose bytes are then streamed with the channel's token. A file Meta no longer
//! has (400, 404) is refused for good; Meta being down (5xx, a timeout) may pass.

use futures_util::StreamExt;
use serde::Deserialize;

use super::CloudApiConnector;
use crate::{ConnectorError, FetchedFile};

/// `GET /{version}/{media-id}`.
#[derive(Deserialize)]
struct MediaUrl {
    url: String,
    mime_type: Option<String>,
    /// A number, or a number in a string (both are seen).
    file_size: Option<serde_json::Value>,
}

fn size_of(value: Option<&serde_json::Value>) -> Option<u64> {
    match value? {
        serde_json::Value::Number(number) => number.as_u64(),
        serde_json::Value::String(text) => text.parse().ok(),
        _ => None,
    }
}

fn unavailable(error: reqwest::Error) -> ConnectorError {
    ConnectorError::Unavailable(error.without_url().to_string())
}

/// What a download answered other than 2xx means.
fn download_failure(status: reqwest::StatusCode) -> ConnectorError {
    match status.as_u16() {
        401 | 403 => ConnectorError::Unauthorized,
        429 => ConnectorError::RateLimited,
        _ if status.is_server_error() => ConnectorError::Unavailable(format!("the media server answered {status}")),
        _ => ConnectorError::Rejected { code: status.as_u16().to_string(), message: status.to_string() },
    }
}

impl CloudApiConnector {
    pub(super) async fn fetch(&self, media_id: &str) -> Result<FetchedFile, ConnectorError> {
        if media_id.is_empty() || !media_id.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'_') {
            return Err(ConnectorError::Rejected { code: "400".into(), message: "not a media id".into() });
        }
        let url = format!("{}/{}/{media_id}", self.base_url, self.settings.api_version);
        let body = self.call(self.http.get(url)).await?;
        let found: MediaUrl = serde_json::from_value(body).map_err(|e| ConnectorError::Unavailable(e.to_string()))?;
        let response = self.http.get(&found.url).bearer_auth(&self.access_token).send().await.map_err(unavailable)?;
        if !response.status().is_success() {
            return Err(download_failure(response.status()));
        }
        let size = size_of(found.file_size.as_ref()).or(response.content_length());
        Ok(FetchedFile {
            mime_type: found.mime_type,
            size,
            bytes: response.bytes_stream().map(|chunk| chunk.map_err(unavailable)).boxed(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_come_as_numbers_or_strings() {
        assert_eq!(size_of(Some(&serde_json::json!(303_833))), Some(303_833));
        assert_eq!(size_of(Some(&serde_json::json!("303833"))), Some(303_833));
        assert_eq!(size_of(Some(&serde_json::json!(null))), None);
        assert_eq!(size_of(None), None);
    }

    #[test]
    fn a_file_meta_lost_is_final_and_meta_down_may_pass() {
        let status = |code: u16| download_failure(reqwest::StatusCode::from_u16(code).unwrap());
        assert!(!status(404).is_passing() && !status(400).is_passing());
        assert!(status(500).is_passing() && status(503).is_passing() && status(429).is_passing());
        assert_eq!(status(401), ConnectorError::Unauthorized);
    }
}
