#!/usr/bin/env python3
"""API fuzzing: schemathesis against the OpenAPI document a running `blocopro` serves.

For each database (a fresh SQLite file, a fresh PostgreSQL database) this starts the debug
binary with the demo company (`serve --demo`) and the simulator, adds a little data of every
kind through the API, logs in as the demo administrator and as the platform operator, and runs
schemathesis over every operation of `/api/openapi.json` deterministically. Any failed check, any
5xx, a server that dies or a panic in its log fails the run.

The whole run happens in a network namespace of its own (`unshare --net`, loopback only): the
fuzzer registers outgoing webhooks and channels with made-up addresses, and the server must not
reach any of them. PostgreSQL is reached through its Unix socket, which needs no network, and the
WhatsApp Cloud API is a small local stand-in (`GraphStandIn`) so that connecting a Cloud API
channel succeeds as it would against Meta.

Profiles: `fast` (part of `make test`, a few minutes for both databases on 2 cores) and `long`
(`make verify`). Usage: run.py --binary target/debug/blocopro --profile fast --database both
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FUZZ_DIR = Path(__file__).resolve().parent
ROOT = FUZZ_DIR.parent.parent
ISOLATED_MARK = "BLOCOPRO_FUZZ_ISOLATED"
JWT_SECRET = "fuzz-secret-fuzz-secret-fuzz-secret-0123"
ENCRYPTION_KEY = "fuzz-key-fuzz-key-fuzz-key-fuzz-key-0123"
# The demo seed (backend/api/src/demo.rs).
DEMO_PASSWORD = "demo12345"
ADMIN_EMAIL = "admin@demo.blocopro.demo"
OPERATOR_EMAIL = "operador@blocopro.demo"
ATTENDANT_EMAIL = "bruno@demo.blocopro.demo"


@dataclass(frozen=True)
class Profile:
    # Test cases per operation in the fuzzing phase (the examples and coverage phases make
    # their own, bounded by the schema).
    max_examples: int
    # Calls in one stateful scenario (chains of operations through the ids responses return).
    stateful_max_steps: int


PROFILES = {
    "fast": Profile(max_examples=10, stateful_max_steps=10),
    "long": Profile(max_examples=150, stateful_max_steps=50),
}
HTTP_METHODS = {"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}

# Every check schemathesis has, each kept for a reason; the ones left out say why.
CHECKS = [
    "not_a_server_error",  # no 5xx, whatever is sent
    "status_code_conformance",  # every status the server answers is documented
    "content_type_conformance",  # ... with the documented media type (problem+json for errors)
    "response_headers_conformance",  # ... and the documented headers
    "response_schema_conformance",  # ... and a body that matches the documented schema
    "negative_data_rejection",  # what the schema forbids is refused with a 4xx
    "missing_required_header",  # a missing required header is a 4xx
    "unsupported_method",  # a method the path does not have answers 405
    "allow_header_conformance",  # ... with an Allow header naming the ones it has
    "use_after_free",  # a deleted resource is gone for every operation
    "ensure_resource_availability",  # a created resource can be read at once
    "ignored_auth",  # an operation that needs a token refuses a request without one
    # Left out:
    # - positive_data_acceptance: it expects every schema-valid request to succeed, but many
    #   rules cannot be said in JSON Schema: references to ids that must exist in the company
    #   (department_ids, owner_id, …: 422), e-mail and phone uniqueness (409), fields that depend
    #   on each other (Cloud API credentials only for Cloud API channels, `ends_at` after
    #   `starts_at`), state (connect a channel that is not pairing: 409). The documented 4xx
    #   answers to those are checked by status_code_conformance and response_schema_conformance.
    # - object_level_authorization: needs two users' credentials in one run; tenant isolation
    #   is proven by its own test (issue 8, part 2) for every operation.
]

# Skipped, each for a reason (everything else in the document runs):
EXCLUDED_PATHS = {
    # `GET` only, a WebSocket upgrade: schemathesis speaks plain HTTP, so every request would be
    # a refused upgrade. The socket has its own tests (backend/api/tests/api/realtime.rs).
    "/api/v1/realtime",
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolate_network():
    """Re-runs this script in a new network namespace with only the loopback interface."""
    if os.environ.get(ISOLATED_MARK) == "1":
        return
    if not shutil.which("unshare") or not shutil.which("ip"):
        sys.exit("fuzz: `unshare` (util-linux) and `ip` (iproute2) are needed to cut the server off the network")
    command = ["unshare", "--net", "--", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", sys.executable, *sys.argv]
    os.execvpe("unshare", command, dict(os.environ, **{ISOLATED_MARK: "1"}))


class GraphStandIn(BaseHTTPRequestHandler):
    """The two Graph API calls a Cloud API channel makes: read the number, send a message."""

    def do_GET(self):
        self.answer({"display_phone_number": "+55 11 4000-0000", "verified_name": "Fuzz", "id": "1"})

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.answer({"messaging_product": "whatsapp", "messages": [{"id": f"wamid.fuzz{time.monotonic_ns()}"}]})

    def answer(self, body):
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *_):
        pass


@contextmanager
def graph_stand_in():
    server = ThreadingHTTPServer(("127.0.0.1", 0), GraphStandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@contextmanager
def database(kind, data_dir, socket_dir):
    if kind == "sqlite":
        yield f"sqlite://{data_dir}/blocopro.db"
        return
    name = f"blocopro_fuzz_{os.getpid()}"
    psql = ["psql", "-h", socket_dir, "-U", "postgres", "-d", "postgres", "-qc"]
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True)
    try:
        yield f"postgres://postgres@localhost/{name}?host={socket_dir}"
    finally:
        subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)


def call(base_url, method, path, body=None, token=None):
    request = urllib.request.Request(
        f"{base_url}{path}", method=method, data=None if body is None else json.dumps(body).encode()
    )
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{method} {path}: {error.code} {error.read().decode(errors='replace')}") from None
    return json.loads(text) if text else None


@contextmanager
def server(binary, data_dir, database_url, graph_url, log_path):
    """`blocopro serve --demo` with the simulator; yields the base URL."""
    port = free_port()
    env = dict(
        os.environ,
        BLOCOPRO_DATA_DIR=str(data_dir),
        BLOCOPRO_DATABASE_URL=database_url,
        BLOCOPRO_BIND=f"127.0.0.1:{port}",
        BLOCOPRO_JWT_SECRET=JWT_SECRET,
        BLOCOPRO_ENCRYPTION_KEY=ENCRYPTION_KEY,
        BLOCOPRO_SIMULATOR="1",
        BLOCOPRO_CLOUD_API_BASE_URL=graph_url,
        # The fuzzer calls the sign-in endpoints hundreds of times from one address; the limiter
        # (and its documented 429) has its own tests, here it would only starve the other cases.
        BLOCOPRO_AUTH_RATE_PER_MINUTE="0",
        BLOCOPRO_LOG="warn",
        BLOCOPRO_SPA_DIR=str(data_dir / "no-spa"),
    )
    base_url = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        process = subprocess.Popen([binary, "serve", "--demo"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"blocopro exited with {process.returncode}; see {log_path}")
            try:
                with urllib.request.urlopen(f"{base_url}/readyz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("blocopro was not ready after 60 s")
            time.sleep(0.1)
        yield base_url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Session:
    admin_id: str
    company_id: str
    # Ids of what the seed made, by kind: half of the generated `{id}`s of the operations on
    # that kind are one of these (the other half are random, which tests the 404 path).
    ids: dict


def seed_data(base_url, graph_url):
    """Logs in and adds one of everything, so that lists are not empty and ids exist to follow."""
    login = call(base_url, "POST", "/api/v1/auth/login", {"email": ADMIN_EMAIL, "password": DEMO_PASSWORD})
    admin = login["access_token"]

    def api(method, path, body=None):
        return call(base_url, method, f"/api/v1{path}", body, admin)

    me = api("GET", "/me")
    channel = api("GET", "/channels")["items"][0]["id"]
    api("POST", f"/channels/{channel}/connect", {})
    api("POST", f"/simulator/channels/{channel}/scan")
    # The scan connects the channel a moment later; a pre-import needs it connected.
    wait_until(lambda: api("GET", f"/channels/{channel}"), lambda found: found["status"] == "connected", "connected")
    api("POST", f"/simulator/channels/{channel}/groups", {"count": 3, "participants_per_group": 4})
    api("POST", f"/simulator/channels/{channel}/inbound", {"from": "+5511988887777", "text": "Olá, bom dia"})
    job = api("POST", f"/channels/{channel}/group-imports")["id"]
    candidates = wait_until_ready(lambda: api("GET", f"/group-imports/{job}"))["candidates"]
    api("POST", f"/group-imports/{job}/import", {"external_ids": [candidates[0]["external_id"]]})
    api("POST", "/webhooks", {"url": f"{graph_url}/hooks", "events": ["message.created"]})
    api("POST", "/api-tokens", {"name": "ERP", "permissions": ["contacts.manage"]})
    ids = {
        "channels": [channel],
        "group_imports": [job],
        "groups": [group["id"] for group in api("GET", "/groups")["items"]],
        "conversations": [conversation["id"] for conversation in api("GET", "/conversations")["items"]],
        "departments": [api("POST", "/departments", {"name": "Suporte"})["id"]],
        "contacts": [api("POST", "/contacts", {"name": "Dora Souza", "phone": "+5511977776666"})["id"]],
        "agenda/events": [
            api(
                "POST",
                "/agenda/events",
                {"title": "Retornar à Dora", "starts_at": "2030-01-02T13:00:00Z", "ends_at": "2030-01-02T13:30:00Z"},
            )["id"]
        ],
    }
    return Session(me["user"]["id"], me["company"]["id"], ids)


def wait_until(read, done, what):
    """`read()` again until `done` holds for what it answers (30 s at most)."""
    deadline = time.monotonic() + 30
    while not done(found := read()):
        if time.monotonic() > deadline:
            raise RuntimeError(f"not {what} after 30 s: {found.get('status')}")
        time.sleep(0.1)
    return found


def wait_until_ready(read):
    return wait_until(read, lambda job: job["status"] in ("ready", "failed"), "a finished pre-import")


def id_dictionaries(ids):
    """Config binding half of the `{id}`s of each kind's operations to the seeded ids."""
    text = ""
    for kind, values in ids.items():
        name = kind.replace("/", "_")
        listed = ", ".join(f'"{value}"' for value in values)
        prefix = "(simulator/)?" if kind == "channels" else ""
        text += f"""
[dictionaries.{name}]
values = [{listed}]

[[operations]]
include-path-regex = '^/api/v1/{prefix}{kind}/\\{{id\\}}'
parameters = {{ "path.id" = {{ dictionary = "{name}", probability = 0.5 }} }}
"""
    return text


