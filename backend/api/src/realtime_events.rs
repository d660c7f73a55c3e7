//! How the document describes what the realtime socket sends (`GET /api/v1/realtime`), which no
//! operation's annotations can say: `RealtimeEventType`, every `EventKind` as it is spelt on the
//! wire, and `RealtimeEvent`, one `{cursor, type, data}` object per type (and `ready`), whose
//! `data` refers to the schemas the REST answers already use. Generated clients key on the union.

use blocopro_domain::event::EventKind;
use utoipa::openapi::schema::{ArrayBuilder, Discriminator, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::{KnownFormat, OpenApi, Ref, RefOr};

pub const EVENT_TYPE_SCHEMA: &str = "RealtimeEventType";
pub const EVENT_SCHEMA: &str = "RealtimeEvent";
/// The socket's first message, not an event of the log.
const READY: &str = "ready";

/// Schema of the data of `message.created` and `message.status`: the message and its conversation.
const MESSAGE_EVENT_DATA: &str = "MessageEventData";

/// Adds `RealtimeEventType`, one schema per event (`MessageCreatedEvent`, …) and their union
/// `RealtimeEvent` to the document's schemas. Each event is a named schema, so that every client
/// generator makes it a type of its own (some refuse a union of inline objects).
pub fn describe(doc: &mut OpenApi) {
    let schemas = &mut doc.components.get_or_insert_with(Default::default).schemas;
    let types = ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some("The `type` of a realtime event; the event log stores it as this text."))
        .enum_values(Some(EventKind::ALL.iter().map(|kind| kind.as_str())));
    schemas.insert(EVENT_TYPE_SCHEMA.to_owned(), types.into());
    schemas.insert(MESSAGE_EVENT_DATA.to_owned(), message_event_data());
    let ready = ObjectBuilder::new()
        .property("resync", ObjectBuilder::new().schema_type(Type::Boolean))
        .required("resync")
        .description(Some("`true` when the events after `?since=` are no longer kept: refresh everything."));
    let events = std::iter::once((READY, "The socket follows the live events from `cursor` on.", ready.into()))
        .chain(EventKind::ALL.iter().map(|kind| (kind.as_str(), what_happened(*kind), payload(*kind))));
    let mut union = OneOfBuilder::new().description(Some(
        "A message of the realtime socket, told apart by `type`: `ready` first, then the events the reader may \
         see, each with the cursor to resume from (`?since=`).",
    ));
    let mut discriminator = Discriminator::new("type");
    for (event_type, description, data) in events {
        let name = event_schema_name(event_type);
        schemas.insert(name.clone(), message(event_type, description, data).into());
        discriminator.mapping.insert(event_type.to_owned(), format!("#/components/schemas/{name}"));
        union = union.item(named(&name));
    }
    schemas.insert(EVENT_SCHEMA.to_owned(), union.discriminator(Some(discriminator)).into());
}

/// `message.created` → `MessageCreatedEvent`.
fn event_schema_name(event_type: &str) -> String {
    let words = event_type.split(['.', '_']).map(|word| {
        let mut letters = word.chars();
        letters.next().map(|first| first.to_uppercase().chain(letters).collect::<String>()).unwrap_or_default()
    });
    format!("{}Event", words.collect::<String>())
}

/// `{cursor, type: <type>, data}`.
fn message(event_type: &str, description: &str, data: RefOr<Schema>) -> ObjectBuilder {
    ObjectBuilder::new()
        .description(Some(description))
        .property("cursor", ObjectBuilder::new().schema_type(Type::Integer).format(Some(int64())))
        .property("type", ObjectBuilder::new().schema_type(Type::String).enum_values(Some([event_type])))
        .property("data", data)
        .required("cursor")
        .required("type")
        .required("data")
}

fn message_event_data() -> RefOr<Schema> {
    utoipa::openapi::schema::AllOfBuilder::new()
        .item(named("ChannelMessage"))
        .item(
            ObjectBuilder::new()
                .property(
                    "conversation_id",
                    nullable(uuid()).description(Some("`null` for a group that is not imported.")),
                )
                .required("conversation_id"),
        )
        .into()
}

fn what_happened(kind: EventKind) -> &'static str {
    match kind {
        EventKind::MessageCreated => "A message was received or written.",
        EventKind::MessageStatus => "A message was sent, delivered, read, or failed.",
        EventKind::MessageUpdated => {
            "What a stored message shows changed: its reactions (later also its media file, once stored or failed)."
        }
        EventKind::ConversationUpdated => {
            "A conversation changed (a new message, assignment, status, unread count); also sent to whoever saw \
             it before a transfer, so that it leaves their lists."
        }
        EventKind::ChannelStatus => "A channel connected, disconnected, is pairing or was logged out.",
        EventKind::ChannelQr => "A new QR Code to pair a channel.",
        EventKind::GroupUpdated => "An imported group was created, synchronised or its settings changed.",
        EventKind::GroupRemoved => "A group was un-imported.",
        EventKind::GroupImportProgress => "A pre-import read more of the channel's groups.",
        EventKind::GroupsImported => "Groups were imported.",
        EventKind::PresenceChanged => "A user went online, away or offline.",
        EventKind::CompanyUpdated => "The company's name or time zone changed.",
        EventKind::UserUpdated => {
            "The reader's account, permissions, departments, channels or access hours changed (sent to that user)."
        }
    }
}

