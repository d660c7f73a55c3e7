//! The `blocopro` process under test: started on a fixed port (Meta posts to one URL), killed
//! with SIGKILL, started again on the same data.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// Longest wait for `/readyz` after a start (migrations included).
const READY_WITHIN: Duration = Duration::from_secs(60);
const JWT_SECRET: &str = "crash-check-secret-crash-check-secret-0123";
const ENCRYPTION_KEY: &str = "crash-check-encryption-key-crash-check-01";

pub struct Server {
    binary: PathBuf,
    env: Vec<(&'static str, String)>,
    log: PathBuf,
    child: Option<Child>,
    pub base_url: String,
    pub starts: u32,
}

impl Server {
    /// A server on `database_url` whose data directory (and log, `server.log`) is `data_dir`, with
    /// the Graph API at `graph_url`; not started yet.
    pub fn new(binary: &Path, data_dir: &Path, database_url: &str, graph_url: &str) -> anyhow::Result<Self> {
        let port = free_port()?;
        let env = vec![
            ("BLOCOPRO_DATA_DIR", data_dir.display().to_string()),
            ("BLOCOPRO_DATABASE_URL", database_url.to_owned()),
            ("BLOCOPRO_BIND", format!("127.0.0.1:{port}")),
            ("BLOCOPRO_JWT_SECRET", JWT_SECRET.to_owned()),
            ("BLOCOPRO_ENCRYPTION_KEY", ENCRYPTION_KEY.to_owned()),
            ("BLOCOPRO_CLOUD_API_BASE_URL", graph_url.to_owned()),
            ("BLOCOPRO_LOG", std::env::var("CRASH_CHECK_SERVER_LOG").unwrap_or_else(|_| "warn".into())),
        ];
        Ok(Self {
            binary: binary.to_owned(),
            env,
            log: data_dir.join("server.log"),
            child: None,
            base_url: format!("http://127.0.0.1:{port}"),
            starts: 0,
        })
    }

    fn command(&self) -> Command {
        let mut command = Command::new(&self.binary);
        command.envs(self.env.iter().map(|(name, value)| (name, value)));
        command
    }

    /// Runs `blocopro create-admin` on the server's database (migrations included).
    pub fn create_admin(&self, company: &str, email: &str, password: &str) -> anyhow::Result<()> {
        let output = self
            .command()
            .args(["create-admin", "--company", company, "--email", email, "--password", password])
            .output()
            .context("running blocopro create-admin")?;
        if !output.status.success() {
            bail!("create-admin failed: {}", String::from_utf8_lossy(&output.stderr));
        }
        Ok(())
    }

    /// Starts the server and waits until `/readyz` answers 200.
    pub async fn start(&mut self) -> anyhow::Result<()> {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log)?;
        let child = self
            .command()
            .arg("serve")
            .stdout(log.try_clone()?)
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .context("starting blocopro")?;
        self.child = Some(child);
        self.starts += 1;
        self.wait_until_ready().await
    }

    async fn wait_until_ready(&mut self) -> anyhow::Result<()> {
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            let ready = client.get(format!("{}/readyz", self.base_url)).send().await;
            if ready.is_ok_and(|response| response.status().is_success()) {
                return Ok(());
            }
            if let Some(status) = self.child.as_mut().and_then(|child| child.try_wait().ok().flatten()) {
                bail!("blocopro exited with {status} before it was ready; see {}", self.log.display());
            }
            if started.elapsed() > READY_WITHIN {
                bail!("blocopro not ready after {READY_WITHIN:?}; see {}", self.log.display());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// SIGKILL: no shutdown hook runs, whatever was in memory is lost.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            // `Child::kill` sends SIGKILL on Unix; `wait` reaps it so the port is free again.
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
