//! Control of the built-in simulator (`BLOCOPRO_SIMULATOR=1`): play the phone of a simulator
//! channel — scan its QR Code, send it messages of every kind (a file inline, in base64) and
//! reactions, put it in groups, unlink it. Without the simulator every endpoint here answers 404.

use actix_web::{HttpResponse, get, post, web};
use base64::Engine;
use blocopro_app::simulator::{self, GroupEdit, Inbound, InboundFile, InboundReaction};
use blocopro_connectors::simulator::{Received, ReceivedFile};
use blocopro_domain::FieldErrors;
use blocopro_domain::message::{InteractiveAnswer, Location, MAX_EMOJI_CHARS, MessageKind, SharedContact};
use blocopro_domain::validation::is_valid_e164;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::AuthUser;
use crate::channels::message_views::LocationView;
use crate::channels::requests::{MAX_TEXT_LENGTH, is_group_id};
use crate::error::{ApiResult, Problem};
use crate::extract::{Body, LargeBody, PathId, QueryParams, Validate};
use crate::state::ApiState;

/// Largest group seeding in one request (the group-import benchmark uses 1,000 × 100).
const MAX_GROUPS: usize = 5_000;
const MAX_PARTICIPANTS: usize = 1_024;
/// Largest file a simulated customer sends (WhatsApp's limit for audio and video; documents may
/// be larger on WhatsApp, but the simulator keeps its files in memory).
const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// A 16 MB file in base64 and the rest of the message.
const INBOUND_BODY_LIMIT: usize = MAX_FILE_BYTES / 3 * 4 + 64 * 1024;
/// Longest caption, name or id the simulator takes.
const MAX_NAME_CHARS: usize = 255;
/// Longest shared contact list.
const MAX_CONTACTS: usize = 20;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(scan)
        .service(seed_groups)
        .service(change_group)
        .service(inbound)
        .service(react)
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
    /// The writer's WhatsApp profile name.
    #[schema(example = "Ana Souza")]
    pub sender_name: Option<String>,
    /// What the message is (default `text`): `text`, a file (`image`, `audio`, `voice_note`,
    /// `video`, `document`, `sticker`: `file` required), `location`, `contacts` or
    /// `interactive_answer`.
    pub kind: Option<MessageKind>,
    /// The text (required for `text`), or a file's caption.
    #[serde(default)]
    #[schema(example = "Oi, preciso de ajuda com meu pedido")]
    pub text: String,
    /// The file of a media kind.
    pub file: Option<SimulatedFileRequest>,
    /// The place of a `location`.
    pub location: Option<SimulatedLocation>,
    /// The cards of a `contacts` message.
    #[serde(default)]
    pub contacts: Vec<SimulatedContact>,
    /// The option chosen, for an `interactive_answer`.
    pub interactive: Option<SimulatedChoice>,
    /// Length of an audio, voice note or video.
    #[schema(example = 12, maximum = 86400)]
    pub duration_seconds: Option<u32>,
    /// WhatsApp's id of the message this one replies to (stored or not).
    pub reply_to_external_id: Option<String>,
    /// Write in this group (one the channel is in) instead of directly.
    pub group_external_id: Option<String>,
    /// WhatsApp's id for the message; reuse one to deliver the same message twice.
    pub external_id: Option<String>,
}

/// A file the simulated customer sends, inline (at most 16 MB, and WhatsApp's limit for its kind).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulatedFileRequest {
    #[schema(example = "boleto.pdf")]
    pub file_name: Option<String>,
    #[schema(example = "application/pdf")]
    pub mime_type: String,
    /// The bytes, in standard base64.
    #[serde(deserialize_with = "base64_bytes")]
    #[schema(value_type = String, format = Byte)]
    pub data_base64: Vec<u8>,
}

