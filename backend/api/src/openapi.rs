//! The finishing pass over the OpenAPI document the handlers' annotations make. What holds for
//! every operation is said here once rather than on each handler:
//! - every error body is RFC 9457 `application/problem+json`;
//! - the answers of the shared extractors: 401 from the bearer token (`AuthUser`,
//!   `PlatformOperator`), 422 for a malformed `{id}` (`PathId`) or query parameter
//!   (`QueryParams`), and 400, 413, 415 and 422 for a JSON body (`Body`).
//!
//! It also adds the schemas of the realtime socket's events (`realtime_events`).

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{Content, OpenApi, Ref, RefOr, Response};

pub const PROBLEM_MEDIA_TYPE: &str = "application/problem+json";

/// Applies the pass to every operation of `doc`.
pub fn finish(doc: &mut OpenApi) {
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            add_extractor_errors(operation);
            serve_errors_as_problems(operation);
            describe_undescribed_responses(operation);
        }
    }
    crate::realtime_events::describe(doc);
}

fn problem(description: &str) -> Response {
    let mut response = Response::new(description);
    response.content.insert(PROBLEM_MEDIA_TYPE.to_owned(), RefOr::T(problem_content()));
    response
}

fn problem_content() -> Content {
    Content::new(Some(Ref::from_schema_name("Problem")))
}

/// Documents each extractor error the operation can answer and does not document itself.
fn add_extractor_errors(operation: &mut Operation) {
    let has_parameter = |place: ParameterIn| {
        operation.parameters.iter().flatten().any(|parameter| match parameter {
            RefOr::T(parameter) => parameter.parameter_in == place,
            RefOr::Ref(_) => false,
        })
    };
    let mut errors: Vec<(&str, &str)> = Vec::new();
    if operation.security.as_ref().is_some_and(|security| !security.is_empty()) {
        errors.push(("401", "Missing, invalid or expired token"));
    }
    if has_parameter(ParameterIn::Path) || has_parameter(ParameterIn::Query) {
        errors.push(("422", "A path or query parameter is malformed"));
    }
    if operation.request_body.is_some() {
        errors.extend([
            ("400", "The body is not valid JSON"),
            ("413", "The body is larger than allowed"),
            ("415", "The body is not sent as application/json"),
            ("422", "Invalid fields"),
        ]);
    }
    for (status, description) in errors {
        operation.responses.responses.entry(status.to_owned()).or_insert_with(|| RefOr::T(problem(description)));
    }
}

/// Error responses documented with a JSON body are problem+json bodies.
fn serve_errors_as_problems(operation: &mut Operation) {
    let errors = operation.responses.responses.iter_mut().filter(|(status, _)| is_error_status(status));
    for (_, response) in errors {
        let RefOr::T(response) = response else { continue };
        if let Some(json) = response.content.shift_remove("application/json") {
            response.content.insert(PROBLEM_MEDIA_TYPE.to_owned(), json);
        }
    }
}

/// OpenAPI requires a description on every response, and client generators refuse a document
/// without one: a response its handler leaves undescribed says what its status means everywhere.
fn describe_undescribed_responses(operation: &mut Operation) {
    for (status, response) in operation.responses.responses.iter_mut() {
        let RefOr::T(response) = response else { continue };
        if response.description.is_empty() {
            response.description = what_the_status_means(status).to_owned();
        }
    }
}

fn what_the_status_means(status: &str) -> &'static str {
    match status {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "204" => "Done; no content",
        "400" => "The request is malformed",
        "401" => "Missing, invalid or expired token",
        "403" => "The caller lacks a permission this needs (`forbidden`)",
        "404" => "No such resource for the caller (`not_found`); another company's id answers the same",
        "409" => "Conflicts with the resource's current state (see `code`)",
        "413" => "The body is larger than allowed",
        "415" => "Unsupported content type",
        "422" => "Invalid input (`validation_failed`, with the offending fields)",
        "429" => "Too many requests; retry after `Retry-After` seconds",
        "503" => "Not ready to serve",
        _ => "See the problem's `code`",
    }
}

fn is_error_status(status: &str) -> bool {
    status.starts_with('4') || status.starts_with('5')
}

/// The methods each documented path answers, to tell a wrong method (405) from a wrong path (404).
pub struct KnownPaths(Vec<(Vec<String>, String)>);

impl KnownPaths {
    pub fn of(doc: &OpenApi) -> Self {
        let paths = doc.paths.paths.iter().map(|(template, item)| {
            let methods = [
                ("GET", item.get.is_some()),
                ("PUT", item.put.is_some()),
                ("POST", item.post.is_some()),
                ("DELETE", item.delete.is_some()),
                ("OPTIONS", item.options.is_some()),
                ("HEAD", item.head.is_some()),
                ("PATCH", item.patch.is_some()),
                ("TRACE", item.trace.is_some()),
            ];
            let allow: Vec<&str> = methods.iter().filter(|(_, present)| *present).map(|(name, _)| *name).collect();
            (template.split('/').map(str::to_owned).collect(), allow.join(", "))
        });
        Self(paths.collect())
    }

