//! The log output, one layer per format: the binary writes it to stdout; the security tests write it
//! to a buffer and search it for secrets.

use tracing::Subscriber;
use tracing_subscriber::Layer;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::registry::LookupSpan;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines (development).
    Text,
    /// One JSON object per line, with the current span's fields (production).
    Json,
}

impl LogFormat {
    /// `BLOCOPRO_LOG_FORMAT`: `json`, anything else is text.
    pub fn from_setting(value: Option<&str>) -> Self {
        if value == Some("json") { Self::Json } else { Self::Text }
    }
}

pub fn log_layer<S, W>(format: LogFormat, writer: W) -> Box<dyn Layer<S> + Send + Sync>
where
    S: Subscriber + for<'span> LookupSpan<'span>,
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let layer = tracing_subscriber::fmt::layer().with_writer(writer);
    match format {
        LogFormat::Text => layer.boxed(),
        LogFormat::Json => layer.json().boxed(),
    }
}
