//! `bench-seed`: fills a database with one company of many attendants for `make bench`.
//! Attendants go through the same store call as `POST /users` (audit entry included), but share one
//! password hash: hashing 10,000 Argon2id passwords would take minutes and measure nothing of interest.

use anyhow::Context;
use blocopro_api::auth::tokens::hash_password;
use blocopro_api::platform::{AdminRequest, register_company, register_with_role};
use blocopro_api::{Actor, Role, audit::entry_for, open_store};
use blocopro_domain::Timestamp;
use blocopro_domain::company::CompanyFeatures;
use blocopro_domain::user::{User, UserStatus, Visibility};
use clap::Parser;
use futures_util::{StreamExt, TryStreamExt, stream};
use uuid::Uuid;

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
}

const ADMIN_EMAIL: &str = "admin@bench.blocopro.test";
const CONCURRENT_INSERTS: usize = 8;

fn attendant(company_id: Uuid, index: usize) -> User {
    let now = Timestamp::now();
    User {
        id: Uuid::now_v7(),
        company_id,
        name: format!("Atendente {index:05}"),
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
    .map_err(|e| anyhow::anyhow!("{e}"))
    .context("the database must be empty")?;
    let admin = AdminRequest { name: "Bench Admin".into(), email: ADMIN_EMAIL.into(), password: args.password.clone() };
    register_with_role(store, Actor::SYSTEM, company.id, admin, Role::Administrator)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let password_hash = hash_password(args.password.clone()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    stream::iter(0..args.users)
        .map(|index| {
            let user = attendant(company.id, index);
            let summary = serde_json::json!({ "after": { "id": user.id, "email": user.email } });
            let audit = entry_for(company.id, Actor::SYSTEM, "user.created", "user", Some(user.id), summary);
            let password_hash = &password_hash;
            async move { store.create_user(&user, password_hash, &audit).await }
        })
        .buffer_unordered(CONCURRENT_INSERTS)
        .try_collect::<()>()
        .await?;
    // As after any bulk load: without statistics PostgreSQL plans the list as a full sort.
    store.refresh_statistics().await?;
    println!("{}", serde_json::json!({ "company_id": company.id, "email": ADMIN_EMAIL, "password": args.password }));
    Ok(())
}
