//! WhatsApp groups imported into BlocoPro: the pre-import job that lists a number's groups, the
//! selection an administrator imports, and the rules for who may import from which channel.

use std::collections::HashSet;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Error;
use crate::channel::{Capabilities, ChannelStatus, ensure_connected};
use crate::company::CompanyFeatures;

crate::text_enum! {
    pub enum GroupImportStatus { Running => "running", Ready => "ready", Failed => "failed" }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Groups read so far.
    pub done: u32,
    /// Groups the number takes part in (0 until known).
    pub total: u32,
}

/// A pre-import: the list of a channel's groups, read in the background and kept on the job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupImportJob {
    pub id: Uuid,
    #[serde(skip)]
    pub company_id: Uuid,
    pub channel_id: Uuid,
    pub status: GroupImportStatus,
    pub progress: Progress,
    /// Why the job failed.
    pub error: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: Timestamp,
    pub finished_at: Option<Timestamp>,
}

/// A group member as WhatsApp lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberPhone {
    /// E.164.
    pub phone: String,
    pub is_admin: bool,
}

/// A group as the channel's number sees it: what a pre-import keeps, what an import or a sync stores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSnapshot {
    /// WhatsApp's id of the group, e.g. `120363025246125486@g.us`.
    pub external_id: String,
    pub subject: String,
    pub description: Option<String>,
    pub participants: Vec<MemberPhone>,
    /// Whether the channel's own number administers the group.
    pub own_number_is_admin: bool,
}

/// What WhatsApp reports about an imported group after the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupChange {
    Subject(String),
    Description(Option<String>),
    Joined(Vec<MemberPhone>),
    /// Numbers (E.164) that left or were removed.
    Left(Vec<String>),
    Promoted(Vec<String>),
    Demoted(Vec<String>),
}

/// One group of a pre-import, with whether it is imported already.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupCandidate {
    pub external_id: String,
    pub subject: String,
    pub participant_count: u32,
    pub own_number_is_admin: bool,
    pub already_imported: bool,
    pub imported_group_id: Option<Uuid>,
}

/// An imported group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub id: Uuid,
    #[serde(skip)]
    pub company_id: Uuid,
    pub channel_id: Uuid,
    pub external_id: String,
    pub subject: String,
    pub description: Option<String>,
    /// The department whose attendants answer the group.
    pub department_id: Option<Uuid>,
    /// Muted groups raise no notifications in Chat.
    pub muted: bool,
    /// Archived groups leave the Chat list until a new message arrives.
    pub archived: bool,
    pub own_number_is_admin: bool,
    pub participant_count: u32,
    pub imported_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A member of an imported group, as a contact of the company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupMember {
    pub contact_id: Uuid,
    /// E.164.
    pub phone: String,
    /// The contact's name, when the company knows one.
    pub name: Option<String>,
    pub is_admin: bool,
}

/// The settings an administrator changes on an imported group; `None` keeps a value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupSettings {
    /// `Some(None)` clears the department.
    pub department_id: Option<Option<Uuid>>,
    pub muted: Option<bool>,
    pub archived: Option<bool>,
}

impl Group {
    pub fn with_settings(mut self, settings: &GroupSettings, now: Timestamp) -> Self {
        if let Some(department_id) = settings.department_id {
            self.department_id = department_id;
        }
        if let Some(muted) = settings.muted {
            self.muted = muted;
        }
        if let Some(archived) = settings.archived {
            self.archived = archived;
        }
        self.updated_at = now;
        self
    }
}

/// Why a channel's groups cannot be used, checked in the order a user can act on: the company's
/// feature switch, then what the channel can do, then whether it is online.
pub fn ensure_groups_available(
    features: &CompanyFeatures,
    capabilities: Capabilities,
    status: ChannelStatus,
) -> Result<(), Error> {
    if !features.whatsapp_groups {
        return Err(Error::FeatureNotEnabled("whatsapp_groups".into()));
    }
    if !capabilities.groups {
        return Err(Error::Unsupported {
            code: "groups_not_supported",
            detail: "This channel cannot import groups: Meta's WhatsApp Cloud API does not give access to groups. \
                     Connect the number by QR Code (WhatsApp Web) to work with its groups."
                .into(),
        });
    }
    ensure_connected(status)
}