    /// The `Allow` value of the documented path `path` matches (a `{…}` template segment
    /// matches any one segment), if one does.
    pub fn allowed_methods(&self, path: &str) -> Option<&str> {
        let segments: Vec<&str> = path.split('/').collect();
        let matches = |template: &[String]| {
            template.len() == segments.len()
                && template
                    .iter()
                    .zip(&segments)
                    .all(|(expected, actual)| (expected.starts_with('{') && !actual.is_empty()) || expected == actual)
        };
        self.0.iter().find(|(template, _)| matches(template)).map(|(_, allow)| allow.as_str())
    }
}

#[cfg(test)]
mod tests {
    use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
    use utoipa::openapi::request_body::RequestBody;
    use utoipa::openapi::security::SecurityRequirement;
    use utoipa::openapi::{Content, PathItem, Paths, RefOr, Response};

    use super::*;

    fn document(operation: Operation) -> OpenApi {
        let mut paths = Paths::new();
        paths.paths.insert(
            "/things/{id}".into(),
            PathItem::from_http_methods([utoipa::openapi::HttpMethod::Patch], operation),
        );
        let mut doc = OpenApi::new(utoipa::openapi::Info::new("t", "1"), paths);
        finish(&mut doc);
        doc
    }

    fn statuses(doc: &OpenApi) -> Vec<String> {
        let operation = doc.paths.paths["/things/{id}"].patch.as_ref().unwrap();
        operation.responses.responses.keys().cloned().collect()
    }

    fn media_types(doc: &OpenApi, status: &str) -> Vec<String> {
        let operation = doc.paths.paths["/things/{id}"].patch.as_ref().unwrap();
        let RefOr::T(response) = &operation.responses.responses[status] else { panic!("a reference") };
        response.content.keys().cloned().collect()
    }

    #[test]
    fn error_bodies_become_problems_and_success_bodies_stay_json() {
        let mut operation = Operation::new();
        let mut ok = Response::new("ok");
        ok.content.insert("application/json".into(), RefOr::T(Content::new(None::<RefOr<utoipa::openapi::Schema>>)));
        let mut missing = Response::new("missing");
        missing.content.insert("application/json".into(), RefOr::T(problem_content()));
        operation.responses.responses.insert("200".into(), RefOr::T(ok));
        operation.responses.responses.insert("404".into(), RefOr::T(missing));
        let doc = document(operation);
        assert_eq!(media_types(&doc, "200"), ["application/json"]);
        assert_eq!(media_types(&doc, "404"), [PROBLEM_MEDIA_TYPE]);
    }

    #[test]
    fn known_paths_name_their_methods_and_templates_match_one_segment() {
        let mut paths = Paths::new();
        let methods = [utoipa::openapi::HttpMethod::Get, utoipa::openapi::HttpMethod::Post];
        paths.paths.insert("/api/things".into(), PathItem::from_http_methods(methods, Operation::new()));
        paths.paths.insert(
            "/api/things/{id}/parts".into(),
            PathItem::new(utoipa::openapi::HttpMethod::Delete, Operation::new()),
        );
        let known = KnownPaths::of(&OpenApi::new(utoipa::openapi::Info::new("t", "1"), paths));
        assert_eq!(known.allowed_methods("/api/things"), Some("GET, POST"));
        assert_eq!(known.allowed_methods("/api/things/42/parts"), Some("DELETE"));
        assert_eq!(known.allowed_methods("/api/things//parts"), None);
        assert_eq!(known.allowed_methods("/api/things/42"), None);
        assert_eq!(known.allowed_methods("/api/other"), None);
    }

    #[test]
    fn extractor_errors_are_added_for_what_the_operation_takes() {
        let bare = document(Operation::new());
        assert!(statuses(&bare).is_empty(), "nothing taken, nothing added: {:?}", statuses(&bare));

        let mut operation = Operation::new();
        operation.security = Some(vec![SecurityRequirement::new("bearer", Vec::<String>::new())]);
        operation.parameters =
            Some(vec![RefOr::T(ParameterBuilder::new().name("id").parameter_in(ParameterIn::Path).build())]);
        operation.request_body = Some(RefOr::T(RequestBody::new()));
        operation.responses.responses.insert("422".into(), RefOr::T(Response::new("own words")));
        let doc = document(operation);
        assert_eq!(statuses(&doc), ["400", "401", "413", "415", "422"]);
        let operation = doc.paths.paths["/things/{id}"].patch.as_ref().unwrap();
        let RefOr::T(invalid) = &operation.responses.responses["422"] else { panic!("a reference") };
        assert_eq!(invalid.description, "own words", "a documented answer is left as it is");
        assert_eq!(media_types(&doc, "401"), [PROBLEM_MEDIA_TYPE]);
    }

    #[test]
    fn every_response_has_a_description() {
        let mut operation = Operation::new();
        operation.responses.responses.insert("403".into(), RefOr::T(Response::new("")));
        operation.responses.responses.insert("404".into(), RefOr::T(Response::new("No such thing")));
        let doc = document(operation);
        let operation = doc.paths.paths["/things/{id}"].patch.as_ref().unwrap();
        let description = |status: &str| match &operation.responses.responses[status] {
            RefOr::T(response) => response.description.clone(),
            RefOr::Ref(_) => panic!("a reference"),
        };
        assert_eq!(description("403"), what_the_status_means("403"));
        assert_eq!(description("404"), "No such thing", "a handler's own words stay");
    }
}