fn base64_bytes<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    let text = String::deserialize(deserializer)?;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|_| serde::de::Error::custom("must be base64"))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulatedLocation {
    #[schema(example = -23.5614)]
    pub latitude: f64,
    #[schema(example = -46.6559)]
    pub longitude: f64,
    #[schema(example = "Loja Paulista")]
    pub name: Option<String>,
    #[schema(example = "Av. Paulista, 1000")]
    pub address: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulatedContact {
    #[schema(example = "Bruno Lima")]
    pub name: String,
    #[serde(default)]
    #[schema(example = json!(["+5511977776666"]))]
    pub numbers: Vec<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulatedChoice {
    #[schema(example = "dept-2")]
    pub option_id: String,
    #[schema(example = "Financeiro")]
    pub title: String,
}

/// Kinds a simulated customer sends.
const SENDABLE_KINDS: [MessageKind; 10] = [
    MessageKind::Text,
    MessageKind::Image,
    MessageKind::Audio,
    MessageKind::VoiceNote,
    MessageKind::Video,
    MessageKind::Document,
    MessageKind::Sticker,
    MessageKind::Location,
    MessageKind::Contacts,
    MessageKind::InteractiveAnswer,
];

fn too_long(text: &str) -> bool {
    text.chars().count() > MAX_NAME_CHARS
}

fn is_blank_or_too_long(text: &str) -> bool {
    text.trim().is_empty() || too_long(text)
}

impl InboundRequest {
    fn kind(&self) -> MessageKind {
        self.kind.unwrap_or(MessageKind::Text)
    }

    fn validate_text(&self, errors: &mut FieldErrors) {
        let kind = self.kind();
        if kind == MessageKind::Text && self.text.trim().is_empty() || self.text.chars().count() > MAX_TEXT_LENGTH {
            errors.add("text", "must have 1 to 4096 characters");
        }
    }

    fn validate_file(&self, errors: &mut FieldErrors) {
        let kind = self.kind();
        let Some(file) = &self.file else {
            if kind.carries_media() {
                errors.add("file", format!("is required for a {} message", kind.as_str()));
            }
            return;
        };
        if !kind.carries_media() {
            errors.add("file", "is only for image, audio, voice_note, video, document and sticker messages");
        }
        let limit = kind.file_limit_bytes().map_or(MAX_FILE_BYTES, |limit| (limit as usize).min(MAX_FILE_BYTES));
        if file.data_base64.is_empty() || file.data_base64.len() > limit {
            errors.add("file.data_base64", format!("must hold 1 to {limit} bytes"));
        }
        let (essence, _) = file.mime_type.split_once(';').unwrap_or((&file.mime_type, ""));
        if too_long(&file.mime_type)
            || essence.split_once('/').is_none_or(|(a, b)| a.trim().is_empty() || b.trim().is_empty())
        {
            errors.add("file.mime_type", "must be a media type such as image/jpeg");
        }
        if file.file_name.as_deref().is_some_and(is_blank_or_too_long) {
            errors.add("file.file_name", "must have 1 to 255 characters");
        }
    }

    fn validate_details(&self, errors: &mut FieldErrors) {
        let kind = self.kind();
        match (&self.location, kind == MessageKind::Location) {
            (None, true) => errors.add("location", "is required for a location message"),
            (Some(_), false) => errors.add("location", "is only for location messages"),
            (Some(place), true) => {
                if !(-90.0..=90.0).contains(&place.latitude) {
                    errors.add("location.latitude", "must be between -90 and 90");
                }
                if !(-180.0..=180.0).contains(&place.longitude) {
                    errors.add("location.longitude", "must be between -180 and 180");
                }
                if [&place.name, &place.address].into_iter().flatten().any(|text| too_long(text)) {
                    errors.add("location", "name and address have at most 255 characters");
                }
            }
            (None, false) => {}
        }
        let shares_cards = !self.contacts.is_empty();
        if (kind == MessageKind::Contacts) != shares_cards || self.contacts.len() > MAX_CONTACTS {
            errors.add("contacts", "a contacts message shares 1 to 20 cards; other kinds none");
        }
        let bad_card = |card: &SimulatedContact| {
            is_blank_or_too_long(&card.name)
                || card.numbers.len() > 10
                || card.numbers.iter().any(|n| is_blank_or_too_long(n))
        };
        if self.contacts.iter().any(bad_card) {
            errors.add("contacts", "each card has a name and up to 10 numbers, each of at most 255 characters");
        }
        match (&self.interactive, kind == MessageKind::InteractiveAnswer) {
            (None, true) => errors.add("interactive", "is required for an interactive_answer message"),
            (Some(_), false) => errors.add("interactive", "is only for interactive_answer messages"),
            (Some(choice), true) if is_blank_or_too_long(&choice.option_id) || is_blank_or_too_long(&choice.title) => {
                errors.add("interactive", "option_id and title must have 1 to 255 characters")
            }
            _ => {}
        }
    }
}

fn is_external_id(id: &str) -> bool {
    !id.trim().is_empty() && id.len() <= 128
}

impl Validate for InboundRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if !is_valid_e164(&self.from) {
            errors.add("from", "must be a number in E.164, e.g. +5511988887777");
        }
        if self.sender_name.as_deref().is_some_and(is_blank_or_too_long) {
            errors.add("sender_name", "must have 1 to 255 characters");
        }
        if !SENDABLE_KINDS.contains(&self.kind()) {
            errors.add("kind", "the simulated customer sends text, files, locations, contacts and interactive answers");
        }
        self.validate_text(&mut errors);
        self.validate_file(&mut errors);
        self.validate_details(&mut errors);
        if self.duration_seconds.is_some_and(|seconds| seconds > 86_400) {
            errors.add("duration_seconds", "must be at most 86400");
        }
        if self.external_id.as_deref().is_some_and(|id| !is_external_id(id)) {
            errors.add("external_id", "must have 1 to 128 characters");
        }
        if self.reply_to_external_id.as_deref().is_some_and(|id| !is_external_id(id)) {
            errors.add("reply_to_external_id", "must have 1 to 128 characters");
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
            kind: request.kind(),
            from: request.from,
            sender_name: request.sender_name,
            text: request.text,
            file: request.file.map(|file| InboundFile {
                file_name: file.file_name,
                mime_type: file.mime_type,
                bytes: file.data_base64,
            }),
            location: request.location.map(|place| Location {
                latitude: place.latitude,
                longitude: place.longitude,
                name: place.name,
                address: place.address,
            }),
            contacts: request
                .contacts
                .into_iter()
                .map(|card| SharedContact { name: card.name, numbers: card.numbers })
                .collect(),
            interactive: request
                .interactive
                .map(|choice| InteractiveAnswer { option_id: choice.option_id, title: choice.title }),
            duration_seconds: request.duration_seconds,
            reply_to_external_id: request.reply_to_external_id,
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

/// Someone sends the channel a message of any kind (directly or in one of its groups).
///
/// It arrives like a real one; a file is then downloaded from the simulated phone like WhatsApp's.
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
        (status = 413, description = "`payload_too_large`: the file is over 16 MB", body = Problem),
        (status = 422, description = "Invalid fields or `unknown_group`", body = Problem),
    )
)]
#[post("/simulator/channels/{id}/inbound")]
async fn inbound(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: LargeBody<InboundRequest, INBOUND_BODY_LIMIT>,
) -> ApiResult<HttpResponse> {
    let external_id = simulator::receive(&state, &auth, id.0, body.0.into()).await?;
    Ok(HttpResponse::Accepted().json(InboundResult { external_id }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulatedReactionRequest {
    /// Who reacts, in E.164.
    #[schema(example = "+5511988887777")]
    pub from: String,
    /// WhatsApp's id of the message reacted to (stored or not yet).
    #[schema(example = "SIM.0192f0c1a2b37c4d8e9f001122334455")]
    pub target_external_id: String,
    /// The emoji; empty takes the sender's reaction back.
    #[schema(example = "👍")]
    pub emoji: String,
}

impl Validate for SimulatedReactionRequest {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if !is_valid_e164(&self.from) {
            errors.add("from", "must be a number in E.164, e.g. +5511988887777");
        }
        if !is_external_id(&self.target_external_id) {
            errors.add("target_external_id", "must have 1 to 128 characters");
        }
        if self.emoji.chars().count() > MAX_EMOJI_CHARS {
            errors.add("emoji", "must be one emoji, or empty to take the reaction back");
        }
        errors.into_fields()
    }
}

/// Someone reacts to a message of the channel (an empty emoji takes the reaction back).
///
/// It arrives like a real reaction and shows on its message.
#[utoipa::path(
    operation_id = "simulate_reaction",
    tag = "simulator",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Simulator channel id")),
    request_body = SimulatedReactionRequest,
    responses(
        (status = 202, description = "Delivered to the channel"),
        (status = 404, body = Problem),
        (status = 409, description = "`channel_not_connected`", body = Problem),
        (status = 422, description = "Invalid fields", body = Problem),
    )
)]
#[post("/simulator/channels/{id}/reactions")]
async fn react(
    state: web::Data<ApiState>,
    auth: AuthUser,
    id: PathId,
    body: Body<SimulatedReactionRequest>,
) -> ApiResult<HttpResponse> {
    let SimulatedReactionRequest { from, target_external_id, emoji } = body.0;
    simulator::react(&state, &auth, id.0, InboundReaction { from, target_external_id, emoji }).await?;
    Ok(HttpResponse::Accepted().finish())
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