/// Creating a group also needs the channel to support it.
pub fn ensure_group_creation_available(
    features: &CompanyFeatures,
    capabilities: Capabilities,
    status: ChannelStatus,
) -> Result<(), Error> {
    ensure_groups_available(features, capabilities, status)?;
    if !capabilities.create_group {
        return Err(Error::Unsupported {
            code: "groups_not_supported",
            detail: "This channel cannot create WhatsApp groups.".into(),
        });
    }
    Ok(())
}

/// How a subject is searched and sorted: in any case and without accents, the same on every
/// database (SQLite's `lower()` only folds ASCII).
pub fn subject_key(subject: &str) -> String {
    crate::text::fold_for_search(subject)
}

/// The requested ids that are not among the job's candidates, in the order asked, once each.
pub fn unknown_candidates<'a>(candidates: &HashSet<&str>, requested: &'a [String]) -> Vec<&'a str> {
    let mut seen = HashSet::new();
    requested.iter().map(String::as_str).filter(|id| !candidates.contains(id) && seen.insert(*id)).collect()
}

/// Most unknown ids an error message names.
const UNKNOWN_IDS_NAMED: usize = 20;
/// Most participants one import request writes: bigger selections are imported in parts, so
/// that one request never holds the database for long.
pub const MAX_PARTICIPANTS_PER_IMPORT: usize = 250_000;

/// "not among this pre-import's groups: a, b (and 3 more)".
pub fn describe_unknown(unknown: &[&str]) -> String {
    let named = unknown.iter().take(UNKNOWN_IDS_NAMED).copied().collect::<Vec<_>>().join(", ");
    match unknown.len().saturating_sub(UNKNOWN_IDS_NAMED) {
        0 => format!("not among this pre-import's groups: {named}"),
        more => format!("not among this pre-import's groups: {named} (and {more} more)"),
    }
}

/// Refuses a selection whose groups hold more participants than one import writes.
pub fn ensure_import_size(groups: &[GroupSnapshot]) -> Result<(), Error> {
    let participants: usize = groups.iter().map(|group| group.participants.len()).sum();
    if participants > MAX_PARTICIPANTS_PER_IMPORT {
        return Err(Error::Unsupported {
            code: "import_too_large",
            detail: format!(
                "These groups have {participants} participants; import at most {MAX_PARTICIPANTS_PER_IMPORT} \
                 at a time (select fewer groups and import the rest afterwards)."
            ),
        });
    }
    Ok(())
}

