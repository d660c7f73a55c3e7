//! Files uploaded through `POST /media` as a browser sends them (a multipart body).

use serde_json::Value;

use super::{Reply, TestApp};

pub const BOUNDARY: &str = "blocopro-test-boundary";
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00";
pub const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// One part named `name` of a multipart body (without its closing boundary).
pub fn part(name: &str, file_name: &str, content_type: &str, bytes: &[u8]) -> Vec<u8> {
    let mut part = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
         Content-Type: {content_type}\r\n\r\n"
    )
    .into_bytes();
    part.extend_from_slice(bytes);
    part.extend_from_slice(b"\r\n");
    part
}

/// A whole multipart body of one file part.
pub fn form(file_name: &str, content_type: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = part("file", file_name, content_type, bytes);
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

pub async fn post_form(app: &TestApp, token: &str, query: &str, body: Vec<u8>) -> Reply {
    let response = app
        .client
        .post(format!("{}/api/v1/media{query}", app.base))
        .bearer_auth(token)
        .header("Content-Type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    Reply { status, body: response.json().await.unwrap_or(Value::Null) }
}

/// Uploads a file; answers the upload.
pub async fn uploaded(
    app: &TestApp,
    token: &str,
    query: &str,
    file_name: &str,
    content_type: &str,
    bytes: &[u8],
) -> Value {
    let reply = post_form(app, token, query, form(file_name, content_type, bytes)).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    reply.body
}
