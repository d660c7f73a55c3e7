//! Pure translations between whatsapp-rust's types and ours: events, addresses, groups, receipts and
//! reactions (what a message says is in [`super::content`]).
//! Kept apart from the session code so they are unit-tested without a WhatsApp connection.

use std::sync::atomic::{AtomicBool, Ordering};

use blocopro_domain::Timestamp;
use blocopro_domain::channel::DeliveryStatus;
use blocopro_domain::message::ReactionChange;
use whatsapp_rust::features::GroupMetadata;
use whatsapp_rust::prelude::{Event, InboundMessage as WaInboundMessage, MessageExt, wa};
use whatsapp_rust::types::message::MessageSource;
use whatsapp_rust::types::presence::ReceiptType;
use whatsapp_rust::{Jid, Server};

use whatsapp_rust::wacore::stanza::groups::{GroupNotificationAction, GroupParticipantInfo};

use super::content::message_content;
use crate::{ConnectorEventKind, GroupChange, GroupSnapshot, InboundMessage, MemberPhone};

/// Turns one session's library events into connector events. The first QR Code of a pairing is
/// announced as `Pairing`, the rotations that follow as `Qr`.
#[derive(Default)]
pub struct EventMapper {
    pairing_announced: AtomicBool,
}

impl EventMapper {
    /// `own_number` is the linked device's number as the client knows it (E.164), once paired.
    pub fn map(&self, event: &Event, own_number: Option<String>) -> Vec<ConnectorEventKind> {
        match event {
            Event::PairingQrCode(qr) => {
                let code = qr.code.clone();
                let expires_at = Timestamp::now() + qr.timeout;
                let kind = if self.pairing_announced.swap(true, Ordering::Relaxed) {
                    ConnectorEventKind::Qr { code, expires_at }
                } else {
                    ConnectorEventKind::Pairing { code, expires_at }
                };
                vec![kind]
            }
            Event::PairSuccess(paired) => {
                self.pairing_announced.store(false, Ordering::Relaxed);
                vec![ConnectorEventKind::Connected { phone_number: phone_of(&paired.id) }]
            }
            Event::Connected(_) => vec![ConnectorEventKind::Connected { phone_number: own_number }],
            // A routine stream recycle reconnects at once; only a real loss is worth showing.
            Event::Disconnected(lost) if !lost.reason.is_clean_shutdown() => vec![ConnectorEventKind::Disconnected],
            // Nobody scanned any of the QR Codes: the channel waits for the next connect.
            Event::PairingQrCodesExhausted(_) => {
                self.pairing_announced.store(false, Ordering::Relaxed);
                vec![ConnectorEventKind::Disconnected]
            }
            Event::LoggedOut(_) => vec![ConnectorEventKind::LoggedOut],
            Event::Messages(batch) => {
                batch.iter().filter_map(|message| inbound_event(message, own_number.as_deref())).collect()
            }
            Event::GroupUpdate(update) => group_change(&update.action)
                .map(|change| ConnectorEventKind::GroupChanged {
                    external_id: update.group_jid.to_non_ad_string(),
                    change,
                })
                .into_iter()
                .collect(),
            Event::Receipt(receipt) => match delivery_status(&receipt.r#type) {
                Some(status) => receipt
                    .message_ids
                    .iter()
                    .map(|id| ConnectorEventKind::Receipt {
                        external_id: id.to_string(),
                        status,
                        error: (status == DeliveryStatus::Failed)
                            .then(|| "WhatsApp could not deliver the message".into()),
                        at: timestamp_of(receipt.timestamp.timestamp(), receipt.timestamp.timestamp_subsec_nanos()),
                    })
                    .collect(),
                None => Vec::new(),
            },
            _ => Vec::new(),
        }
    }
}

/// The changes BlocoPro keeps: subject, description and membership. Settings (locked, announce…)
/// are left out.
fn group_change(action: &GroupNotificationAction) -> Option<GroupChange> {
    let phones = |participants: &[GroupParticipantInfo]| -> Vec<String> {
        participants
            .iter()
            .filter_map(|participant| {
                participant.phone_number.as_ref().and_then(phone_of).or_else(|| phone_of(&participant.jid))
            })
            .collect()
    };
    Some(match action {
        GroupNotificationAction::Subject { subject, .. } => GroupChange::Subject(subject.clone()),
        GroupNotificationAction::Description { description, .. } => GroupChange::Description(description.clone()),
        GroupNotificationAction::Add { participants, .. } => GroupChange::Joined(
            phones(participants).into_iter().map(|phone| MemberPhone { phone, is_admin: false }).collect(),
        ),
        GroupNotificationAction::Remove { participants, .. } => GroupChange::Left(phones(participants)),
        GroupNotificationAction::Promote { participants } => GroupChange::Promoted(phones(participants)),
        GroupNotificationAction::Demote { participants } => GroupChange::Demoted(phones(participants)),
        _ => return None,
    })
}

