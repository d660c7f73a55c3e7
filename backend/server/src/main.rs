//! The `blocopro` binary: parses the CLI, loads the configuration from the environment,
//! installs logging, and hands over to `blocopro_api`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use blocopro_api::config::AuthRateLimit;
use blocopro_api::telemetry::{LogFormat, log_layer};
use blocopro_api::{Application, Config};
use blocopro_app::companies::{self, NewAccount};
use blocopro_app::{demo, open_store};
use clap::{Parser, Subcommand};
use secrecy::SecretString;

#[derive(Parser)]
#[command(name = "blocopro", version, about = "BlocoPro: WhatsApp customer service for companies")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (and the SPA when built). The default.
    Serve {
        /// Seed the demo company and print its logins.
        #[arg(long)]
        demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Create a platform operator.
    CreateOperator {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        #[arg(long, default_value = "Operador")]
        name: String,
    },
    /// Create a company and its first administrator.
    CreateAdmin {
        #[arg(long)]
        company: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        #[arg(long, default_value = "Administrador")]
        name: String,
    },
    /// Print the OpenAPI document.
    Openapi,
}

fn env_or(name: &str, default: impl FnOnce() -> String) -> String {
    std::env::var(name).ok().filter(|value| !value.is_empty()).unwrap_or_else(default)
}

/// Reads the secret in `variable`, or one generated once and kept in the data directory as `file`.
fn persisted_secret(data_dir: &Path, variable: &str, file: &str) -> anyhow::Result<SecretString> {
    if let Ok(secret) = std::env::var(variable) {
        anyhow::ensure!(secret.len() >= 32, "{variable} must have at least 32 characters");
        return Ok(SecretString::from(secret));
    }
    let path = data_dir.join(file);
    if let Ok(secret) = std::fs::read_to_string(&path) {
        return Ok(SecretString::from(secret.trim().to_owned()));
    }
    let (secret, _) = blocopro_app::secrets::random_token("");
    write_private(&path, &secret).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(SecretString::from(secret))
}

fn env_flag(name: &str) -> anyhow::Result<bool> {
    match std::env::var(name).unwrap_or_default().as_str() {
        "" | "0" | "false" => Ok(false),
        "1" | "true" => Ok(true),
        other => anyhow::bail!("{name} must be 1 or 0, not `{other}`"),
    }
}

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => {
            value.parse().map_err(|_| anyhow::anyhow!("{name} must be a whole number, not `{value}`"))
        }
        _ => Ok(default),
    }
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    options.open(path)?.write_all(contents.as_bytes())
}

fn load_config() -> anyhow::Result<Config> {
    let data_dir = PathBuf::from(env_or("BLOCOPRO_DATA_DIR", || "./data".into()));
    std::fs::create_dir_all(&data_dir)
        .with_context(|| format!("BLOCOPRO_DATA_DIR {} cannot be created", data_dir.display()))?;
    let database_url =
        env_or("BLOCOPRO_DATABASE_URL", || format!("sqlite://{}", data_dir.join("blocopro.db").display()));
    let body_limit = env_number("BLOCOPRO_BODY_LIMIT", Config::DEFAULT_BODY_LIMIT)?;
    let default_rate = AuthRateLimit::default();
    let auth_rate_limit = AuthRateLimit {
        per_minute: env_number("BLOCOPRO_AUTH_RATE_PER_MINUTE", default_rate.per_minute)?,
        burst: env_number("BLOCOPRO_AUTH_RATE_BURST", default_rate.burst)?,
    };
    Ok(Config {
        bind: env_or("BLOCOPRO_BIND", || "127.0.0.1:8080".into()),
        database_url,
        jwt_secret: persisted_secret(&data_dir, "BLOCOPRO_JWT_SECRET", "jwt_secret")?,
        encryption_key: persisted_secret(&data_dir, "BLOCOPRO_ENCRYPTION_KEY", "encryption_key")?,
        simulator: env_flag("BLOCOPRO_SIMULATOR")?,
        cloud_api_base_url: env_or("BLOCOPRO_CLOUD_API_BASE_URL", || {
            blocopro_connectors::cloud_api::GRAPH_API_BASE_URL.into()
        }),
        whatsapp_device_dir: data_dir.join("whatsapp"),
        spa_dir: Some(PathBuf::from(env_or("BLOCOPRO_SPA_DIR", || "./frontend/dist".into()))),
        body_limit,
        auth_rate_limit,
        trust_forwarded_for: env_flag("BLOCOPRO_TRUST_FORWARDED_FOR")?,
        webhooks: Default::default(),
    })
}

fn install_tracing() {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter = tracing_subscriber::EnvFilter::try_from_env("BLOCOPRO_LOG").unwrap_or_else(|_| "info".into());
    let format = LogFormat::from_setting(std::env::var("BLOCOPRO_LOG_FORMAT").ok().as_deref());
    tracing_subscriber::registry().with(filter).with(log_layer(format, std::io::stdout)).init();
}

fn print_demo_logins(port: u16, simulator: bool) {
    println!("\nBlocoPro demo em http://127.0.0.1:{port}  (API docs: /api/docs)");
    for (role, _, email) in demo::DEMO_LOGINS {
        println!("  {role:<24} {email:<28} senha: {}", demo::DEMO_PASSWORD);
    }
    if simulator {
        println!("  canal \"WhatsApp (simulador)\": conecte e escaneie o QR Code pelo simulador (veja o README)");
    }
    println!();
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Some(Command::Openapi) = cli.command {
        println!("{}", blocopro_api::openapi().to_pretty_json()?);
        return Ok(());
    }
    install_tracing();
    let config = load_config()?;
    tracing::info!(?config, "configuration loaded");
    let store = open_store(&config.database_url).await?;
    match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => {
            if demo {
                demo::seed(store.as_ref(), &blocopro_api::views()).await?;
            }
            let simulator = config.simulator;
            let application = Application::build_with_store(config, store).await?;
            tracing::info!(port = application.port(), "listening");
            if demo {
                print_demo_logins(application.port(), simulator);
            }
            application.run_until_stopped().await?;
        }
        Command::Migrate => println!("migrations applied"),
        Command::CreateOperator { email, password, name } => {
            companies::create_operator(store.as_ref(), &name, &email, password).await?;
            println!("operator {email} created");
        }
        Command::CreateAdmin { company, email, password, name } => {
            let actor = blocopro_api::Actor::SYSTEM;
            let created =
                companies::register_company(store.as_ref(), actor, &company, None, Default::default()).await?;
            let account = NewAccount { name, email: email.clone(), password };
            let (views, role) = (blocopro_api::views(), blocopro_api::Role::Administrator);
            companies::register_with_role(store.as_ref(), &views, actor, created.id, account, role).await?;
            println!("company {company} ({}) created with administrator {email}", created.id);
        }
        Command::Openapi => unreachable!("handled above"),
    }
    Ok(())
}
