//! `bench-seed`: fills a database with one company of many attendants for `make bench`.
//! Attendants go through the same store call as `POST /users` (audit entry included), but share one
//! password hash: hashing 10,000 Argon2id passwords would take minutes and measure nothing of interest.
//! Contacts go through the same store call as `POST /contacts`. People are named from lists of
//! Brazilian first names and surnames (with their accents), so that searches find a realistic few.

use anyhow::Context;
use blocopro_api::{Actor, Role};
use blocopro_app::audit::entry_for;
use blocopro_app::companies::{NewAccount, register_company, register_with_role};
use blocopro_app::demo::simulator_channel;
use blocopro_app::open_store;
use blocopro_app::secrets::hash_password;
use blocopro_domain::Timestamp;
use blocopro_domain::channel::{ChannelMessage, DeliveryStatus, MessageDirection};
use blocopro_domain::company::CompanyFeatures;
use blocopro_domain::contact::Contact;
use blocopro_domain::message::MessageContent;
use blocopro_domain::user::{User, UserStatus, Visibility};
use blocopro_store::Store;
use clap::Parser;
use futures_util::{StreamExt, TryStreamExt, stream};
use jiff::SignedDuration;
use serde_json::json;
use uuid::Uuid;

mod groups;
mod service;

use service::Served;

#[derive(Parser)]
struct Args {
    /// sqlite://… or postgres://…; migrations are applied first.
    #[arg(long)]
    database_url: String,
    /// Attendants to create besides the administrator.
    #[arg(long, default_value_t = 10_000)]
    users: usize,
    #[arg(long, default_value = "bench-password")]
    password: String,
    /// Switch the company's `whatsapp_groups` feature on (the group-import benchmark).
    #[arg(long)]
    whatsapp_groups: bool,
    /// Received messages of one contact on a simulator channel, folded into one conversation (the
    /// message-list benchmark); its id is printed as `conversation_id`.
    #[arg(long, default_value_t = 0)]
    conversation_messages: usize,
    /// Messages to spread over `search_chats` contacts' conversations on a simulator channel (the
    /// message-search benchmark), half received and half sent, each a sentence of a customer
    /// service chat naming a person, a subject and an order number.
    #[arg(long, default_value_t = 0)]
    search_messages: usize,
    #[arg(long, default_value_t = 1_000)]
    search_chats: usize,
    /// Attendants who serve the first cycle of each of those conversations in turn (the report
    /// benchmark): the messages are then written and folded in time order, and each conversation is
    /// taken, answered and closed after its first message.
    #[arg(long, default_value_t = 0)]
    serving_attendants: usize,
    /// WhatsApp groups to import on the search messages' channel, written in over the same days (the
    /// report benchmark's groups report; needs `--whatsapp-groups`).
    #[arg(long, default_value_t = 0)]
    report_groups: usize,
    /// Messages written in those groups, in turns.
    #[arg(long, default_value_t = 100_000)]
    report_group_messages: usize,
    /// Contacts to create (the search benchmark), named like the attendants.
    #[arg(long, default_value_t = 0)]
    contacts: usize,
    /// Leave the tables unanalysed, as on a brand-new database (the group-import benchmark's first run).
    #[arg(long)]
    no_statistics: bool,
}

const ADMIN_EMAIL: &str = "admin@bench.blocopro.test";
const CONCURRENT_INSERTS: usize = 8;

const FIRST_NAMES: [&str; 40] = [
    "Ana",
    "João",
    "Maria",
    "José",
    "Antônio",
    "Francisco",
    "Carlos",
    "Paulo",
    "Pedro",
    "Lucas",
    "Luíza",
    "Márcia",
    "Fábio",
    "Sérgio",
    "Cláudia",
    "Patrícia",
    "Letícia",
    "Vitória",
    "Júlia",
    "Beatriz",
    "Conceição",
    "Inês",
    "Tânia",
    "Débora",
    "Mônica",
    "Rogério",
    "Otávio",
    "Flávio",
    "Caio",
    "Rafael",
    "Gabriel",
    "André",
    "Renata",
    "Simone",
    "Raquel",
    "Sônia",
    "Cecília",
    "Lúcia",
    "Valéria",
    "Ângela",
];
const SURNAMES: [&str; 40] = [
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Rodrigues",
    "Ferreira",
    "Alves",
    "Pereira",
    "Lima",
    "Gomes",
    "Ribeiro",
    "Carvalho",
    "Araújo",
    "Conceição",
    "Simões",
    "Magalhães",
    "Gonçalves",
    "Assunção",
    "Brandão",
    "Falcão",
    "Peçanha",
    "Guimarães",
    "Leão",
    "Estêvão",
    "Romão",
    "Camargo",
    "Barbosa",
    "Cardoso",
    "Moreira",
    "Teixeira",
    "Damião",
    "Mendonça",
    "Nogueira",
    "Sebastião",
    "Lemos",
    "Cavalcânti",
    "Fagundes",
    "Queiroz",
    "Pimentel",
    "Xavier",
];