/// What each kind carries: the schema its REST counterpart answers where there is one.
fn payload(kind: EventKind) -> RefOr<Schema> {
    match kind {
        EventKind::MessageCreated | EventKind::MessageStatus | EventKind::MessageUpdated => named(MESSAGE_EVENT_DATA),
        EventKind::ConversationUpdated => named("Conversation"),
        EventKind::ChannelStatus => named("ChannelView"),
        EventKind::ChannelQr => object([("channel_id", uuid()), ("code", string()), ("expires_at", date_time())]),
        EventKind::GroupUpdated => named("Group"),
        EventKind::GroupRemoved | EventKind::UserUpdated => object([("id", uuid())]),
        EventKind::GroupImportProgress => named("GroupImportJob"),
        EventKind::GroupsImported => {
            let group_ids = ArrayBuilder::new().items(uuid());
            ObjectBuilder::new()
                .property("channel_id", uuid())
                .property("group_ids", group_ids)
                .required("channel_id")
                .required("group_ids")
                .into()
        }
        EventKind::PresenceChanged => ObjectBuilder::new()
            .property("user_id", uuid())
            .property("status", named("PresenceStatus"))
            .property("at", date_time())
            .required("user_id")
            .required("status")
            .required("at")
            .into(),
        EventKind::CompanyUpdated => named("Company"),
    }
}

fn named(schema: &str) -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(schema))
}

/// An object whose properties are all required.
fn object<const N: usize>(properties: [(&str, ObjectBuilder); N]) -> RefOr<Schema> {
    properties
        .into_iter()
        .fold(ObjectBuilder::new(), |object, (name, schema)| object.property(name, schema).required(name))
        .into()
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn uuid() -> ObjectBuilder {
    string().format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
}

fn date_time() -> ObjectBuilder {
    string().format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
}

fn nullable(schema: ObjectBuilder) -> ObjectBuilder {
    schema.schema_type(utoipa::openapi::schema::SchemaType::from_iter([Type::String, Type::Null]))
}

fn int64() -> SchemaFormat {
    SchemaFormat::KnownFormat(KnownFormat::Int64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> serde_json::Value {
        serde_json::to_value(crate::openapi()).unwrap()
    }

    #[test]
    fn every_kind_has_one_message_and_its_type() {
        let document = document();
        let schemas = &document["components"]["schemas"];
        let wire: Vec<serde_json::Value> =
            EventKind::ALL.iter().map(|kind| serde_json::to_value(kind).unwrap()).collect();
        assert_eq!(schemas[EVENT_TYPE_SCHEMA]["enum"].as_array().unwrap(), &wire);
        let types: Vec<&str> = schemas[EVENT_SCHEMA]["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|member| member["$ref"].as_str().unwrap().trim_start_matches("#/components/schemas/"))
            .map(|name| schemas[name]["properties"]["type"]["enum"][0].as_str().unwrap())
            .collect();
        let expected: Vec<&str> =
            std::iter::once(READY).chain(EventKind::ALL.iter().map(|kind| kind.as_str())).collect();
        assert_eq!(types, expected);
    }

    /// A payload schema renamed or removed elsewhere must not leave a dangling reference.
    #[test]
    fn payloads_refer_to_schemas_the_document_has() {
        let document = document();
        let schemas = &document["components"]["schemas"];
        let mut references = Vec::new();
        collect_references(&schemas[EVENT_SCHEMA], &mut references);
        for event in references.clone() {
            collect_references(&schemas[&event], &mut references);
        }
        collect_references(&schemas[MESSAGE_EVENT_DATA], &mut references);
        assert!(references.contains(&"ChannelMessage".to_owned()));
        for name in references {
            assert!(schemas.get(&name).is_some(), "RealtimeEvent refers to the missing schema {name}");
        }
    }

    #[test]
    fn event_schemas_are_named_after_their_type() {
        assert_eq!(event_schema_name("message.created"), "MessageCreatedEvent");
        assert_eq!(event_schema_name("group_import.progress"), "GroupImportProgressEvent");
        assert_eq!(event_schema_name("ready"), "ReadyEvent");
    }

    fn collect_references(value: &serde_json::Value, found: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(object) => {
                if let Some(reference) = object.get("$ref").and_then(|reference| reference.as_str()) {
                    found.push(reference.trim_start_matches("#/components/schemas/").to_owned());
                }
                object.values().for_each(|value| collect_references(value, found));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|value| collect_references(value, found)),
            _ => {}
        }
    }
}
