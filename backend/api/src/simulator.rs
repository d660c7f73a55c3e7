//! Control of the built-in simulator (`BLOCOPRO_SIMULATOR=1`): play the phone of a simulator
//! channel — scan its QR Code, write to it, put it in groups, unlink it. Without the simulator
//! every endpoint here answers 404.

use actix_web::{HttpResponse, get, post, web};
use blocopro_app::simulator::{self, GroupEdit, Inbound};
use blocopro_connectors::simulator::{Received, ReceivedFile};
use blocopro_domain::FieldErrors;
use blocopro_domain::validation::is_valid_e164;
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::AuthUser;
use crate::channels::message_views::LocationView;
use crate::channels::requests::{MAX_TEXT_LENGTH, is_group_id};
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, PathId, QueryParams, Validate};
use crate::state::ApiState;

/// Largest group seeding in one request (the group-import benchmark uses 1,000 × 100).
const MAX_GROUPS: usize = 5_000;
const MAX_PARTICIPANTS: usize = 1_024;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(scan)
        .service(seed_groups)
        .service(change_group)
        .service(inbound)
        .service(list_received)
        .service(logout);
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ScanResult {
    /// The number the simulated phone linked, in E.164.
    pub phone_number: String,
}

/// Scan the pairing QR Code with the simulated phone; the channel becomes `connected`.
#[utoipa::path(
    operation_id = "simulate_qr_scan",
    tag = "simulator",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Simulator channel id")),
    responses(
        (status = 200, description = "Paired", body = ScanResult),
        (status = 404, description = "No such channel, or the simulator is disabled", body = Problem),
        (status = 409, description = "`channel_not_pairing`", body = Problem),
    )
)]
#[post("/simulator/channels/{id}/scan")]
async fn scan(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<web::Json<ScanResult>> {
    Ok(web::Json(ScanResult { phone_number: simulator::scan(&state, &auth, id.0).await? }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeedGroupsRequest {
    #[schema(example = 10, minimum = 1, maximum = 5000)]
    pub count: usize,
    #[schema(example = 25, minimum = 1, maximum = 1024)]
    pub participants_per_group: usize,
}

impl Validate for SeedGroupsRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if !(1..=MAX_GROUPS).contains(&self.count) {
            errors.add("count", format!("must be between 1 and {MAX_GROUPS}"));
        }
        if !(1..=MAX_PARTICIPANTS).contains(&self.participants_per_group) {
            errors.add("participants_per_group", format!("must be between 1 and {MAX_PARTICIPANTS}"));
        }
        errors.into_fields()
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SeededGroup {
    /// e.g. `120363025246125486@g.us`
    pub external_id: String,
    pub subject: String,
    pub participant_count: usize,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SeededGroups {
    pub groups: Vec<SeededGroup>,
}

/// Put the simulated number into new groups with made-up participants.
#[utoipa::path(
    operation_id = "simulate_groups",
    tag = "simulator",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Simulator channel id")),
    request_body = SeedGroupsRequest,
    responses(
        (status = 201, description = "The new groups", body = SeededGroups),
        (status = 404, body = Problem),
        (status = 409, description = "`channel_not_connected`: scan the QR Code first", body = Problem),
    )
)]
#[post("/simulator/channels/{id}/groups")]
async fn seed_groups(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<SeedGroupsRequest>,
) -> ApiResult<HttpResponse> {
    let seeded = simulator::seed_groups(&state, &auth, id.0, body.0.count, body.0.participants_per_group).await?;
    let groups = seeded
        .into_iter()
        .map(|group| SeededGroup {
            participant_count: group.participants.len(),
            external_id: group.external_id,
            subject: group.subject,
        })
        .collect();
    Ok(HttpResponse::Created().json(SeededGroups { groups }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupChangeRequest {
    /// One of the channel's groups.
    #[schema(example = "120363025246125486@g.us")]
    pub group_external_id: String,
    /// A new subject.
    pub subject: Option<String>,
    /// Numbers (E.164) that join the group.
    #[serde(default)]
    pub joined: Vec<String>,
    /// Numbers that leave or are removed.
    #[serde(default)]
    pub left: Vec<String>,
    /// Numbers that become admins.
    #[serde(default)]
    pub promoted: Vec<String>,
    /// Numbers that stop being admins.
    #[serde(default)]
    pub demoted: Vec<String>,
}

impl Validate for GroupChangeRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if !is_group_id(&self.group_external_id) {
            errors.add("group_external_id", "must be a group id such as 120363025246125486@g.us");
        }
        if self.subject.as_deref().is_some_and(|subject| subject.trim().is_empty() || subject.chars().count() > 100) {
            errors.add("subject", "must have 1 to 100 characters");
        }
        for (field, phones) in self.member_lists() {
            if phones.len() > MAX_PARTICIPANTS || phones.iter().any(|phone| !is_valid_e164(phone)) {
                errors.add(field, format!("must list at most {MAX_PARTICIPANTS} numbers in E.164"));
            }
        }
        let members_change = self.member_lists().iter().any(|(_, phones)| !phones.is_empty());
        if self.subject.is_none() && !members_change {
            errors.add("subject", "name at least one change: subject, joined, left, promoted or demoted");
        }
        errors.into_fields()
    }
}

impl GroupChangeRequest {
    fn member_lists(&self) -> [(&'static str, &Vec<String>); 4] {
        [("joined", &self.joined), ("left", &self.left), ("promoted", &self.promoted), ("demoted", &self.demoted)]
    }
}

impl From<GroupChangeRequest> for GroupEdit {
    fn from(request: GroupChangeRequest) -> Self {
        Self {
            group_external_id: request.group_external_id,
            subject: request.subject,
            joined: request.joined,
            left: request.left,
            promoted: request.promoted,
            demoted: request.demoted,
        }
    }
}

/// Someone changes one of the channel's groups (subject, members, admins); the connector reports
/// it like WhatsApp would and imported groups follow.
#[utoipa::path(
    operation_id = "simulate_group_change",
    tag = "simulator",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Simulator channel id")),
    request_body = GroupChangeRequest,
    responses(
        (status = 202, description = "Reported to the channel"),
        (status = 404, body = Problem),
        (status = 409, description = "`channel_not_connected`", body = Problem),
        (status = 422, description = "Invalid fields or `unknown_group`", body = Problem),
    )
)]
#[post("/simulator/channels/{id}/group-changes")]
async fn change_group(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<GroupChangeRequest>,
) -> ApiResult<HttpResponse> {
    simulator::change_group(&state, &auth, id.0, body.0.into()).await?;
    Ok(HttpResponse::Accepted().finish())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InboundRequest {
    /// The writer's number in E.164.
    #[schema(example = "+5511988887777")]
    pub from: String,
    #[schema(example = "Oi, preciso de ajuda com meu pedido")]
    pub text: String,
    /// Write in this group (one the channel is in) instead of directly.
    pub group_external_id: Option<String>,
    /// WhatsApp's id for the message; reuse one to deliver the same message twice.
    pub external_id: Option<String>,
}

impl Validate for InboundRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if !is_valid_e164(&self.from) {
            errors.add("from", "must be a number in E.164, e.g. +5511988887777");
        }
        if self.text.trim().is_empty() || self.text.chars().count() > MAX_TEXT_LENGTH {
            errors.add("text", "must have 1 to 4096 characters");
        }
        if self.external_id.as_deref().is_some_and(|id| id.trim().is_empty() || id.len() > 128) {
            errors.add("external_id", "must have 1 to 128 characters");
        }
        if self.group_external_id.as_deref().is_some_and(|id| !is_group_id(id)) {
            errors.add("group_external_id", "must be a group id such as 120363025246125486@g.us");
        }
        errors.into_fields()
    }
}

impl From<InboundRequest> for Inbound {
    fn from(request: InboundRequest) -> Self {
        Self {
            from: request.from,
            text: request.text,
            group_external_id: request.group_external_id,
            external_id: request.external_id,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct InboundResult {
    /// The id WhatsApp gave the message; the channel stores it once.
    pub external_id: String,
}

/// Someone writes to the channel (directly or in one of its groups); the message arrives like a real one.
#[utoipa::path(
    operation_id = "simulate_inbound_message",
    tag = "simulator",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Simulator channel id")),
    request_body = InboundRequest,
    responses(
        (status = 202, description = "Delivered to the channel", body = InboundResult),
        (status = 404, body = Problem),
        (status = 409, description = "`channel_not_connected`", body = Problem),
        (status = 422, description = "Invalid fields or `unknown_group`", body = Problem),
    )
)]
#[post("/simulator/channels/{id}/inbound")]
async fn inbound(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<InboundRequest>,
) -> ApiResult<HttpResponse> {
    let external_id = simulator::receive(&state, &auth, id.0, body.0.into()).await?;
    Ok(HttpResponse::Accepted().json(InboundResult { external_id }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReceivedQuery {
    /// Only what went to this number (E.164) or group id.
    pub to: Option<String>,
}

impl Validate for ReceivedQuery {
    fn validate(&self) -> Result<(), FieldErrors> {
        Ok(())
    }
}

/// A file as the receiving phone read it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SimulatedFile {
    pub mime_type: String,
    pub file_name: Option<String>,
    /// Bytes read.
    pub size: u64,
    /// SHA-256 of the bytes read, lower-case hex.
    pub sha256: String,
}

/// A reaction the phone received.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SimulatedReaction {
    /// WhatsApp's id of the message reacted to.
    pub target_external_id: String,
    /// Empty: the reaction was taken back.
    pub emoji: String,
}

/// Something a simulated phone received from the channel: a message, or a reaction.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SimulatedDelivery {
    /// The id WhatsApp gave it.
    pub external_id: String,
    /// The number or group it went to.
    pub to: String,
    /// The message's kind (`text`, `image`, `voice_note`, `document`…), or `reaction`.
    #[schema(example = "document")]
    pub kind: String,
    /// Text or caption.
    pub text: String,
    pub file: Option<SimulatedFile>,
    /// WhatsApp's id of the message it replies to.
    pub reply_to_external_id: Option<String>,
    pub location: Option<LocationView>,
    pub reaction: Option<SimulatedReaction>,
}

impl From<Received> for SimulatedDelivery {
    fn from(received: Received) -> Self {
        let file = received.file.map(|ReceivedFile { mime_type, file_name, size, sha256 }| SimulatedFile {
            mime_type,
            file_name,
            size,
            sha256,
        });
        SimulatedDelivery {
            external_id: received.external_id,
            to: received.to,
            kind: received.kind,
            text: received.text,
            file,
            reply_to_external_id: received.reply_to_external_id,
            location: received.location.map(Into::into),
            reaction: received
                .reaction
                .map(|(target_external_id, emoji)| SimulatedReaction { target_external_id, emoji }),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SimulatedDeliveries {
    /// Oldest first.
    pub items: Vec<SimulatedDelivery>,
}

/// What the simulated phones received from the channel (messages with what their files read,
/// replies, reactions), oldest first.
#[utoipa::path(
    operation_id = "simulated_deliveries",
    tag = "simulator",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Simulator channel id"), ReceivedQuery),
    responses(
        (status = 200, description = "Oldest first", body = SimulatedDeliveries),
        (status = 404, body = Problem),
    )
)]
#[get("/simulator/channels/{id}/received")]
async fn list_received(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    query: QueryParams<ReceivedQuery>,
) -> ApiResult<web::Json<SimulatedDeliveries>> {
    let received = simulator::received(&state, &auth, id.0, query.0.to.as_deref()).await?;
    Ok(web::Json(SimulatedDeliveries { items: received.into_iter().map(Into::into).collect() }))
}

/// The simulated phone unlinks the device; the channel becomes `logged_out`.
#[utoipa::path(
    tag = "simulator",
    operation_id = "simulator_logout",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Simulator channel id")),
    responses(
        (status = 204, description = "Unlinked"),
        (status = 404, body = Problem),
        (status = 409, description = "`channel_not_connected`: nothing is linked", body = Problem),
    )
)]
#[post("/simulator/channels/{id}/logout")]
async fn logout(state: web::Data<ApiState>, auth: AuthUser, id: PathId) -> ApiResult<HttpResponse> {
    simulator::unlink(&state, &auth, id.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