def write_config(path, profile, session):
    """The run's schemathesis.toml: what the command line cannot say."""
    path.write_text(
        f"""# Written by tools/fuzz/run.py for one run.
request-timeout = 30

[generation]
database = "none"

[phases.coverage.extra-data-sources]
responses = true

[phases.fuzzing.extra-data-sources]
responses = true

[phases.stateful]
max-steps = {profile.stateful_max_steps}

# Half of the logins use a demo attendant's real e-mail and password, so that the success answer
# is checked too (not the administrator's: failed attempts lock the account for a while).
[dictionaries.emails]
values = ["{ATTENDANT_EMAIL}"]

[dictionaries.passwords]
values = ["{DEMO_PASSWORD}"]

[[operations]]
include-path = "/api/v1/auth/login"
parameters = {{ "body.email" = {{ dictionary = "emails", probability = 0.5 }}, "body.password" = {{ dictionary = "passwords", probability = 0.5 }} }}
"""
        + id_dictionaries(session.ids)
    )


def run_schemathesis(base_url, profile, session, report_dir):
    """Runs schemathesis; answers its exit code."""
    config = report_dir / "schemathesis.toml"
    write_config(config, profile, session)
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--config-file", str(config),
        "run", f"{base_url}/api/openapi.json",
        "--checks", ",".join(CHECKS),
        "--max-examples", str(profile.max_examples),
        # Reproducible: every case follows from the document alone (no random seed, no example
        # database carried between runs), so CI and a developer see the same cases.
        "--generation-deterministic",
        "--workers", "1",
        "--report", "ndjson,junit",
        "--report-dir", str(report_dir),
        "--no-color",
    ]
    for path in sorted(EXCLUDED_PATHS):
        command += ["--exclude-path", path]
    env = dict(
        os.environ,
        FUZZ_BASE_URL=base_url,
        FUZZ_PASSWORD=DEMO_PASSWORD,
        FUZZ_ADMIN_EMAIL=ADMIN_EMAIL,
        FUZZ_OPERATOR_EMAIL=OPERATOR_EMAIL,
        FUZZ_ADMIN_ID=session.admin_id,
        FUZZ_COMPANY_ID=session.company_id,
        SCHEMATHESIS_HOOKS="hooks",
        PYTHONPATH=str(FUZZ_DIR),
    )
    return subprocess.run(command, env=env, cwd=report_dir).returncode


