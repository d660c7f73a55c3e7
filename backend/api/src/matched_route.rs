//! The path template a request matched (`/api/v1/users/{id}`), by which the log span, the metrics
//! and the access guard name it. actix finds it by matching the path against the resources again
//! each time it is asked (regular expressions for the templates with parameters), so it is found
//! once per path and kept in the request.

use std::rc::Rc;

use actix_web::{HttpMessage, HttpRequest};

/// What the request's path matched, for the path it was found for (`NormalizePath` may change it
/// after the log span has asked).
struct Matched {
    path: Box<str>,
    template: Option<Rc<str>>,
}

/// The template of the resource the request's path matches, if any.
pub fn matched_template(request: &HttpRequest) -> Option<Rc<str>> {
    let path = request.path();
    if let Some(matched) = request.extensions().get::<Matched>().filter(|matched| *matched.path == *path) {
        return matched.template.clone();
    }
    let template: Option<Rc<str>> = request.match_pattern().map(Rc::from);
    request.extensions_mut().insert(Matched { path: path.into(), template: template.clone() });
    template
}
