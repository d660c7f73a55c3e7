//! The demo data `make run` starts with: a platform operator and a company "Demo" with an
//! administrator and two attendants. Idempotent: an existing "Demo" company is left alone.

use blocopro_domain::Timestamp;
use blocopro_domain::audit::Actor;
use blocopro_domain::channel::{Channel, ChannelKind, ChannelStatus};
use blocopro_domain::company::CompanyFeatures;
use blocopro_domain::permissions::Role;
use blocopro_store::{Operator, Store};
use serde_json::json;
use uuid::Uuid;

use crate::audit::entry_for;
use crate::companies::{NewAccount, register_company, register_with_role};
use crate::secrets::hash_password;
use crate::{AppResult, Views};

pub const DEMO_PASSWORD: &str = "demo12345";

/// (role label, name, e-mail) of every demo login; all share `DEMO_PASSWORD`.
pub const DEMO_LOGINS: &[(&str, &str, &str)] = &[
    ("operador da plataforma", "Operador", "operador@blocopro.demo"),
    ("administrador", "Alice Admin", "admin@demo.blocopro.demo"),
    ("atendente", "Bruno Atendente", "bruno@demo.blocopro.demo"),
    ("atendente", "Carla Atendente", "carla@demo.blocopro.demo"),
];

/// Seeds the demo once; returns whether anything was created.
pub async fn seed(store: &dyn Store, views: &Views) -> AppResult<bool> {
    if store.find_company_by_name("Demo").await?.is_some() {
        return Ok(false);
    }
    let (_, operator_name, operator_email) = DEMO_LOGINS[0];
    if store.find_operator_login(operator_email).await?.is_none() {
        let operator = Operator {
            id: Uuid::now_v7(),
            email: operator_email.into(),
            name: operator_name.into(),
            created_at: Timestamp::now(),
        };
        store.create_operator(&operator, &hash_password(DEMO_PASSWORD.into()).await?).await?;
    }
    let features = CompanyFeatures { whatsapp_groups: true };
    let company = register_company(store, Actor::SYSTEM, "Demo", None, features).await?;
    let channel = simulator_channel(store, company.id, "WhatsApp (simulador)").await?;
    for (index, (_, name, email)) in DEMO_LOGINS.iter().enumerate().skip(1) {
        let role = if index == 1 { Role::Administrator } else { Role::Attendant };
        let account = NewAccount { name: (*name).into(), email: (*email).into(), password: DEMO_PASSWORD.into() };
        let user = register_with_role(store, views, Actor::SYSTEM, company.id, account, role).await?;
        if role == Role::Attendant {
            let audit = entry_for(company.id, Actor::SYSTEM, "user.channels_set", "user", Some(user.id), json!({}));
            store.set_user_channels(company.id, user.id, &[channel.id], &audit).await?;
        }
    }
    Ok(true)
}

/// A simulator channel, ready to pair from Configurações › Canais (or `POST /channels/{id}/connect`).
pub async fn simulator_channel(store: &dyn Store, company_id: Uuid, name: &str) -> AppResult<Channel> {
    let now = Timestamp::now();
    let channel = Channel {
        id: Uuid::now_v7(),
        company_id,
        name: name.into(),
        kind: ChannelKind::Simulator,
        status: ChannelStatus::Disconnected,
        phone_number: None,
        cloud: None,
        status_changed_at: now,
        created_at: now,
        updated_at: now,
    };
    let audit = entry_for(company_id, Actor::SYSTEM, "channel.created", "channel", Some(channel.id), json!({}));
    store.create_channel(&channel, None, &audit).await?;
    Ok(channel)
}
