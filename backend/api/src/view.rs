//! Views: what the API shows of the domain's resources. Each resource the API returns or accepts
//! has its view in the module of its area, named like its schema in the document (`ContactView`
//! is `Contact`); the domain's structs carry no schema, only its value enums do (behind the
//! `openapi` feature of blocopro-domain).

/// Declares a view that shows fields of a domain type as they are, and the `From` that copies
/// them, each through `Into` so that a nested resource becomes its own view. The view's doc
/// comments and `#[schema]` attributes are what the document says; a field the view leaves out
/// (a company id) is not shown. `from X, and back` also converts the view into `X` (a view that
/// requests send too).
macro_rules! view {
    (
        $(#[$meta:meta])*
        pub struct $view:ident from $domain:ty, and back {
            $($(#[$field_meta:meta])* pub $field:ident: $type:ty),* $(,)?
        }
    ) => {
        $crate::view::view! {
            $(#[$meta])*
            pub struct $view from $domain {
                $($(#[$field_meta])* pub $field: $type),*
            }
        }

        impl From<$view> for $domain {
            fn from(view: $view) -> Self {
                Self { $($field: view.$field.into()),* }
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $view:ident from $domain:ty {
            $($(#[$field_meta:meta])* pub $field:ident: $type:ty),* $(,)?
        }
    ) => {
        $(#[$meta])*
        pub struct $view {
            $($(#[$field_meta])* pub $field: $type),*
        }

        impl From<$domain> for $view {
            fn from(value: $domain) -> Self {
                Self { $($field: value.$field.into()),* }
            }
        }
    };
}

pub(crate) use view;

/// Events carry some resources as the domain serialises them (`conversation.updated`,
/// `message.created`, `group.updated`, `company.updated`, `group_import.progress`): their views
/// must read the same, so that an event patches what a `GET` returned.
#[cfg(test)]
mod tests {
    use blocopro_domain::Timestamp;
    use blocopro_domain::channel::{ChannelMessage, DeliveryStatus, MessageDirection};
    use blocopro_domain::company::{Company, CompanyFeatures};
    use blocopro_domain::conversation::{Conversation, ConversationKind, ConversationStatus};
    use blocopro_domain::group::{Group, GroupImportJob, GroupImportStatus, Progress};
    use blocopro_domain::message::{
        ButtonParameter, ButtonSubType, InteractiveAnswer, Location, Media, MessageContent, MessageKind, NamedRef,
        Reaction, ReplyTo, SharedContact, TemplateRef, TransferEvent,
    };
    use serde::Serialize;
    use uuid::Uuid;

    use crate::channels::ChannelMessageView;
    use crate::company::CompanyView;
    use crate::conversations::ConversationView;
    use crate::groups::GroupView;
    use crate::groups::imports::GroupImportJobView;

    fn same_json<D: Serialize + Clone, V: Serialize + From<D>>(domain: D) {
        let view = serde_json::to_value(V::from(domain.clone())).unwrap();
        assert_eq!(view, serde_json::to_value(domain).unwrap());
    }

    #[test]
    fn event_resources_read_the_same_as_their_views() {
        let (id, company_id, at) = (Uuid::now_v7(), Uuid::now_v7(), Timestamp::from_second(1_764_000_000).unwrap());
        same_json::<_, ConversationView>(Conversation {
            id,
            company_id,
            channel_id: id,
            kind: ConversationKind::Direct,
            chat_id: "+5511987654321".into(),
            title: "Ana".into(),
            contact_id: Some(id),
            group_id: None,
            status: ConversationStatus::Open,
            department_id: Some(id),
            assigned_to: None,
            awaiting_choice: true,
            contact_owner_id: Some(id),
            unread_count: 2,
            last_message_at: at,
            last_message_preview: Some("Olá".into()),
            last_message_kind: MessageKind::Image,
            customer_window_closes_at: Some(at),
            created_at: at,
            updated_at: at,
        });
        same_json::<_, ChannelMessageView>(ChannelMessage {
            id,
            channel_id: id,
            external_id: "wamid.1".into(),
            direction: MessageDirection::Outbound,
            chat_id: "+5511987654321".into(),
            sender: "+5511900000000".into(),
            // Every part set at once (no real message has them all), so that each is compared.
            content: MessageContent {
                kind: MessageKind::Document,
                text: "Segue o boleto".into(),
                media: Some(Media {
                    size_bytes: Some(88_000),
                    sha256: Some("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into()),
                    file_name: Some("boleto.pdf".into()),
                    duration_seconds: Some(3),
                    width: Some(640),
                    height: Some(480),
                    ..Media::pending("application/pdf", Some("graph-media-1".into()))
                }),
                reply_to: Some(ReplyTo {
                    external_id: "wamid.0".into(),
                    sender: Some("+5511987654321".into()),
                    kind: Some(MessageKind::Text),
                    snippet: "Pode mandar?".into(),
                    message_id: Some(id),
                }),
                location: Some(Location {
                    latitude: -23.5613,
                    longitude: -46.6565,
                    name: Some("Escritório".into()),
                    address: None,
                }),
                contacts: vec![SharedContact { name: "Bruno".into(), numbers: vec!["+5511977776666".into()] }],
                interactive: Some(InteractiveAnswer { option_id: "2".into(), title: "Financeiro".into() }),
                template: Some(TemplateRef {
                    header_parameters: vec!["Acme".into()],
                    header_media: Some(MessageKind::Document),
                    button_parameters: vec![ButtonParameter {
                        index: 0,
                        sub_type: ButtonSubType::Url,
                        value: "123".into(),
                    }],
                    ..TemplateRef::with_body("boleto", "pt_BR", vec!["Ana".into()])
                }),
                transfer: Some(TransferEvent {
                    by: NamedRef { id, name: "Ana".into() },
                    to_user: Some(NamedRef { id, name: "Bia".into() }),
                    to_department: Some(NamedRef { id, name: "Vendas".into() }),
                }),
            },
            reactions: vec![Reaction { emoji: "👍".into(), senders: vec!["+5511987654321".into()] }],
            status: DeliveryStatus::Failed,
            error: Some("timeout".into()),
            sent_at: at,
            created_at: at,
        });
        same_json::<_, GroupView>(Group {
            id,
            company_id,
            channel_id: id,
            external_id: "120363025246125486@g.us".into(),
            subject: "Vendas".into(),
            description: Some("Equipe".into()),
            department_id: None,
            muted: true,
            archived: false,
            own_number_is_admin: true,
            participant_count: 12,
            imported_at: at,
            updated_at: at,
        });
        same_json::<_, CompanyView>(Company {
            id,
            name: "Padaria Pão Quente".into(),
            timezone: "America/Sao_Paulo".into(),
            active: true,
            features: CompanyFeatures { whatsapp_groups: true },
            created_at: at,
        });
        same_json::<_, GroupImportJobView>(GroupImportJob {
            id,
            company_id,
            channel_id: id,
            status: GroupImportStatus::Running,
            progress: Progress { done: 3, total: 9 },
            error: None,
            created_by: Some(id),
            created_at: at,
            finished_at: Some(at),
        });
    }
}