def fuzz_one(binary, kind, profile, scratch, args):
    """One database: fresh server, seed, schemathesis; answers what the summary needs."""
    run_dir = scratch / kind
    data_dir = run_dir / "data"
    data_dir.mkdir(parents=True)
    log_path = run_dir / "server.log"
    print(f"\n=== fuzz: {kind}, profile {args.profile} ===", flush=True)
    started = time.monotonic()
    with graph_stand_in() as graph_url, database(kind, data_dir, args.postgres_socket_dir) as url:
        with server(binary, data_dir, url, graph_url, log_path) as (base_url, process):
            session = seed_data(base_url, graph_url)
            exit_code = run_schemathesis(base_url, profile, session, run_dir)
            still_running = process.poll() is None
    counts = read_report(run_dir)
    panics = [line for line in log_path.read_text(errors="replace").splitlines() if "panicked" in line]
    for line in panics:
        print(f"server panic: {line}")
    return dict(
        kind=kind,
        seconds=time.monotonic() - started,
        ok=exit_code == 0 and still_running and not panics,
        exit_code=exit_code,
        server_survived=still_running,
        panics=len(panics),
        **counts,
    )


def read_report(run_dir):
    """Operations tested, test cases sent, checks made and failed, from schemathesis's NDJSON events."""
    operations, cases, checks, failures = set(), 0, 0, 0
    for path in run_dir.glob("*.ndjson"):
        for line in path.read_text().splitlines():
            recorder = (json.loads(line).get("ScenarioFinished") or {}).get("recorder") or {}
            if "cases" not in recorder:
                continue  # a skipped scenario (e.g. an operation without examples)
            if recorder["label"].split(" ", 1)[0] in HTTP_METHODS:
                operations.add(recorder["label"])
            cases += len(recorder["cases"])
            for results in recorder.get("checks", {}).values():
                checks += len(results)
                failures += sum(1 for result in results if result.get("status") == "failure")
    return dict(operations=len(operations), cases=cases, checks=checks, failures=failures)