/// A message someone else wrote, or a reaction (ours too, made on the phone: it shows on the
/// message like any other). Our own messages echoed from the phone and what carries no content
/// (protocol messages, key distributions) are left out.
fn inbound_event(inbound: &WaInboundMessage, own_number: Option<&str>) -> Option<ConnectorEventKind> {
    let info = &inbound.info;
    let message = inbound.message.get_base_message();
    let sent_at = timestamp_of(info.timestamp.timestamp(), info.timestamp.timestamp_subsec_nanos());
    let sender = match info.source.is_from_me {
        true => own_number.map(str::to_owned),
        false => Some(sender_of(&info.source)),
    };
    if let Some(reaction) = message.reaction_message.as_option() {
        return reaction_change(reaction, sender?, sent_at).map(ConnectorEventKind::Reaction);
    }
    if info.source.is_from_me {
        return None;
    }
    let sender = sender?;
    let content = message_content(message)?;
    let chat_id = match info.source.is_group {
        true => info.source.chat.to_non_ad_string(),
        false => sender.clone(),
    };
    // The name the customer gave their WhatsApp profile.
    let sender_name = Some(info.push_name.trim().to_owned()).filter(|name| !name.is_empty());
    let message = InboundMessage { external_id: info.id.to_string(), chat_id, sender, sender_name, content, sent_at };
    Some(ConnectorEventKind::Message(Box::new(message)))
}

/// A reaction names the message it targets by its id; an empty text takes it back. It is dated
/// when the sender made it, which orders two changes by one sender.
fn reaction_change(
    reaction: &wa::message::ReactionMessage,
    sender: String,
    sent_at: Timestamp,
) -> Option<ReactionChange> {
    let target_external_id = reaction.key.as_option()?.id.clone().filter(|id| !id.is_empty())?;
    let at = reaction.sender_timestamp_ms.and_then(|ms| Timestamp::from_millisecond(ms).ok()).unwrap_or(sent_at);
    Some(ReactionChange { target_external_id, sender, emoji: reaction.text.clone().unwrap_or_default(), at })
}

/// The author's number; in a LID-addressed chat it comes from the alternate address.
fn sender_of(source: &MessageSource) -> String {
    let sender = source.sender_alt.as_ref().filter(|alt| alt.is_pn()).unwrap_or(&source.sender);
    sender_address(sender)
}

/// A number in E.164 for a phone-number address, else the address itself (a privacy id).
pub fn sender_address(jid: &Jid) -> String {
    phone_of(jid).unwrap_or_else(|| jid.to_non_ad_string())
}

fn timestamp_of(seconds: i64, nanos: u32) -> Timestamp {
    Timestamp::new(seconds, nanos as i32).unwrap_or_else(|_| Timestamp::now())
}

/// What a receipt says about a message we sent; `None` for the receipts that say nothing about
/// delivery (retries, our own other devices, history sync…).
pub fn delivery_status(receipt: &ReceiptType) -> Option<DeliveryStatus> {
    match receipt {
        ReceiptType::Sent => Some(DeliveryStatus::Sent),
        ReceiptType::Delivered => Some(DeliveryStatus::Delivered),
        ReceiptType::Read | ReceiptType::Played => Some(DeliveryStatus::Read),
        ReceiptType::ServerError => Some(DeliveryStatus::Failed),
        _ => None,
    }
}

/// `+5511987654321` for a phone-number address (`5511987654321@s.whatsapp.net`, any device);
/// `None` for groups and privacy ids (LIDs), which carry no number.
pub fn phone_of(jid: &Jid) -> Option<String> {
    (jid.is_pn() && !jid.user.is_empty()).then(|| format!("+{}", jid.user))
}

/// Where to send: an E.164 number or a group id such as `120363025246125486@g.us`.
pub fn recipient(to: &str) -> Option<Jid> {
    if let Some(digits) = to.strip_prefix('+') {
        return (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| Jid::pn(digits));
    }
    to.parse::<Jid>().ok().filter(|jid| jid.server == Server::Group)
}

