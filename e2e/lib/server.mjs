// Runs the real `blocopro` binary on a fresh SQLite database with the simulator, serving the built SPA.
import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "..", "..");

export const PASSWORD = "senha-forte-123";
export const OPERATOR = { email: "ops@e2e.blocopro.test", password: PASSWORD };
export const ADMIN = {
  email: "admin@padaria.test",
  password: PASSWORD,
  company: "Padaria Pão Quente",
};

async function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function waitUntilReady(base, process) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (process.exitCode !== null)
      throw new Error(`blocopro exited with ${process.exitCode}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error("blocopro was not ready after 30 s");
}

/** Starts a server with an operator and one company administrator, `env` added to its environment; `stop()` ends
 * it and removes its data. */
export async function startServer(extraEnv = {}) {
  const binary =
    process.env.BLOCOPRO_BIN ?? join(root, "target", "debug", "blocopro");
  const dataDir = await mkdtemp(join(tmpdir(), "blocopro-e2e-"));
  const port = await freePort();
  const env = {
    ...process.env,
    BLOCOPRO_DATA_DIR: dataDir,
    BLOCOPRO_DATABASE_URL: `sqlite://${join(dataDir, "blocopro.db")}`,
    BLOCOPRO_BIND: `127.0.0.1:${port}`,
    BLOCOPRO_SIMULATOR: "1",
    BLOCOPRO_SPA_DIR: join(root, "frontend", "dist"),
    BLOCOPRO_LOG: "warn",
    ...extraEnv,
  };
  await run(
    binary,
    [
      "create-operator",
      "--email",
      OPERATOR.email,
      "--password",
      OPERATOR.password,
    ],
    { env },
  );
  await run(
    binary,
    [
      "create-admin",
      "--company",
      ADMIN.company,
      "--email",
      ADMIN.email,
      "--password",
      ADMIN.password,
    ],
    { env },
  );
  const server = spawn(binary, ["serve"], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitUntilReady(base, server);
  return {
    base,
    async stop() {
      server.kill("SIGTERM");
      await new Promise((done) => server.once("exit", done));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
