//! The committed `openapi/openapi.json` must equal what the code generates.
//! Regenerate with `make openapi`.

#[test]
fn committed_document_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
    let committed = std::fs::read_to_string(path).expect("openapi/openapi.json exists");
    let generated = blocopro_api::openapi().to_pretty_json().unwrap();
    assert!(
        committed.trim_end() == generated.trim_end(),
        "openapi/openapi.json is stale: run `make openapi` and commit the result"
    );
}

/// Generated clients name their calls after operation ids: two operations must never share one.
#[test]
fn operation_ids_are_unique() {
    let document = blocopro_api::openapi();
    let mut seen = std::collections::HashMap::new();
    for (path, item) in &document.paths.paths {
        let operations = [&item.get, &item.put, &item.post, &item.delete, &item.patch, &item.head, &item.options];
        for id in operations.into_iter().flatten().filter_map(|operation| operation.operation_id.clone()) {
            if let Some(other) = seen.insert(id.clone(), path.clone()) {
                panic!("operation id `{id}` is used by {other} and {path}");
            }
        }
    }
}

/// The document lists each text enum with the values the API really reads and writes.
#[test]
fn text_enums_are_documented_with_their_wire_values() {
    use blocopro_domain::channel::{ChannelKind, ChannelStatus};
    use blocopro_domain::group::GroupImportStatus;
    use blocopro_domain::presence::PresenceStatus;
    use blocopro_domain::user::{Sex, Visibility};
    use blocopro_domain::webhook::{WebhookDeliveryStatus, WebhookEvent};

    let document = serde_json::to_value(blocopro_api::openapi()).unwrap();
    let documented = |name: &str| -> Vec<String> {
        let values = &document["components"]["schemas"][name]["enum"];
        values.as_array().unwrap_or_else(|| panic!("{name} has no enum")).iter().map(|v| v.to_string()).collect()
    };
    fn wire<T: serde::Serialize>(values: &[T]) -> Vec<String> {
        values.iter().map(|value| serde_json::to_string(value).unwrap()).collect()
    }
    assert_eq!(documented("ChannelKind"), wire(ChannelKind::ALL));
    assert_eq!(documented("ChannelStatus"), wire(ChannelStatus::ALL));
    assert_eq!(documented("GroupImportStatus"), wire(GroupImportStatus::ALL));
    assert_eq!(documented("PresenceStatus"), wire(PresenceStatus::ALL));
    assert_eq!(documented("Sex"), wire(Sex::ALL));
    assert_eq!(documented("Visibility"), wire(Visibility::ALL));
    assert_eq!(documented("WebhookEvent"), wire(WebhookEvent::ALL));
    assert_eq!(documented("WebhookDeliveryStatus"), wire(WebhookDeliveryStatus::ALL));
}