/// Participants to store for a snapshot: one per number (the first listing wins, admin if any listing says so).
pub fn distinct_members(members: &[MemberPhone]) -> Vec<MemberPhone> {
    let mut distinct: Vec<MemberPhone> = Vec::with_capacity(members.len());
    let mut index = std::collections::HashMap::with_capacity(members.len());
    for member in members {
        match index.get(member.phone.as_str()) {
            Some(&at) => {
                let kept: &mut MemberPhone = &mut distinct[at];
                kept.is_admin |= member.is_admin;
            }
            None => {
                index.insert(member.phone.as_str(), distinct.len());
                distinct.push(member.clone());
            }
        }
    }
    distinct
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::ChannelKind;

    fn on() -> CompanyFeatures {
        CompanyFeatures { whatsapp_groups: true }
    }

    fn code(result: Result<(), Error>) -> &'static str {
        match result {
            Ok(()) => "ok",
            Err(Error::FeatureNotEnabled(_)) => "feature_not_enabled",
            Err(Error::Unsupported { code, .. }) | Err(Error::Conflict { code, .. }) => code,
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn groups_need_the_feature_then_a_linked_device_then_a_connection() {
        let qr = ChannelKind::WhatsappQr.capabilities();
        let cloud = ChannelKind::WhatsappCloud.capabilities();
        let off = CompanyFeatures::default();
        assert_eq!(code(ensure_groups_available(&off, cloud, ChannelStatus::Disconnected)), "feature_not_enabled");
        assert_eq!(code(ensure_groups_available(&on(), cloud, ChannelStatus::Connected)), "groups_not_supported");
        assert_eq!(code(ensure_groups_available(&on(), qr, ChannelStatus::Pairing)), "channel_not_connected");
        assert_eq!(code(ensure_groups_available(&on(), qr, ChannelStatus::Connected)), "ok");
        let simulator = ChannelKind::Simulator.capabilities();
        assert_eq!(code(ensure_group_creation_available(&on(), simulator, ChannelStatus::Connected)), "ok");
        let listing_only = Capabilities { create_group: false, ..qr };
        assert_eq!(
            code(ensure_group_creation_available(&on(), listing_only, ChannelStatus::Connected)),
            "groups_not_supported"
        );
    }

    #[test]
    fn unknown_ids_are_named_once_in_the_order_asked() {
        let candidates: HashSet<&str> = ["a@g.us", "b@g.us"].into();
        let requested: Vec<String> = ["x@g.us", "a@g.us", "y@g.us", "x@g.us"].map(String::from).to_vec();
        assert_eq!(unknown_candidates(&candidates, &requested), vec!["x@g.us", "y@g.us"]);
        assert!(unknown_candidates(&candidates, &["b@g.us".to_owned()]).is_empty());
    }

    #[test]
    fn unknown_ids_are_named_up_to_twenty() {
        assert_eq!(describe_unknown(&["a@g.us", "b@g.us"]), "not among this pre-import's groups: a@g.us, b@g.us");
        let many: Vec<String> = (0..25).map(|n| format!("{n}@g.us")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let text = describe_unknown(&many);
        assert!(text.contains("19@g.us") && !text.contains("20@g.us") && text.ends_with("(and 5 more)"), "{text}");
    }

    #[test]
    fn one_import_writes_at_most_so_many_participants() {
        let group = |members: usize| GroupSnapshot {
            external_id: "a@g.us".into(),
            subject: "Vendas".into(),
            description: None,
            participants: vec![MemberPhone { phone: "+5511911110000".into(), is_admin: false }; members],
            own_number_is_admin: false,
        };
        assert!(
            ensure_import_size(&[group(MAX_PARTICIPANTS_PER_IMPORT / 2), group(MAX_PARTICIPANTS_PER_IMPORT / 2)])
                .is_ok()
        );
        let too_many = ensure_import_size(&[group(MAX_PARTICIPANTS_PER_IMPORT), group(1)]);
        assert!(matches!(too_many, Err(Error::Unsupported { code: "import_too_large", .. })));
    }

    #[test]
    fn a_number_listed_twice_is_one_member_and_admin_if_either_says_so() {
        let member = |phone: &str, is_admin| MemberPhone { phone: phone.into(), is_admin };
        let members =
            [member("+5511911110000", false), member("+5511922220000", false), member("+5511911110000", true)];
        assert_eq!(distinct_members(&members), vec![member("+5511911110000", true), member("+5511922220000", false)]);
    }

    #[test]
    fn subjects_are_keyed_in_any_case_with_accents() {
        assert_eq!(subject_key("  SÃO JOÃO Vendas "), "sao joao vendas");
    }

    #[test]
    fn settings_change_only_what_they_name() {
        let now = Timestamp::now();
        let group = Group {
            id: Uuid::now_v7(),
            company_id: Uuid::now_v7(),
            channel_id: Uuid::now_v7(),
            external_id: "a@g.us".into(),
            subject: "Vendas".into(),
            description: None,
            department_id: Some(Uuid::now_v7()),
            muted: false,
            archived: false,
            own_number_is_admin: true,
            participant_count: 3,
            imported_at: now,
            updated_at: now,
        };
        let muted = group.clone().with_settings(&GroupSettings { muted: Some(true), ..Default::default() }, now);
        assert_eq!((muted.muted, muted.department_id, muted.archived), (true, group.department_id, false));
        let cleared = group.with_settings(&GroupSettings { department_id: Some(None), ..Default::default() }, now);
        assert_eq!(cleared.department_id, None);
    }
}
