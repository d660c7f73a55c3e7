//! The operations of the OpenAPI document the application generates (the committed
//! `openapi/openapi.json` equals it, a drift test checks that), for tests that must cover every
//! endpoint, including the ones added after them.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::Value;

/// One operation: a method on a path template.
#[derive(Debug, Clone)]
pub struct Operation {
    pub method: Method,
    /// As registered, e.g. `/api/v1/users/{id}`.
    pub path: String,
    pub path_params: Vec<String>,
    pub query_params: Vec<QueryParam>,
    /// The JSON schema of the request body (references resolved at the top), if it takes one.
    pub body: Option<Value>,
}

#[derive(Debug, Clone)]
pub struct QueryParam {
    pub name: String,
    pub required: bool,
    pub is_uuid: bool,
}

impl Operation {
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// The name of the collection the `{id}` of the path belongs to (`users`, `channels`, …).
    pub fn id_collection(&self) -> Option<&str> {
        let segments: Vec<&str> = self.path.split('/').collect();
        let at = segments.iter().position(|segment| *segment == "{id}")?;
        segments.get(at.checked_sub(1)?).copied()
    }

    /// The path with its `{id}` replaced.
    pub fn path_with(&self, id: &str) -> String {
        self.path.replace("{id}", id)
    }
}

/// The document served at `/api/openapi.json`.
pub fn document() -> Value {
    serde_json::to_value(blocopro_api::openapi()).expect("the document serialises")
}

/// Every operation of the document, in its order.
pub fn operations() -> Vec<Operation> {
    let document = document();
    let mut operations = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let Ok(method) = method.to_uppercase().parse::<Method>() else { continue };
            operations.push(read_operation(&document, method, path, operation));
        }
    }
    operations
}

fn read_operation(document: &Value, method: Method, path: &str, operation: &Value) -> Operation {
    let parameters = operation["parameters"].as_array().cloned().unwrap_or_default();
    let of_kind = |kind: &str| parameters.iter().filter(move |p| p["in"] == kind).cloned().collect::<Vec<_>>();
    let path_params = of_kind("path").iter().map(|p| p["name"].as_str().unwrap().to_owned()).collect();
    let query_params = of_kind("query")
        .iter()
        .map(|p| QueryParam {
            name: p["name"].as_str().unwrap().to_owned(),
            required: p["required"].as_bool().unwrap_or(false),
            is_uuid: is_uuid(document, &p["schema"]),
        })
        .collect();
    let body = operation["requestBody"]["content"]
        .as_object()
        .and_then(|content| content.values().next())
        .map(|media| resolve(document, &media["schema"]).clone());
    Operation { method, path: path.to_owned(), path_params, query_params, body }
}

/// Follows a `$ref` to `#/components/schemas/…`.
pub fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap();
            resolve(document, &document["components"]["schemas"][name])
        }
        None => schema,
    }
}

/// The alternatives of a schema that may be null (`oneOf: [X, null]`), or the schema itself.
fn alternatives<'a>(document: &'a Value, schema: &'a Value) -> Vec<&'a Value> {
    let schema = resolve(document, schema);
    match schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
        Some(options) => options.iter().map(|option| resolve(document, option)).collect(),
        None => vec![schema],
    }
}

fn is_uuid(document: &Value, schema: &Value) -> bool {
    alternatives(document, schema).iter().any(|schema| schema["format"] == "uuid")
}

/// The names of the fields of a request body that hold ids, at any depth (`department_id`,
/// `department_ids`, `options[].department_id` as `department_id`).
pub fn id_fields(document: &Value, schema: &Value) -> BTreeSet<String> {
    let mut fields = BTreeSet::new();
    collect_id_fields(document, schema, &mut fields);
    fields
}

fn collect_id_fields(document: &Value, schema: &Value, fields: &mut BTreeSet<String>) {
    for schema in alternatives(document, schema) {
        let Some(properties) = schema["properties"].as_object() else { continue };
        for (name, property) in properties {
            for property in alternatives(document, property) {
                let items = resolve(document, &property["items"]);
                if property["format"] == "uuid" || is_uuid(document, items) {
                    fields.insert(name.clone());
                }
                collect_id_fields(document, property, fields);
                collect_id_fields(document, items, fields);
            }
        }
    }
}