/// A group as WhatsApp described it; `own_number` tells whether our number administers it.
pub fn group_info(group: &GroupMetadata, own_number: Option<&str>) -> GroupSnapshot {
    let participants: Vec<MemberPhone> = group
        .participants
        .iter()
        .filter_map(|participant| {
            let phone = participant.phone_number.as_ref().and_then(phone_of).or_else(|| phone_of(&participant.jid))?;
            Some(MemberPhone { phone, is_admin: participant.is_admin() })
        })
        .collect();
    let own_number_is_admin = own_number.is_some_and(|own| participants.iter().any(|p| p.is_admin && p.phone == own));
    GroupSnapshot {
        external_id: group.id.to_non_ad_string(),
        subject: group.subject.clone(),
        description: group.description.clone(),
        participants,
        own_number_is_admin,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use whatsapp_rust::features::{GroupParticipant as WaParticipant, ParticipantType};
    use whatsapp_rust::prelude::{BatchOrigin, MessageBatch, MessageBuilderExt, MessageInfo, wa};
    use whatsapp_rust::types::events::ConnectFailureReason;
    use whatsapp_rust::types::events::{
        Connected, Disconnected, GroupUpdate, LoggedOut, PairSuccess, PairingQrCode, PairingQrCodesExhausted, Receipt,
    };
    use whatsapp_rust::wacore::net::DisconnectReason;

    use super::*;
    use blocopro_domain::message::MessageKind;
    use whatsapp_rust::buffa::MessageField;

    fn jid(text: &str) -> Jid {
        text.parse().unwrap()
    }

    fn qr(code: &str) -> Event {
        Event::PairingQrCode(PairingQrCode::builder().code(code.into()).timeout(Duration::from_secs(20)).build())
    }

    fn paired(number: &str) -> Event {
        Event::PairSuccess(
            PairSuccess::builder()
                .id(jid(&format!("{number}:12@s.whatsapp.net")))
                .lid(jid("99887766554433:12@lid"))
                .business_name(String::new())
                .platform("android".into())
                .build(),
        )
    }

    fn text_message(source: MessageSource, id: &str, text: &str) -> WaInboundMessage {
        let info = MessageInfo { source, id: id.into(), ..MessageInfo::default() };
        WaInboundMessage::builder().message(Arc::new(wa::Message::text(text))).info(Arc::new(info)).build()
    }

    fn batch(messages: Vec<WaInboundMessage>) -> Event {
        Event::Messages(MessageBatch::builder().messages(messages.into()).origin(BatchOrigin::Live).build())
    }

    fn receipt(kind: ReceiptType, ids: &[&str]) -> Event {
        let source = MessageSource { chat: jid("5511987654321@s.whatsapp.net"), ..MessageSource::default() };
        Event::Receipt(
            Receipt::builder()
                .source(source)
                .message_ids(ids.iter().map(|id| id.to_string()).collect())
                .timestamp(whatsapp_rust::chrono::Utc::now())
                .r#type(kind)
                .offline(false)
                .build(),
        )
    }

    #[test]
    fn the_first_qr_code_of_a_pairing_starts_it_and_the_next_ones_rotate() {
        let mapper = EventMapper::default();
        let first = mapper.map(&qr("2@first"), None);
        assert!(matches!(&first[..], [ConnectorEventKind::Pairing { code, expires_at }]
            if code == "2@first" && *expires_at > Timestamp::now() + Duration::from_secs(15)));
        assert!(
            matches!(&mapper.map(&qr("2@second"), None)[..], [ConnectorEventKind::Qr { code, .. }] if code == "2@second")
        );

        // Once paired, a later pairing (after a logout) starts with `Pairing` again.
        let connected = mapper.map(&paired("5511912345678"), None);
        assert_eq!(connected, vec![ConnectorEventKind::Connected { phone_number: Some("+5511912345678".into()) }]);
        assert!(matches!(&mapper.map(&qr("2@again"), None)[..], [ConnectorEventKind::Pairing { .. }]));
    }

    #[test]
    fn unscanned_qr_codes_leave_the_channel_disconnected_and_the_next_pairing_starts_over() {
        let mapper = EventMapper::default();
        mapper.map(&qr("2@first"), None);
        let exhausted = Event::PairingQrCodesExhausted(PairingQrCodesExhausted::builder().disconnected(true).build());
        assert_eq!(mapper.map(&exhausted, None), vec![ConnectorEventKind::Disconnected]);
        assert!(matches!(&mapper.map(&qr("2@next"), None)[..], [ConnectorEventKind::Pairing { .. }]));
    }

    #[test]
    fn status_events_map_to_channel_statuses() {
        let mapper = EventMapper::default();
        let connected = Event::Connected(Connected::builder().build());
        assert_eq!(
            mapper.map(&connected, Some("+5511912345678".into())),
            vec![ConnectorEventKind::Connected { phone_number: Some("+5511912345678".into()) }]
        );
        let lost =
            Event::Disconnected(Disconnected::builder().reason(DisconnectReason::ReadError("reset".into())).build());
        assert_eq!(mapper.map(&lost, None), vec![ConnectorEventKind::Disconnected]);
        let logged_out =
            Event::LoggedOut(LoggedOut::builder().on_connect(false).reason(ConnectFailureReason::LoggedOut).build());
        assert_eq!(mapper.map(&logged_out, None), vec![ConnectorEventKind::LoggedOut]);
    }

    #[test]
    fn a_routine_stream_recycle_is_not_a_disconnection() {
        let recycle = DisconnectReason::ServerClose { code: Some(1000), reason: String::new() };
        assert!(recycle.is_clean_shutdown(), "the library's own notion of a routine recycle");
        let event = Event::Disconnected(Disconnected::builder().reason(recycle).build());
        assert!(EventMapper::default().map(&event, None).is_empty());
    }

    #[test]
    fn direct_and_group_texts_become_inbound_messages() {
        let direct = MessageSource {
            chat: jid("5511987654321@s.whatsapp.net"),
            sender: jid("5511987654321@s.whatsapp.net"),
            ..MessageSource::default()
        };
        let in_group = MessageSource {
            chat: jid("120363025246125486@g.us"),
            // A LID-addressed group: the number comes from the alternate address.
            sender: jid("99887766554433@lid"),
            sender_alt: Some(jid("5521999998888@s.whatsapp.net")),
            is_group: true,
            ..MessageSource::default()
        };
        let event = batch(vec![text_message(direct, "3EB0A1", "Olá!"), text_message(in_group, "3EB0B2", "Bom dia")]);
        let kinds = EventMapper::default().map(&event, None);
        let messages: Vec<&InboundMessage> = kinds
            .iter()
            .map(|kind| match kind {
                ConnectorEventKind::Message(message) => message.as_ref(),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!((messages[0].external_id.as_str(), messages[0].chat_id.as_str()), ("3EB0A1", "+5511987654321"));
        assert_eq!((messages[0].sender.as_str(), messages[0].content.text.as_str()), ("+5511987654321", "Olá!"));
        assert_eq!(messages[1].chat_id, "120363025246125486@g.us");
        assert_eq!(messages[1].sender, "+5521999998888");
    }

    #[test]
    fn our_own_messages_and_messages_without_text_are_left_out() {
        let mine =
            MessageSource { chat: jid("5511987654321@s.whatsapp.net"), is_from_me: true, ..MessageSource::default() };
        let theirs = MessageSource { chat: jid("5511987654321@s.whatsapp.net"), ..MessageSource::default() };
        let info = MessageInfo { source: theirs, id: "3EB0C3".into(), ..MessageInfo::default() };
        let no_text =
            WaInboundMessage::builder().message(Arc::new(wa::Message::default())).info(Arc::new(info)).build();
        let event = batch(vec![text_message(mine, "3EB0A1", "sent from the phone"), no_text]);
        assert!(EventMapper::default().map(&event, None).is_empty());
    }

    fn message_from(source: MessageSource, id: &str, message: wa::Message) -> WaInboundMessage {
        let info = MessageInfo {
            source,
            id: id.into(),
            timestamp: whatsapp_rust::chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap(),
            ..MessageInfo::default()
        };
        WaInboundMessage::builder().message(Arc::new(message)).info(Arc::new(info)).build()
    }

    fn from_peer() -> MessageSource {
        MessageSource {
            chat: jid("5511987654321@s.whatsapp.net"),
            sender: jid("5511987654321@s.whatsapp.net"),
            ..MessageSource::default()
        }
    }

    fn reaction(target: &str, emoji: &str, sent_ms: Option<i64>) -> wa::Message {
        wa::Message {
            reaction_message: MessageField::some(wa::message::ReactionMessage {
                key: MessageField::some(wa::MessageKey { id: Some(target.into()), ..Default::default() }),
                text: Some(emoji.into()),
                sender_timestamp_ms: sent_ms,
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn a_media_message_arrives_with_its_content_and_sending_time() {
        let photo = wa::Message {
            image_message: MessageField::some(wa::message::ImageMessage {
                caption: Some("Nota fiscal".into()),
                direct_path: Some("/v/nota.enc".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        let kinds = EventMapper::default().map(&batch(vec![message_from(from_peer(), "3EB0D4", photo)]), None);
        let [ConnectorEventKind::Message(message)] = &kinds[..] else { panic!("unexpected {kinds:?}") };
        assert_eq!((message.external_id.as_str(), message.chat_id.as_str()), ("3EB0D4", "+5511987654321"));
        assert_eq!((message.content.kind, message.content.text.as_str()), (MessageKind::Image, "Nota fiscal"));
        assert!(message.content.media.as_ref().is_some_and(|media| media.provider_ref.is_some()));
        assert_eq!(message.sent_at, Timestamp::from_second(1_764_000_000).unwrap());
    }

    #[test]
    fn a_reaction_targets_a_message_and_an_empty_one_takes_it_back() {
        let mapper = EventMapper::default();
        let event = batch(vec![
            message_from(from_peer(), "3EB0R1", reaction("3EB0A1", "👍", Some(1_764_000_005_250))),
            message_from(from_peer(), "3EB0R2", reaction("3EB0A1", "", None)),
        ]);
        let changes: Vec<ReactionChange> = mapper
            .map(&event, None)
            .into_iter()
            .map(|kind| match kind {
                ConnectorEventKind::Reaction(change) => change,
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(
            changes[0],
            ReactionChange {
                target_external_id: "3EB0A1".into(),
                sender: "+5511987654321".into(),
                emoji: "👍".into(),
                at: Timestamp::from_millisecond(1_764_000_005_250).unwrap(),
            },
            "dated when the sender reacted"
        );
        assert!(changes[1].is_removal());
        assert_eq!(changes[1].at, Timestamp::from_second(1_764_000_000).unwrap(), "else when it was sent");
    }

    #[test]
    fn a_reaction_made_on_our_phone_is_ours_and_one_without_a_target_is_dropped() {
        let mine = MessageSource { is_from_me: true, ..from_peer() };
        let event = batch(vec![message_from(mine.clone(), "3EB0R3", reaction("3EB0B1", "❤️", None))]);
        let kinds = EventMapper::default().map(&event, Some("+5511912345678".into()));
        assert!(matches!(&kinds[..], [ConnectorEventKind::Reaction(change)]
            if change.sender == "+5511912345678" && change.target_external_id == "3EB0B1"));
        assert!(EventMapper::default().map(&event, None).is_empty(), "nobody to show it as before pairing");
        let untargeted = batch(vec![message_from(from_peer(), "3EB0R4", reaction("", "👍", None))]);
        assert!(EventMapper::default().map(&untargeted, None).is_empty());
    }

    #[test]
    fn receipts_move_the_delivery_status_of_each_message_they_name() {
        let kinds = EventMapper::default().map(&receipt(ReceiptType::Read, &["3EB0A1", "3EB0A2"]), None);
        let ids: Vec<(&str, DeliveryStatus)> = kinds
            .iter()
            .map(|kind| match kind {
                ConnectorEventKind::Receipt { external_id, status, error: None, .. } => (external_id.as_str(), *status),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(ids, vec![("3EB0A1", DeliveryStatus::Read), ("3EB0A2", DeliveryStatus::Read)]);
        let failed = EventMapper::default().map(&receipt(ReceiptType::ServerError, &["3EB0A1"]), None);
        assert!(matches!(
            &failed[..],
            [ConnectorEventKind::Receipt { status: DeliveryStatus::Failed, error: Some(_), .. }]
        ));
        assert!(EventMapper::default().map(&receipt(ReceiptType::Retry, &["3EB0A1"]), None).is_empty());
    }

    fn group_update(action: GroupNotificationAction) -> Event {
        Event::GroupUpdate(
            GroupUpdate::builder()
                .group_jid(jid("120363025246125486@g.us"))
                .timestamp(whatsapp_rust::chrono::Utc::now())
                .is_lid_addressing_mode(true)
                .action(action)
                .build(),
        )
    }

    fn participant_info(address: &str, number: Option<&str>) -> GroupParticipantInfo {
        GroupParticipantInfo {
            jid: jid(address),
            phone_number: number.map(jid),
            display_name: None,
            r#type: None,
            lid: None,
            username: None,
            join_time: None,
            group_history_sent_state: None,
        }
    }

    #[test]
    fn group_notifications_become_group_changes() {
        let mapper = EventMapper::default();
        let change = |action| match &mapper.map(&group_update(action), None)[..] {
            [ConnectorEventKind::GroupChanged { external_id, change }] => {
                assert_eq!(external_id, "120363025246125486@g.us");
                Some(change.clone())
            }
            [] => None,
            other => panic!("unexpected {other:?}"),
        };
        let renamed =
            GroupNotificationAction::Subject { subject: "VIP".into(), subject_owner: None, subject_time: None };
        assert_eq!(change(renamed), Some(GroupChange::Subject("VIP".into())));
        let joined = GroupNotificationAction::Add {
            participants: vec![
                participant_info("99887766554433@lid", Some("5521999998888@s.whatsapp.net")),
                participant_info("5511912345678@s.whatsapp.net", None),
                participant_info("11223344556677@lid", None),
            ],
            reason: None,
        };
        let expected =
            ["+5521999998888", "+5511912345678"].map(|phone| MemberPhone { phone: phone.into(), is_admin: false });
        assert_eq!(change(joined), Some(GroupChange::Joined(expected.to_vec())));
        let left = GroupNotificationAction::Remove {
            participants: vec![participant_info("5511912345678@s.whatsapp.net", None)],
            reason: None,
        };
        assert_eq!(change(left), Some(GroupChange::Left(vec!["+5511912345678".into()])));
        assert_eq!(change(GroupNotificationAction::Unlocked), None, "settings are not kept");
    }

    #[test]
    fn receipt_types_map_to_delivery_statuses() {
        assert_eq!(delivery_status(&ReceiptType::Delivered), Some(DeliveryStatus::Delivered));
        assert_eq!(delivery_status(&ReceiptType::Played), Some(DeliveryStatus::Read));
        assert_eq!(delivery_status(&ReceiptType::Sent), Some(DeliveryStatus::Sent));
        assert_eq!(delivery_status(&ReceiptType::ReadSelf), None);
    }

    #[test]
    fn addresses_translate_between_numbers_groups_and_jids() {
        assert_eq!(phone_of(&jid("5511987654321:3@s.whatsapp.net")).as_deref(), Some("+5511987654321"));
        assert_eq!(phone_of(&jid("99887766554433@lid")), None);
        assert_eq!(phone_of(&jid("120363025246125486@g.us")), None);
        assert_eq!(recipient("+5511987654321"), Some(Jid::pn("5511987654321")));
        assert_eq!(recipient("120363025246125486@g.us").map(|j| j.server), Some(Server::Group));
        for bad in ["+55 11 9876", "5511987654321", "+", "someone@s.whatsapp.net"] {
            assert_eq!(recipient(bad), None, "{bad}");
        }
    }

    #[test]
    fn group_metadata_becomes_group_info_with_admins_and_numbers() {
        let participant = |address: &str, number: Option<&str>, participant_type| WaParticipant {
            jid: jid(address),
            phone_number: number.map(jid),
            lid: None,
            username: None,
            participant_type,
            details: None,
        };
        let group = GroupMetadata {
            id: jid("120363025246125486@g.us"),
            subject: "Clientes VIP".into(),
            description: Some("Atendimento".into()),
            participants: vec![
                participant("5511912345678@s.whatsapp.net", None, ParticipantType::SuperAdmin),
                participant("99887766554433@lid", Some("5521999998888@s.whatsapp.net"), ParticipantType::Member),
                // No number known for this privacy id: it cannot become a contact.
                participant("11223344556677@lid", None, ParticipantType::Member),
            ],
            ..GroupMetadata::default()
        };
        let info = group_info(&group, Some("+5511912345678"));
        assert_eq!(info.external_id, "120363025246125486@g.us");
        assert_eq!((info.subject.as_str(), info.description.as_deref()), ("Clientes VIP", Some("Atendimento")));
        assert_eq!(
            info.participants,
            vec![
                MemberPhone { phone: "+5511912345678".into(), is_admin: true },
                MemberPhone { phone: "+5521999998888".into(), is_admin: false },
            ]
        );
        assert!(info.own_number_is_admin);
        assert!(!group_info(&group, Some("+5521999998888")).own_number_is_admin);
    }
}