/// The `index`th person's name: every first name with every surname (1,600 pairs), then again.
fn person_name(index: usize) -> String {
    let first = FIRST_NAMES[index % FIRST_NAMES.len()];
    let surname = SURNAMES[(index / FIRST_NAMES.len()) % SURNAMES.len()];
    format!("{first} {surname}")
}

fn attendant(company_id: Uuid, index: usize) -> User {
    let now = Timestamp::now();
    User {
        id: Uuid::now_v7(),
        company_id,
        name: format!("{} {index:05}", person_name(index)),
        email: format!("atendente{index:05}@bench.blocopro.test"),
        phone: None,
        status: UserStatus::Active,
        full_name: None,
        sex: None,
        is_admin: false,
        visibility: Visibility::Own,
        permissions: Role::Attendant.permissions(),
        department_ids: vec![],
        created_at: now,
        updated_at: now,
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let store = open_store(&args.database_url).await?;
    let store = store.as_ref();
    let company = register_company(
        store,
        Actor::SYSTEM,
        "Bench",
        None,
        CompanyFeatures { whatsapp_groups: args.whatsapp_groups },
    )
    .await
    .context("the database must be empty")?;
    let admin = NewAccount { name: "Bench Admin".into(), email: ADMIN_EMAIL.into(), password: args.password.clone() };
    register_with_role(store, &blocopro_api::views(), Actor::SYSTEM, company.id, admin, Role::Administrator).await?;
    let password_hash = hash_password(args.password.clone()).await?;
    stream::iter(0..args.users)
        .map(|index| create_attendant(store, company.id, index, &password_hash))
        .buffer_unordered(CONCURRENT_INSERTS)
        .try_collect::<Vec<_>>()
        .await?;
    stream::iter(0..args.contacts)
        .map(|index| {
            let contact = customer(company.id, index);
            let audit = entry_for(company.id, Actor::SYSTEM, "contact.created", "contact", Some(contact.id), json!({}));
            async move { store.create_contact(&contact, &audit).await.map(drop) }
        })
        .buffer_unordered(CONCURRENT_INSERTS)
        .try_collect::<()>()
        .await?;
    let conversation_id = match args.conversation_messages {
        0 => None,
        count => Some(long_conversation(store, company.id, count).await?),
    };
    // SQLite has one writer: batches racing for it outwait the busy timeout at a million messages.
    let writers = if args.database_url.starts_with("sqlite") { 1 } else { CONCURRENT_INSERTS };
    let servers = serving_attendants(store, company.id, args.users, args.serving_attendants, &password_hash).await?;
    if args.search_messages > 0 {
        let searched = Searched { company_id: company.id, count: args.search_messages, chats: args.search_chats };
        let channel_id = searched_messages(store, &searched, writers, &servers).await?;
        if args.report_groups > 0 {
            let written = groups::Written {
                company_id: company.id,
                channel_id,
                groups: args.report_groups,
                messages: args.report_group_messages,
                last: Timestamp::now(),
                seconds: args.search_messages,
            };
            groups::write(store, &written).await?;
        }
    }
    // As after any bulk load: without statistics PostgreSQL plans the list as a full sort.
    if !args.no_statistics {
        store.refresh_statistics().await?;
    }
    let seeded = json!({
        "company_id": company.id,
        "email": ADMIN_EMAIL,
        "password": args.password,
        "conversation_id": conversation_id,
    });
    println!("{seeded}");
    Ok(())
}

/// The `index`th customer: a person's name and a number of its own.
fn customer(company_id: Uuid, index: usize) -> Contact {
    let mut contact = Contact::of_number(Uuid::now_v7(), company_id, &format!("+55119{index:08}"), Timestamp::now());
    contact.name = Some(person_name(index));
    contact
}

/// One contact's `count` messages on a new simulator channel, folded as the server folds them.
async fn long_conversation(store: &dyn Store, company_id: Uuid, count: usize) -> anyhow::Result<Uuid> {
    let channel = simulator_channel(store, company_id, "Bench").await?;
    let now = Timestamp::now();
    let first = now - SignedDuration::from_secs(i64::try_from(count)?);
    for chunk in (0..count).collect::<Vec<_>>().chunks(1_000) {
        let messages: Vec<(Uuid, ChannelMessage)> = chunk
            .iter()
            .map(|n| {
                let at = first + SignedDuration::from_secs(i64::try_from(*n).unwrap_or_default());
                let message = ChannelMessage {
                    id: Uuid::now_v7(),
                    channel_id: channel.id,
                    external_id: format!("wamid.LONG{n:08}"),
                    direction: MessageDirection::Inbound,
                    chat_id: "+5511987650000".into(),
                    sender: "+5511987650000".into(),
                    content: MessageContent::text(format!("Mensagem {n} de uma conversa longa")),
                    reactions: Vec::new(),
                    status: DeliveryStatus::Received,
                    error: None,
                    sent_at: at,
                    created_at: at,
                };
                (company_id, message)
            })
            .collect();
        store.insert_inbound_messages(&messages).await?;
    }
    let mut conversation_id = None;
    loop {
        let folded = store.fold_received_messages(1_000, Timestamp::now()).await?;
        conversation_id = conversation_id.or(folded.conversation_ids.first().copied());
        if folded.messages.is_empty() {
            break;
        }
    }
    conversation_id.context("no conversation was folded")
}

/// What the messages of the search benchmark talk about: one subject each (1 in 30).
const SUBJECTS: [&str; 30] = [
    "o boleto venceu ontem, pode mandar outro",
    "a entrega do pedido atrasou de novo",
    "quero trocar o tamanho da camisa",
    "a nota fiscal veio com o endereço errado",
    "como faço para cancelar a assinatura",
    "o cartão foi recusado na finalização",
    "preciso da segunda via da fatura",
    "o produto chegou com defeito na tampa",
    "qual o prazo de devolução do dinheiro",
    "vocês entregam no sábado à tarde",
    "a instalação ficou marcada para quando",
    "o técnico não apareceu no horário combinado",
    "gostaria de um orçamento para a reforma",
    "o aplicativo não abre depois da atualização",
    "posso parcelar em dez vezes sem juros",
    "o código de rastreio não funciona",
    "mudei de endereço e preciso atualizar o cadastro",
    "a promoção ainda está valendo",
    "recebi uma cobrança em duplicidade",
    "qual é o horário de atendimento da loja",
    "o reembolso ainda não caiu na conta",
    "quero falar com o gerente sobre a reclamação",
    "a garantia cobre a troca da peça",
    "o contrato precisa da assinatura de duas testemunhas",
    "vocês aceitam pix ou transferência",
    "a senha do portal expirou",
    "o pedido veio incompleto, faltou o carregador",
    "preciso remarcar a consulta de quinta",
    "a conexão cai toda noite depois das dez",
    "obrigado pela ajuda, resolvido",
];

/// The `index`th message of the search benchmark: who is greeted (a person's name), what about
/// and which order.
fn searched_text(index: usize) -> String {
    // A multiplicative hash spreads names and subjects independently of each other.
    let mixed = index.wrapping_mul(2_654_435_761) >> 7;
    let subject = SUBJECTS[mixed % SUBJECTS.len()];
    let name = person_name(mixed / SUBJECTS.len());
    let greeting = if index.is_multiple_of(2) { "Olá" } else { "Bom dia" };
    format!("{greeting} {name}, {subject} ({:06}).", mixed % 1_000_000)
}

/// The messages of the search benchmark: `count` over `chats` contacts' conversations.
struct Searched {
    company_id: Uuid,
    count: usize,
    chats: usize,
}

/// The search benchmark's messages on a new simulator channel, written in multi-row batches
/// (several at once) and folded as the server folds them; the older the lower the index, one a
/// second. With `servers`, the batches are written and folded one after the other, in time order,
/// and the first cycle of each conversation is served by them in turn.
async fn searched_messages(
    store: &dyn Store,
    searched: &Searched,
    writers: usize,
    servers: &[Uuid],
) -> anyhow::Result<Uuid> {
    let channel = simulator_channel(store, searched.company_id, "Bench search").await?;
    let first = Timestamp::now() - SignedDuration::from_secs(i64::try_from(searched.count)?);
    let batches: Vec<Vec<usize>> =
        (0..searched.count).collect::<Vec<_>>().chunks(1_000).map(<[usize]>::to_vec).collect();
    let messages_of = |batch: &[usize]| -> Vec<(Uuid, ChannelMessage)> {
        batch.iter().map(|&n| (searched.company_id, searched_message(channel.id, searched.chats, first, n))).collect()
    };
    if servers.is_empty() {
        stream::iter(batches)
            .map(|batch| {
                let messages = messages_of(&batch);
                async move { store.insert_inbound_messages(&messages).await.map(drop) }
            })
            .buffer_unordered(writers)
            .try_collect::<()>()
            .await?;
        while !store.fold_received_messages(1_000, Timestamp::now()).await?.messages.is_empty() {}
        return Ok(channel.id);
    }
    for batch in batches {
        let messages = messages_of(&batch);
        store.insert_inbound_messages(&messages).await?;
        let folded_at = messages.last().map_or(first, |(_, message)| message.sent_at) + SignedDuration::from_secs(1);
        while !store.fold_received_messages(1_000, folded_at).await?.messages.is_empty() {}
        stream::iter(batch.into_iter().filter(|&n| n < searched.chats))
            .map(|n| async move {
                let chat = chat_of(n, searched.chats);
                let attendant = servers[n % servers.len()];
                let served = Served {
                    company_id: searched.company_id,
                    channel_id: channel.id,
                    chat: &chat,
                    attendant,
                    started: folded_at,
                };
                service::serve(store, served).await
            })
            .buffer_unordered(writers)
            .try_collect::<()>()
            .await?;
    }
    Ok(channel.id)
}

/// The chat of the `n`th message of the search benchmark.
fn chat_of(n: usize, chats: usize) -> String {
    format!("+55119{:08}", n % chats)
}

/// The `n`th message of the search benchmark, sent `n` seconds after `first`.
fn searched_message(channel_id: Uuid, chats: usize, first: Timestamp, n: usize) -> ChannelMessage {
    let at = first + SignedDuration::from_secs(i64::try_from(n).unwrap_or_default());
    let chat = chat_of(n, chats);
    // Each chat hears from its customer and answers, in turns of `chats` messages.
    let (direction, status, sender) = if (n / chats).is_multiple_of(2) {
        (MessageDirection::Inbound, DeliveryStatus::Received, chat.clone())
    } else {
        (MessageDirection::Outbound, DeliveryStatus::Sent, "+5511900000000".to_owned())
    };
    ChannelMessage {
        id: Uuid::now_v7(),
        channel_id,
        external_id: format!("wamid.SEARCH{n:08}"),
        direction,
        chat_id: chat,
        sender,
        content: MessageContent::text(searched_text(n)),
        reactions: Vec::new(),
        status,
        error: None,
        sent_at: at,
        created_at: at,
    }
}

/// `count` attendants besides the first `existing`, who serve the report benchmark's conversations.
async fn serving_attendants(
    store: &dyn Store,
    company_id: Uuid,
    existing: usize,
    count: usize,
    password_hash: &str,
) -> anyhow::Result<Vec<Uuid>> {
    let mut ids = Vec::with_capacity(count);
    for index in existing..existing + count {
        ids.push(create_attendant(store, company_id, index, password_hash).await?);
    }
    Ok(ids)
}

/// The `index`th attendant, created as `POST /users` creates one; answers their id.
async fn create_attendant(
    store: &dyn Store,
    company_id: Uuid,
    index: usize,
    password_hash: &str,
) -> anyhow::Result<Uuid> {
    let user = attendant(company_id, index);
    let summary = json!({ "after": { "id": user.id, "email": user.email } });
    let audit = entry_for(company_id, Actor::SYSTEM, "user.created", "user", Some(user.id), summary);
    store.create_user(&user, password_hash, &audit).await?;
    Ok(user.id)
}
