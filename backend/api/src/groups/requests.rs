//! Request bodies and query strings of the groups API, with their validation.

use blocopro_app::groups::manage::{GroupQuery, NewGroup};
use blocopro_domain::FieldErrors;
use blocopro_domain::group::GroupSettings;
use blocopro_domain::validation::is_valid_e164;
use serde::Deserialize;
use uuid::Uuid;

use crate::channels::requests::is_group_id;
use crate::extract::{PageLimit, Validate};

/// WhatsApp's limits: a subject of up to 100 characters, up to 1,024 members with the creator.
const MAX_SUBJECT_LENGTH: usize = 100;
const MAX_NEW_GROUP_PARTICIPANTS: usize = 1023;
/// Most groups imported in one request.
pub const MAX_IMPORT: usize = 5_000;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    /// Ids of groups among the pre-import's candidates.
    #[schema(example = json!(["120363025246125486@g.us"]))]
    pub external_ids: Vec<String>,
}

impl Validate for ImportRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.external_ids.is_empty() || self.external_ids.len() > MAX_IMPORT {
            errors.add("external_ids", format!("must list 1 to {MAX_IMPORT} groups"));
        }
        let malformed: Vec<&str> =
            self.external_ids.iter().map(String::as_str).filter(|id| !is_group_id(id)).take(10).collect();
        if !malformed.is_empty() {
            errors.add("external_ids", format!("not group ids: {}", malformed.join(", ")));
        }
        errors.into_fields()
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CandidatesQuery {
    /// Part of the subject (any case, with or without accents).
    pub q: Option<String>,
}

impl Validate for CandidatesQuery {
    fn validate(&self) -> Result<(), FieldErrors> {
        check_search(self.q.as_deref())
    }
}

/// A search of at most 100 characters.
fn check_search(q: Option<&str>) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if q.is_some_and(|q| q.chars().count() > MAX_SUBJECT_LENGTH) {
        errors.add("q", format!("must have at most {MAX_SUBJECT_LENGTH} characters"));
    }
    errors.into_fields()
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListGroupsQuery {
    pub channel_id: Option<Uuid>,
    pub department_id: Option<Uuid>,
    /// `false` lists the active groups, `true` the archived ones; absent lists both.
    pub archived: Option<bool>,
    /// Part of the subject (any case, with or without accents).
    pub q: Option<String>,
    /// Only the groups this contact takes part in.
    pub contact_id: Option<Uuid>,
    #[param(inline)]
    pub limit: Option<PageLimit>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl Validate for ListGroupsQuery {
    fn validate(&self) -> Result<(), FieldErrors> {
        check_search(self.q.as_deref())
    }
}

impl From<ListGroupsQuery> for GroupQuery {
    fn from(query: ListGroupsQuery) -> Self {
        Self {
            channel_id: query.channel_id,
            department_id: query.department_id,
            archived: query.archived,
            search: query.q,
            participant: query.contact_id,
        }
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateGroupRequest {
    /// The department whose attendants answer the group; `null` clears it.
    #[serde(default, deserialize_with = "crate::nullable::deserialize")]
    #[schema(value_type = Option<Uuid>)]
    pub department_id: Option<Option<Uuid>>,
    pub muted: Option<bool>,
    pub archived: Option<bool>,
}

impl Validate for UpdateGroupRequest {}

impl UpdateGroupRequest {
    pub fn settings(&self) -> GroupSettings {
        GroupSettings { department_id: self.department_id, muted: self.muted, archived: self.archived }
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateGroupRequest {
    /// A channel whose capabilities include `create_group`.
    pub channel_id: Uuid,
    #[schema(example = "Clientes VIP")]
    pub subject: String,
    /// Numbers in E.164 to add besides the channel's own.
    #[schema(example = json!(["+5511988887777"]))]
    pub participants: Vec<String>,
}

impl Validate for CreateGroupRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let subject = self.subject.trim().chars().count();
        if subject == 0 || subject > MAX_SUBJECT_LENGTH {
            errors.add("subject", format!("must have 1 to {MAX_SUBJECT_LENGTH} characters"));
        }
        if self.participants.is_empty() || self.participants.len() > MAX_NEW_GROUP_PARTICIPANTS {
            errors.add("participants", format!("must list 1 to {MAX_NEW_GROUP_PARTICIPANTS} numbers"));
        }
        let invalid: Vec<&str> =
            self.participants.iter().map(String::as_str).filter(|phone| !is_valid_e164(phone)).take(10).collect();
        if !invalid.is_empty() {
            errors.add("participants", format!("not E.164 numbers: {}", invalid.join(", ")));
        }
        errors.into_fields()
    }
}

impl From<CreateGroupRequest> for NewGroup {
    fn from(request: CreateGroupRequest) -> Self {
        Self { channel_id: request.channel_id, subject: request.subject, participants: request.participants }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_need_group_ids() {
        let ok = ImportRequest { external_ids: vec!["120363025246125486@g.us".into()] };
        assert!(ok.validate().is_ok());
        assert!(ImportRequest { external_ids: vec![] }.validate().is_err());
        let bad = ImportRequest { external_ids: vec!["+5511988887777".into()] }.validate().unwrap_err();
        assert!(bad.0["external_ids"][0].contains("+5511988887777"));
    }

    #[test]
    fn new_groups_need_a_subject_and_numbers() {
        let request = |subject: &str, participants: &[&str]| CreateGroupRequest {
            channel_id: Uuid::nil(),
            subject: subject.into(),
            participants: participants.iter().map(|p| p.to_string()).collect(),
        };
        assert!(request("Clientes VIP", &["+5511988887777"]).validate().is_ok());
        let errors = request("  ", &[]).validate().unwrap_err();
        assert!(errors.0.contains_key("subject") && errors.0.contains_key("participants"));
        assert!(request(&"x".repeat(101), &["+5511988887777"]).validate().is_err());
        assert!(request("VIP", &["11988887777"]).validate().is_err());
    }
}