def print_summary(profile, results):
    print(f"\nfuzz summary (profile {profile}, deterministic):")
    for result in results:
        verdict = "ok" if result["ok"] else "FAILED"
        print(
            f"  {result['kind']:<8} {verdict:<6} operations {result['operations']}, test cases {result['cases']}, "
            f"checks {result['checks']} ({result['failures']} failed), schemathesis exit {result['exit_code']}, "
            f"server {'up' if result['server_survived'] else 'DIED'}, panics {result['panics']}, "
            f"{result['seconds']:.0f} s"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.environ.get("BLOCOPRO_BIN", str(ROOT / "target/debug/blocopro")))
    parser.add_argument("--profile", choices=sorted(PROFILES), default="fast")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-socket-dir", default=os.environ.get("BLOCOPRO_FUZZ_PG_SOCKET", "/var/run/postgresql"))
    parser.add_argument("--keep", help="keep reports and server logs in this directory")
    args = parser.parse_args()
    isolate_network()
    binary = str(Path(args.binary).resolve())
    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    results = []
    with tempfile.TemporaryDirectory(prefix="blocopro-fuzz-") as scratch:
        for kind in kinds:
            results.append(fuzz_one(binary, kind, PROFILES[args.profile], Path(scratch), args))
        if args.keep:
            shutil.copytree(scratch, args.keep, dirs_exist_ok=True)
    print_summary(args.profile, results)
    sys.exit(0 if all(result["ok"] for result in results) else 1)


if __name__ == "__main__":
    main()
