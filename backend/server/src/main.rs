//! The `blocopro` binary: parses the CLI and the settings (options or `BLOCOPRO_*` variables),
//! installs logging, and hands over to `blocopro_api` and `blocopro_app`.

mod backup;
mod settings;
mod spa;

use blocopro_api::Application;
use blocopro_api::telemetry::{LogFormat, log_layer};
use blocopro_app::companies::{self, NewAccount};
use blocopro_app::{demo, open_store};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "blocopro", version, about = "BlocoPro: WhatsApp customer service for companies")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    settings: settings::Settings,
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
    /// Copy the live installation (a SQLite database, the data directory's secrets and QR
    /// channels' device stores, the media directory) into one archive file; the server may run.
    Backup {
        /// The archive to write (written under a temporary name, renamed when complete).
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Check a backup and put it back into an empty or absent data directory; stop the server first.
    Restore {
        /// The archive `blocopro backup` wrote.
        #[arg(long)]
        from: std::path::PathBuf,
        /// Replace what the data directory (and the database and media directory) hold.
        #[arg(long)]
        force: bool,
    },
}

fn install_tracing(settings: &settings::Settings) {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter = tracing_subscriber::EnvFilter::try_new(&settings.log).unwrap_or_else(|_| "info".into());
    let format = LogFormat::from_setting(Some(&settings.log_format));
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

fn main() -> anyhow::Result<()> {
    give_large_blocks_back_to_the_system();
    actix_web::rt::System::new().block_on(run(Cli::parse()))
}

/// glibc raises its mmap threshold to the largest block freed so far: after the first Argon2id hash
/// (19 MiB) every later one is carved from the heap arenas, which keep the memory for good (a
/// burst of logins left gigabytes behind). A fixed threshold keeps blocks of 128 KiB and more in
/// mappings of their own, given back the moment they are freed.
fn give_large_blocks_back_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: sets one allocator parameter, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(Command::Openapi) = cli.command {
        println!("{}", blocopro_api::openapi().to_pretty_json()?);
        return Ok(());
    }
    install_tracing(&cli.settings);
    match &cli.command {
        Some(Command::Backup { to }) => return run_backup(&cli.settings.locations()?, to).await,
        Some(Command::Restore { from, force }) => return run_restore(&cli.settings.locations()?, from, *force).await,
        _ => {}
    }
    let config = cli.settings.into_config()?;
    tracing::info!(?config, "configuration loaded");
    let store = open_store(&config.database_url).await?;
    match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => {
            if demo {
                let media = config.app.media.open().await?;
                demo::seed(store.as_ref(), media.as_ref(), &blocopro_api::views()).await?;
            }
            let simulator = config.app.simulator;
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
        Command::Openapi | Command::Backup { .. } | Command::Restore { .. } => unreachable!("handled above"),
    }
    Ok(())
}

async fn run_backup(locations: &settings::Locations, to: &std::path::Path) -> anyhow::Result<()> {
    let summary = backup::backup(locations, to).await?;
    println!(
        "backup written to {}: the database (schema {}) and {} more parts, {} bytes",
        to.display(),
        summary.schema_version,
        summary.parts - 1,
        summary.bytes
    );
    for secret in summary.secrets_elsewhere {
        println!("  not in the data directory, keep it with the backup: {secret} (its BLOCOPRO_* variable)");
    }
    if summary.media_elsewhere {
        println!("  the media are in S3 (BLOCOPRO_MEDIA_URL), not in this archive: back the bucket up beside it");
    }
    Ok(())
}

async fn run_restore(locations: &settings::Locations, from: &std::path::Path, force: bool) -> anyhow::Result<()> {
    let summary = backup::restore(locations, from, force).await?;
    println!(
        "restored {} ({} parts, schema {}, made {}) into {}",
        from.display(),
        summary.parts,
        summary.schema_version,
        summary.created_at,
        locations.data_dir.display()
    );
    Ok(())
}
