#!/usr/bin/env python3
"""BlocoPro benchmarks (`make bench`); standard library only, load from wrk.

1. Cold start: an empty SQLite file, migrations included, until /readyz answers 200.
2. For SQLite and PostgreSQL: a company with 10,000 attendants, the idle RSS of the server, then
   authenticated `GET /api/v1/users?limit=50` under wrk at 200 connections (and at 10).
3. For SQLite and PostgreSQL: 20,000 signed WhatsApp Cloud API webhook deliveries (one message each)
   posted by wrk at 64 connections, against the database's raw single-row insert rate (pgbench for
   PostgreSQL, a plain insert loop for SQLite).
4. For SQLite and PostgreSQL: a simulator channel in 1,000 groups of 100 participants; the time from
   `POST /channels/{id}/group-imports` to `ready`, and to import all 1,000 groups: on a brand-new
   database (never analysed, a company's first import) and on one holding 100,000 contacts.
5. For SQLite and PostgreSQL: realtime fan-out. 2,000 WebSockets of one company (bench-realtime, a
   Rust load client) while signed Cloud API deliveries arrive at 100 messages/s: the delay from
   posting the webhook to each socket's `message.created`.
6. For SQLite and PostgreSQL: `GET /conversations/{id}/messages?limit=50` of a conversation of
   100,000 messages under wrk.
7. For SQLite and PostgreSQL: realtime as the SPA uses it. 200 sockets, each a browser tab on Chat
   (a conversation list and an open thread) that fetches what the SPA fetches on each event, while
   100 messages/s arrive: the SPA before typed events (`refetch`: whole areas refreshed) and now
   (`patch`: event data patched into the caches). The server's requests/s and CPU per message.
8. For SQLite and PostgreSQL: a burst of logins (16 connections for 15 s, a shift starting): the
   server's RSS peak during it and 30 s after it, and the logins per second.
9. For SQLite and PostgreSQL: searches. 10,000 attendants and 100,000 contacts named like Brazilians
   (accents included); `GET /users?q=` and `GET /contacts?q=` for a person's name typed in capitals
   without accents, under wrk at 50 connections, beside the unfiltered lists on the same data.
10. The SPA's first load (bench/spa.mjs, Lighthouse in Debian's chromium, offline): the login page and the
   Chat of the demo company's administrator, mobile and desktop presets, each the median of a few cold loads:
   performance score, LCP, TBT and the JavaScript fetched before the first screen (gzip bytes).

11. For SQLite and PostgreSQL: 50 documents of 50 MiB uploaded at once (`POST /media`, streamed
   multipart): the server's RSS peak, which streaming keeps flat.
12. For SQLite and PostgreSQL: `GET /media/{id}` of a received 200 KB photo under wrk at 50
   connections, beside the same bytes served as a static file by the same process (the ceiling).
13. For SQLite and PostgreSQL: inbound photos. Signed Cloud API deliveries of image messages (posted by
   wrk as in 3.), whose 200 KB files the server downloads from a local Graph fake (a threaded
   http.server of the standard library): the images stored per second, from the first delivery until
   every message's file is `stored` (its SHA-256 checked against the one announced).
14. For SQLite and PostgreSQL: message search. 1,000,000 messages (received and sent) in 1,000
   conversations, each greeting a person about one of 30 subjects (bench/seed); `GET /messages/search`
   of a person and a subject (about 1 message in 600) and of one common word (`entrega`, with
   `entregam`: about 1 in 15) under wrk at 10 and 50 connections (target p99 < 100 ms).
15. For SQLite and PostgreSQL: reports. 1,000,000 messages in 100,000 conversations, the first cycle of each
   taken, answered and closed by one of 20 attendants (bench/seed); each report over the whole range, as the
   SPA asks for it, one request at a time: the first request and the median and slowest of the next ones
   (target < 1 s).

Figures go to bench/results/*.json.
"""

import argparse
import base64
import hashlib
import hmac
import json
import signal
import sqlite3
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from datetime import datetime, timezone
from http.client import HTTPConnection
from pathlib import Path

from report import write_report

BENCH_DIR = Path(__file__).resolve().parent
JWT_SECRET = "bench-secret-bench-secret-bench-secret-0123"
LIGHT_CONNECTIONS = 10


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(method, url, body=None, token=None, timeout=10):
    request = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, json.loads(response.read() or b"null")


def ready(base_url):
    try:
        return http("GET", f"{base_url}/readyz")[0] == 200
    except OSError:
        return False


def rss_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("no VmRSS")


@contextmanager
def server(binary, data_dir, database_url, serve_args=(), wrapper=(), start_seconds=30, stop_seconds=10, **extra_env):
    """Starts `blocopro serve` (under `wrapper`, a command and its arguments, e.g. valgrind's); yields
    (process, base_url, seconds until /readyz answered)."""
    port = free_port()
    env = dict(
        os.environ,
        **extra_env,
        BLOCOPRO_DATA_DIR=str(data_dir),
        BLOCOPRO_DATABASE_URL=database_url,
        BLOCOPRO_BIND=f"127.0.0.1:{port}",
        BLOCOPRO_JWT_SECRET=JWT_SECRET,
        BLOCOPRO_LOG=os.environ.get("BENCH_SERVER_LOG", "warn"),
    )
    base_url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen([*wrapper, binary, "serve", *serve_args], env=env,
                               stdout=open(os.environ.get("BENCH_SERVER_OUT", os.devnull), "w"))
    try:
        while not ready(base_url):
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
            if time.perf_counter() - started > start_seconds:
                raise RuntimeError(f"server not ready after {start_seconds} s")
            time.sleep(0.002)
        yield process, base_url, time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=stop_seconds)


def cold_start(binary, runs):
    seconds = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as data_dir:
            url = f"sqlite://{data_dir}/blocopro.db"
            with server(binary, data_dir, url) as (_, _, elapsed):
                seconds.append(elapsed)
    return {
        "runs": runs,
        "median_ms": round(statistics.median(seconds) * 1000, 1),
        "max_ms": round(max(seconds) * 1000, 1),
    }


@contextmanager
def database(backend, data_dir, postgres_admin_url):
    if backend == "sqlite":
        yield f"sqlite://{data_dir}/blocopro.db"
        return
    name = f"blocopro_bench_{os.getpid()}"
    subprocess.run(["psql", postgres_admin_url, "-qc", f"CREATE DATABASE {name}"], check=True)
    try:
        yield postgres_admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        subprocess.run(["psql", postgres_admin_url, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)


def wrk(url, token, connections, duration, threads, post_body=None, timeout="2s"):
    """Figures of a closed-loop load of GETs with `token` (or POSTs of `post_body`, without one); a
    request slower than `timeout` counts as a timeout error, not in the latencies."""
    authorization = ["-H", f"Authorization: Bearer {token}"] if token else []
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", f"--timeout={timeout}", "--latency",
        "-s", str(BENCH_DIR / "report.lua"), *authorization, url,
    ]
    environment = dict(os.environ, BENCH_POST_BODY=json.dumps(post_body)) if post_body else None
    output = subprocess.run(command, check=True, capture_output=True, text=True, env=environment).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    return json.loads(line[len("JSON "):])


def users_list(args, backend):
    with tempfile.TemporaryDirectory() as data_dir, database(backend, data_dir, args.postgres_admin_url) as url:
        seeding = time.perf_counter()
        seeded = json.loads(
            subprocess.run([args.seed, "--database-url", url, "--users", str(args.users)],
                           check=True, capture_output=True, text=True).stdout
        )
        seed_seconds = time.perf_counter() - seeding
        with server(args.binary, data_dir, url) as (process, base_url, _):
            token = login(base_url, seeded)
            target = f"{base_url}/api/v1/users?limit=50"
            status, first_page = http("GET", target, token=token)
            assert status == 200 and len(first_page["items"]) == 50, "the list must answer a full page"
            time.sleep(1)
            idle_rss = rss_mib(process.pid)
            wrk(target, token, args.connections, args.warmup, args.threads)
            load_average = os.getloadavg()[0]
            load = wrk(target, token, args.connections, args.duration, args.threads)
            # Closed-loop latency at 200 connections is mostly queueing; 10 connections show service time.
            light = wrk(target, token, LIGHT_CONNECTIONS, "10s", args.threads)
            return {
                "users": args.users + 1,
                "seed_seconds": round(seed_seconds, 1),
                "idle_rss_mib": idle_rss,
                "rss_after_load_mib": rss_mib(process.pid),
                "connections": args.connections,
                # The machine is shared: the 1-minute load average as the measured run began.
                "load_average_before": load_average,
                **load,
                "at_10_connections": {key: light[key] for key in ("requests_per_second", "latency_ms", "errors")},
            }


PHONE_NUMBER_ID = "106540352242922"
APP_SECRET = "bench-app-secret"


def deliveries_file(directory, count):
    """One `signature<TAB>body` line per delivery, each a distinct message, signed as Meta signs."""
    path = Path(directory) / "deliveries.txt"
    with path.open("w") as out:
        for n in range(count):
            message = {"from": f"55119{n % 100_000_000:08d}", "id": f"wamid.BENCH{n:08d}", "timestamp": "1764000000",
                       "type": "text", "text": {"body": f"Mensagem {n}"}}
            value = {"messaging_product": "whatsapp", "messages": [message],
                     "metadata": {"display_phone_number": "5511400001234", "phone_number_id": PHONE_NUMBER_ID}}
            body = json.dumps({"object": "whatsapp_business_account",
                               "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}]},
                              separators=(",", ":"))
            signature = "sha256=" + hmac.new(APP_SECRET.encode(), body.encode(), hashlib.sha256).hexdigest()
            out.write(f"{signature}\t{body}\n")
    return path


def count(backend, url, query):
    """The number a `SELECT count(*) …` answers on the benchmark's database."""
    if backend == "sqlite":
        with sqlite3.connect(url.removeprefix("sqlite://")) as connection:
            return connection.execute(query).fetchone()[0]
    return int(subprocess.run(["psql", url, "-Atc", query], check=True, capture_output=True, text=True).stdout)


def message_count(backend, url):
    return count(backend, url, "SELECT count(*) FROM messages")


def unfolded_count(backend, url):
    return count(backend, url, "SELECT count(*) FROM messages WHERE folded_at IS NULL AND direction = 'inbound'")


def raw_insert_rate(backend, url, connections, count):
    """Single-row inserts per second into a scratch table shaped like `messages`."""
    table = "CREATE TABLE bench_raw_inserts (id TEXT PRIMARY KEY, external_id TEXT UNIQUE, body TEXT, at BIGINT)"
    if backend == "sqlite":
        connection = sqlite3.connect(url.removeprefix("sqlite://"), isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(table)
        started = time.perf_counter()
        for n in range(count):
            connection.execute("INSERT INTO bench_raw_inserts VALUES (?, ?, ?, ?)",
                               (f"id{n}", f"wamid.RAW{n}", f"Mensagem {n}", n))
        rate = count / (time.perf_counter() - started)
        connection.close()
        return round(rate)
    subprocess.run(["psql", url, "-qc", table], check=True)
    with tempfile.NamedTemporaryFile("w", suffix=".sql") as script:
        script.write("INSERT INTO bench_raw_inserts VALUES (gen_random_uuid()::text, md5(random()::text), "
                     "'Mensagem', 0);\n")
        script.flush()
        output = subprocess.run(["pgbench", "-n", "-c", str(connections), "-j", "2", "-T", "10", "-f", script.name, url],
                                check=True, capture_output=True, text=True).stdout
    tps = next(line for line in output.splitlines() if line.startswith("tps"))
    return round(float(tps.split("=")[1].split()[0]))


def login(base_url, seeded):
    credentials = {"email": seeded["email"], "password": seeded["password"]}
    return http("POST", f"{base_url}/api/v1/auth/login", credentials)[1]["access_token"]


def cloud_channel(base_url, token):
    """A Cloud API channel receiving the benchmark's signed deliveries; answers its id."""
    channel = {"name": "Bench", "kind": "whatsapp_cloud", "phone_number_id": PHONE_NUMBER_ID,
               "access_token": "bench-token", "app_secret": APP_SECRET, "verify_token": "bench"}
    return http("POST", f"{base_url}/api/v1/channels", channel, token)[1]["id"]


def seed(args, url, *extra):
    command = [args.seed, "--database-url", url, "--users", "0", *extra]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def realtime_fanout(args, backend):
    with tempfile.TemporaryDirectory() as data_dir, database(backend, data_dir, args.postgres_admin_url) as url:
        seeded = seed(args, url)
        with server(args.binary, data_dir, url) as (process, base_url, _):
            token = login(base_url, seeded)
            channel_id = cloud_channel(base_url, token)
            command = [
                str(Path(args.seed).with_name("bench-realtime")), "--base-url", base_url, "--token", token,
                "--channel-id", channel_id, "--phone-number-id", PHONE_NUMBER_ID, "--app-secret", APP_SECRET,
                "--clients", str(args.sockets), "--rate", str(args.realtime_rate), "--seconds", str(args.realtime_seconds),
            ]
            figures = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
            return {**figures, "server_rss_mib": rss_mib(process.pid)}


def cpu_seconds(pid):
    """utime + stime of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def realtime_spa(args, backend, mode):
    """bench-realtime with SPA-like tabs; the server's CPU is read by the load client around the run."""
    with tempfile.TemporaryDirectory() as data_dir, database(backend, data_dir, args.postgres_admin_url) as url:
        seeded = seed(args, url)
        with server(args.binary, data_dir, url) as (process, base_url, _):
            token = login(base_url, seeded)
            channel_id = cloud_channel(base_url, token)
            command = [
                str(Path(args.seed).with_name("bench-realtime")), "--base-url", base_url, "--token", token,
                "--channel-id", channel_id, "--phone-number-id", PHONE_NUMBER_ID, "--app-secret", APP_SECRET,
                "--clients", str(args.spa_tabs), "--rate", str(args.realtime_rate),
                "--seconds", str(args.realtime_seconds), "--spa", mode,
                "--server-pid", str(process.pid), "--clock-ticks", str(os.sysconf("SC_CLK_TCK")),
            ]
            figures = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
            return {**figures, "server_rss_mib": rss_mib(process.pid)}


class RssSampler:
    """Samples a process's RSS every 50 ms on a thread; `peak` is the highest seen."""

    def __init__(self, pid):
        import threading
        self.pid, self.peak, self.running = pid, 0.0, True
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()

    def sample(self):
        while self.running:
            self.peak = max(self.peak, rss_mib(self.pid))
            time.sleep(0.05)

    def stop(self):
        self.running = False
        self.thread.join()
        return self.peak


def logins(args, backend):
    with tempfile.TemporaryDirectory() as data_dir, database(backend, data_dir, args.postgres_admin_url) as url:
        seeded = seed(args, url)
        # The per-address login limit would answer 429 to a load generator on one address.
        with server(args.binary, data_dir, url, BLOCOPRO_AUTH_RATE_BURST="1000000",
                    BLOCOPRO_AUTH_RATE_PER_MINUTE="1000000") as (process, base_url, _):
            login(base_url, seeded)
            time.sleep(1)
            idle_rss = rss_mib(process.pid)
            sampler = RssSampler(process.pid)
            credentials = {"email": seeded["email"], "password": seeded["password"]}
            load = wrk(f"{base_url}/api/v1/auth/login", None, args.login_connections, f"{args.login_seconds}s",
                       args.threads, post_body=credentials)
            peak = sampler.stop()
            time.sleep(args.login_idle_seconds)
            return {
                "connections": args.login_connections,
                "seconds": args.login_seconds,
                "idle_rss_mib": idle_rss,
                "peak_rss_mib": peak,
                "rss_after_idle_mib": rss_mib(process.pid),
                "idle_seconds": args.login_idle_seconds,
                **load,
            }


def message_list(args, backend):
    with tempfile.TemporaryDirectory() as data_dir, database(backend, data_dir, args.postgres_admin_url) as url:
        seeding = time.perf_counter()
        seeded = seed(args, url, "--conversation-messages", str(args.conversation_messages))
        seed_seconds = time.perf_counter() - seeding
        with server(args.binary, data_dir, url) as (_, base_url, _):
            token = login(base_url, seeded)
            target = f"{base_url}/api/v1/conversations/{seeded['conversation_id']}/messages?limit=50"
            status, page = http("GET", target, token=token)
            assert status == 200 and len(page["items"]) == 50 and page["next_cursor"], "a full first page"
            wrk(target, token, args.connections, args.warmup, args.threads)
            load_average = os.getloadavg()[0]
            load = wrk(target, token, args.connections, args.duration, args.threads)
            light = wrk(target, token, LIGHT_CONNECTIONS, "10s", args.threads)
            return {
                "messages_in_conversation": args.conversation_messages,
                "seed_seconds": round(seed_seconds, 1),
                "connections": args.connections,
                "load_average_before": load_average,
                **load,
                "at_10_connections": {key: light[key] for key in ("requests_per_second", "latency_ms", "errors")},
            }


# The unfiltered list and the search of each area; the default term, typed in capitals without accents,
# finds "João Conceição" (a few attendants, a page of contacts).
SEARCHES = {"users": "/api/v1/users?limit=50", "contacts": "/api/v1/contacts?limit=50"}


def searches(args, backend):
    with tempfile.TemporaryDirectory() as data_dir, database(backend, data_dir, args.postgres_admin_url) as url:
        seeding = time.perf_counter()
        seeded = json.loads(subprocess.run(
            [args.seed, "--database-url", url, "--users", str(args.users), "--contacts", str(args.contacts)],
            check=True, capture_output=True, text=True).stdout)
        seed_seconds = time.perf_counter() - seeding
        with server(args.binary, data_dir, url) as (_, base_url, _):
            token = login(base_url, seeded)
            figures = {"user_count": args.users + 1, "contact_count": args.contacts, "seed_seconds": round(seed_seconds, 1),
                       "connections": args.search_connections}
            for area, listed in SEARCHES.items():
                searched = f"{listed}&q={urllib.parse.quote(args.search_term)}"
                found = http("GET", base_url + searched, token=token)[1]["items"]
                assert found and all("Conceição" in item["name"] for item in found), f"{area}: {found[:3]}"
                runs = {}
                for kind, path in (("list", listed), ("search", searched)):
                    # A scan can take seconds under load: the latencies must include it, not count it a timeout.
                    wrk(base_url + path, token, args.search_connections, args.warmup, args.threads, timeout="60s")
                    load = wrk(base_url + path, token, args.search_connections, args.duration, args.threads,
                               timeout="60s")
                    runs[kind] = {key: load[key] for key in ("requests_per_second", "latency_ms", "errors")}
                figures[area] = {
                    "query": args.search_term,
                    "first_page_items": len(found),
                    **runs,
                    "ratio_to_list": round(runs["search"]["requests_per_second"] / runs["list"]["requests_per_second"], 2),
                }
            return figures


# What the message-search run looks for (see `searched_text` in bench/seed): a person and a subject, as
# someone looking for a conversation types them (about 1 message in 600), and one common word (about 1 in 15).
MESSAGE_SEARCHES = {"selective": "conceicao boleto", "common": "entrega"}


def message_search(args, backend):
    with tempfile.TemporaryDirectory() as data_dir, database(backend, data_dir, args.postgres_admin_url) as url:
        seeding = time.perf_counter()
        seeded = seed(args, url, "--search-messages", str(args.search_messages), "--search-chats",
                      str(args.search_chats))
        seed_seconds = time.perf_counter() - seeding
        with server(args.binary, data_dir, url) as (_, base_url, _):
            token = login(base_url, seeded)
            figures = {"messages": args.search_messages, "conversations": args.search_chats,
                       "seed_seconds": round(seed_seconds, 1)}
            for name, query in MESSAGE_SEARCHES.items():
                target = f"{base_url}/api/v1/messages/search?limit=20&q={urllib.parse.quote(query)}"
                status, page = http("GET", target, token=token, timeout=60)
                assert status == 200 and len(page["items"]) == 20 and page["next_cursor"], f"{query}: {page}"
                runs = {}
                for connections in args.message_search_connections:
                    wrk(target, token, connections, args.warmup, args.threads, timeout="60s")
                    load = wrk(target, token, connections, args.duration, args.threads, timeout="60s")
                    runs[str(connections)] = {key: load[key] for key in ("requests_per_second", "latency_ms", "errors")}
                figures[name] = {"query": query, "by_connections": runs}
            return figures


# Each report over the range of the seeded messages, as the SPA asks for it (`{range}`: from and to).
REPORTS = {
    "service per attendant and day": "/api/v1/reports/service?{range}&granularity=day&group_by=attendant",
    "service per department and day": "/api/v1/reports/service?{range}&granularity=day&group_by=department",
    "service per channel and week": "/api/v1/reports/service?{range}&granularity=week&group_by=channel",
    "service CSV per attendant and day": "/api/v1/reports/service.csv?{range}&granularity=day&group_by=attendant",
    "volume (weekday × hour)": "/api/v1/reports/volume?{range}",
    "queues": "/api/v1/reports/queues",
    "working time per day": "/api/v1/reports/working-time?{range}&granularity=day",
    "groups per day": "/api/v1/reports/groups?{range}&granularity=day",
    "group participants": "/api/v1/reports/groups/participants?{range}",
}
REPORT_RUNS = 5
REPORT_ATTENDANTS = 20
REPORT_GROUPS = 100


def timed_get(url, token):
    """The body of a GET and the milliseconds until it was read whole."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        body = response.read()
    return body, (time.perf_counter() - started) * 1000


def reports(args, backend):
    with tempfile.TemporaryDirectory() as data_dir, database(backend, data_dir, args.postgres_admin_url) as url:
        seeding = time.perf_counter()
        seeded = seed(args, url, "--search-messages", str(args.report_messages), "--search-chats",
                      str(args.report_conversations), "--serving-attendants", str(REPORT_ATTENDANTS),
                      "--whatsapp-groups", "--report-groups", str(REPORT_GROUPS),
                      "--report-group-messages", str(args.report_group_messages))
        seed_seconds = time.perf_counter() - seeding
        now = datetime.now(timezone.utc)
        first = datetime.fromtimestamp(now.timestamp() - args.report_messages - 2 * 86_400, timezone.utc)
        last = datetime.fromtimestamp(now.timestamp() + 86_400, timezone.utc)
        period = f"from={first.date().isoformat()}&to={last.date().isoformat()}"
        with server(args.binary, data_dir, url) as (_, base_url, _):
            token = login(base_url, seeded)
            served, _ = timed_get(base_url + REPORTS["service per attendant and day"].format(range=period), token)
            taken = sum(row["taken"] for row in json.loads(served)["items"])
            assert taken == args.report_conversations, f"every conversation taken once: {taken}"
            figures = {"messages": args.report_messages, "conversations": args.report_conversations,
                       "attendants": REPORT_ATTENDANTS, "days": (last.date() - first.date()).days + 1,
                       "groups": REPORT_GROUPS, "group_messages": args.report_group_messages,
                       "seed_seconds": round(seed_seconds, 1), "reports": {}}
            for name, path in REPORTS.items():
                target = base_url + path.format(range=period)
                first_ms = timed_get(target, token)[1]
                runs = [timed_get(target, token)[1] for _ in range(REPORT_RUNS)]
                figures["reports"][name] = {"first_ms": round(first_ms, 1),
                                            "median_ms": round(statistics.median(runs), 1),
                                            "slowest_ms": round(max(runs), 1)}
                print(f"{backend:<9} {name}: first {first_ms:.0f} ms, median {statistics.median(runs):.0f} ms",
                      flush=True)
            return figures


def webhook_ingestion(args, backend):
    with tempfile.TemporaryDirectory() as data_dir, database(backend, data_dir, args.postgres_admin_url) as url:
        seeded = seed(args, url)
        deliveries = deliveries_file(data_dir, args.deliveries)
        with server(args.binary, data_dir, url) as (_, base_url, _):
            token = login(base_url, seeded)
            channel_id = cloud_channel(base_url, token)
            command = ["wrk", f"-t{args.threads}", f"-c{args.webhook_connections}", "-d120s", "--latency",
                       "-s", str(BENCH_DIR / "webhook.lua"), f"{base_url}/api/v1/webhooks/whatsapp-cloud/{channel_id}",
                       "--", str(args.threads), str(deliveries)]
            started = time.perf_counter()
            load = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
            while message_count(backend, url) < args.deliveries and load.poll() is None:
                time.sleep(0.05)
            seconds = time.perf_counter() - started
            stored = message_count(backend, url)
            load.send_signal(signal.SIGINT)
            output = load.communicate(timeout=30)[0]
            # Conversations are folded after the messages are stored: how long until all are.
            while unfolded_count(backend, url) > 0 and time.perf_counter() - started < 120:
                time.sleep(0.02)
            folded_seconds = time.perf_counter() - started
        line = next(line for line in output.splitlines() if line.startswith("JSON "))
        figures = json.loads(line[len("JSON "):])
        raw = raw_insert_rate(backend, url, args.webhook_connections, args.deliveries)
        messages_per_second = stored / seconds
        return {
            "deliveries": args.deliveries,
            "stored": stored,
            "connections": args.webhook_connections,
            "seconds": round(seconds, 2),
            "messages_per_second": round(messages_per_second),
            "latency_ms": figures["latency_ms"],
            "errors": figures["errors"],
            "raw_single_row_inserts_per_second": raw,
            "ratio_to_raw": round(messages_per_second / raw, 3),
            "all_in_conversations_seconds": round(folded_seconds, 2),
        }


def wait_for(condition, what, seconds=60, interval=0.01):
    """Polls `condition` until it answers something true; answers it."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise RuntimeError(f"{what} did not happen within {seconds} s")


# A brand-new database (nothing but the company, never analysed: a company's first import), and one
# filled with contacts and analysed.
GROUP_IMPORT_DATABASES = {
    "new": ["--no-statistics"],
    "filled": ["--contacts", "100000"],
}


def group_import(args, backend, state):
    with tempfile.TemporaryDirectory() as data_dir, database(backend, data_dir, args.postgres_admin_url) as url:
        seeded = seed(args, url, "--whatsapp-groups", *GROUP_IMPORT_DATABASES[state])
        with server(args.binary, data_dir, url, BLOCOPRO_SIMULATOR="1") as (_, base_url, _):
            api = f"{base_url}/api/v1"
            token = login(base_url, seeded)
            channel = connected_simulator(api, token)
            seeding = {"count": args.groups, "participants_per_group": args.participants}
            http("POST", f"{api}/simulator/channels/{channel}/groups", seeding, token, timeout=60)

            started = time.perf_counter()
            job = http("POST", f"{api}/channels/{channel}/group-imports", {}, token)[1]
            job_url = f"{api}/group-imports/{job['id']}"
            ready = wait_for(lambda: (lambda j: j if j["status"] != "running" else None)(
                http("GET", f"{job_url}?q=~nothing~", token=token)[1]), "the pre-import")
            listed = time.perf_counter()
            assert ready["status"] == "ready", ready
            candidates = http("GET", job_url, token=token, timeout=60)[1]["candidates"]
            ids = [candidate["external_id"] for candidate in candidates]
            importing = time.perf_counter()
            imported = http("POST", f"{job_url}/import", {"external_ids": ids}, token, timeout=120)[1]["groups"]
            finished = time.perf_counter()
            assert len(imported) == args.groups, len(imported)
            participants = sum(group["participant_count"] for group in imported)
            return {
                "groups": args.groups,
                "participants_per_group": args.participants,
                "participants_stored": participants,
                "pre_import_seconds": round(listed - started, 3),
                "import_seconds": round(finished - importing, 3),
                "end_to_end_seconds": round(listed - started + finished - importing, 3),
            }


BACKENDS = ("sqlite", "postgres")


def on_each_backend(measure, args):
    """One benchmark's figures on each database, keyed by its name."""
    return {backend: measure(args, backend) for backend in BACKENDS}


def write_results(args, file_name, results):
    """One benchmark's figures as JSON in the results directory (the report reads them from there)."""
    output = Path(args.results) / file_name
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {output}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="release blocopro binary")
    parser.add_argument("--seed", help="release bench-seed binary (every benchmark but spa)")
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--duration", default="30s")
    parser.add_argument("--warmup", default="5s")
    parser.add_argument("--cold-start-runs", type=int, default=10)
    parser.add_argument("--deliveries", type=int, default=20_000)
    parser.add_argument("--webhook-connections", type=int, default=64)
    parser.add_argument("--groups", type=int, default=1_000)
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--sockets", type=int, default=2_000)
    parser.add_argument("--realtime-rate", type=int, default=100, help="received messages per second")
    parser.add_argument("--realtime-seconds", type=int, default=20)
    parser.add_argument("--conversation-messages", type=int, default=100_000)
    parser.add_argument("--spa-tabs", type=int, default=200, help="SPA-like sockets of the realtime-spa run")
    parser.add_argument("--login-connections", type=int, default=16)
    parser.add_argument("--login-seconds", type=int, default=15)
    parser.add_argument("--login-idle-seconds", type=int, default=30)
    parser.add_argument("--contacts", type=int, default=100_000, help="contacts of the search run")
    parser.add_argument("--search-connections", type=int, default=50)
    parser.add_argument("--search-term", default="JOAO CONCEICAO")
    parser.add_argument("--search-messages", type=int, default=1_000_000, help="messages of the message-search run")
    parser.add_argument("--search-chats", type=int, default=1_000, help="conversations they are spread over")
    parser.add_argument("--message-search-connections", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--report-messages", type=int, default=1_000_000, help="messages of the reports run")
    parser.add_argument("--report-conversations", type=int, default=100_000, help="conversations they are spread over")
    parser.add_argument("--report-group-messages", type=int, default=100_000,
                        help="messages of the reports run written in its 100 groups")
    parser.add_argument("--build", default="release", help="the build measured, as recorded with the figures")
    parser.add_argument("--search-before", help="an earlier search.json whose figures are kept as `before`")
    parser.add_argument("--only", choices=["users", "webhooks", "groups", "realtime", "realtime-spa", "messages",
                                           "logins", "search", "message-search", "spa", "uploads", "media",
                                           "inbound-media", "reports"],
                        help="run one benchmark only")
    parser.add_argument("--postgres-admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--spa-dir", default=str(BENCH_DIR.parent / "frontend" / "dist"), help="the built SPA measured")
    parser.add_argument("--uploads", type=int, default=50, help="documents uploaded at once")
    parser.add_argument("--upload-mib", type=int, default=50, help="each document's size")
    parser.add_argument("--media-connections", type=int, default=50)
    parser.add_argument("--media-seconds", type=int, default=15)
    parser.add_argument("--inbound-images", type=int, default=1_000, help="photos of the inbound-media run")
    parser.add_argument("--inbound-connections", type=int, default=16, help="wrk connections posting their deliveries")
    parser.add_argument("--spa-runs", type=int, default=3, help="Lighthouse runs per page and preset (median kept)")
    parser.add_argument("--spa-before", help="an earlier spa.json whose figures are kept as `before`")
    parser.add_argument("--results", default=str(BENCH_DIR / "results"))
    args = parser.parse_args()
    if args.only != "spa":
        if not shutil.which("wrk"):
            sys.exit("wrk is needed: apt-get install wrk")
        if not args.seed:
            sys.exit("--seed is needed")

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    header = {
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "commit": commit,
        "machine": {"cpus": os.cpu_count(), "system": platform.platform()},
        "build": args.build,
    }
    if args.only in (None, "users"):
        users_results(args, header)
    if args.only in (None, "webhooks"):
        webhook_results(args, header)
    if args.only in (None, "groups"):
        group_import_results(args, header)
    if args.only in (None, "realtime"):
        realtime_results(args, header)
    if args.only in (None, "realtime-spa"):
        realtime_spa_results(args, header)
    if args.only in (None, "messages"):
        message_list_results(args, header)
    if args.only in (None, "logins"):
        login_results(args, header)
    if args.only in (None, "search"):
        search_results(args, header)
    if args.only in (None, "message-search"):
        message_search_results(args, header)
    if args.only in (None, "spa"):
        spa_results(args, header)
    if args.only in (None, "uploads"):
        upload_results(args, header)
    if args.only in (None, "media"):
        media_results(args, header)
    if args.only in (None, "inbound-media"):
        inbound_media_results(args, header)
    if args.only in (None, "reports"):
        report_results(args, header)
    print(f"written to {write_report(args.results, BENCH_DIR / 'RESULTS.md')}")


def users_results(args, header):
    results = {
        **header,
        "targets": {"p99_ms": 20, "idle_rss_mib": 40, "cold_start_ms": 1000},
        "cold_start_sqlite": cold_start(args.binary, args.cold_start_runs),
        "users_list": on_each_backend(users_list, args),
    }
    write_results(args, "users_list.json", results)
    print(f"cold start to /readyz (empty SQLite): median {results['cold_start_sqlite']['median_ms']} ms")
    for backend, figures in results["users_list"].items():
        print(
            f"{backend:<9} GET /users?limit=50 @ {figures['connections']} conns: "
            f"{figures['requests_per_second']:.0f} req/s, p99 {figures['latency_ms']['p99']:.2f} ms, "
            f"idle RSS {figures['idle_rss_mib']} MiB, errors {figures['errors']}; "
            f"at {LIGHT_CONNECTIONS} conns p99 {figures['at_10_connections']['latency_ms']['p99']:.2f} ms"
        )


def webhook_results(args, header):
    results = {
        **header,
        "targets": {"ratio_to_raw": 0.5},
        "webhook_ingestion": on_each_backend(webhook_ingestion, args),
    }
    write_results(args, "webhook_ingestion.json", results)
    for backend, figures in results["webhook_ingestion"].items():
        print(
            f"{backend:<9} webhooks @ {figures['connections']} conns: {figures['stored']} messages in "
            f"{figures['seconds']} s = {figures['messages_per_second']}/s, p99 {figures['latency_ms']['p99']:.2f} ms; "
            f"raw inserts {figures['raw_single_row_inserts_per_second']}/s, ratio {figures['ratio_to_raw']}; "
            f"all in conversations after {figures['all_in_conversations_seconds']} s"
        )


def group_import_results(args, header):
    results = {
        **header,
        "targets": {"end_to_end_seconds": 5},
        "group_import": {
            backend: {state: group_import(args, backend, state) for state in GROUP_IMPORT_DATABASES}
            for backend in BACKENDS
        },
    }
    write_results(args, "group_import.json", results)
    for backend, states in results["group_import"].items():
        for state, figures in states.items():
            print(
                f"{backend:<9} {state:<6} {figures['groups']} groups x {figures['participants_per_group']}: pre-import "
                f"{figures['pre_import_seconds']} s, import {figures['import_seconds']} s, "
                f"end to end {figures['end_to_end_seconds']} s"
            )


def realtime_results(args, header):
    results = {
        **header,
        "targets": {"p99_ms": 100},
        "realtime_fanout": on_each_backend(realtime_fanout, args),
    }
    write_results(args, "realtime_fanout.json", results)
    for backend, figures in results["realtime_fanout"].items():
        latency = figures["latency_ms"]
        print(
            f"{backend:<9} fan-out to {figures['clients']} sockets at {figures['messages_per_second']} msg/s: "
            f"{figures['deliveries_received']}/{figures['deliveries_expected']} delivered, "
            f"p50 {latency['p50']} ms, p99 {latency['p99']} ms, max {latency['max']} ms"
        )


def realtime_spa_results(args, header):
    results = {
        **header,
        "realtime_spa": {
            backend: {mode: realtime_spa(args, backend, mode) for mode in ("refetch", "patch")}
            for backend in BACKENDS
        },
    }
    write_results(args, "realtime_spa.json", results)
    for backend, modes in results["realtime_spa"].items():
        for mode, figures in modes.items():
            print(
                f"{backend:<9} {figures['clients']} SPA tabs ({mode}) at {figures['messages_per_second']} msg/s: "
                f"{figures['spa']['requests_per_second']} req/s ({figures['spa']['requests_per_message']} per message, "
                f"{figures['spa']['failed_requests']} failed), server CPU {figures['server_cpu_seconds']} s = "
                f"{figures['server_cpu_ms_per_message']} ms per message; "
                f"{figures['deliveries_received']}/{figures['deliveries_expected']} delivered, "
                f"p99 {figures['latency_ms']['p99']} ms"
            )


def message_list_results(args, header):
    results = {
        **header,
        "message_list": on_each_backend(message_list, args),
    }
    write_results(args, "message_list.json", results)
    for backend, figures in results["message_list"].items():
        print(
            f"{backend:<9} GET messages?limit=50 of {figures['messages_in_conversation']} @ {figures['connections']} "
            f"conns: {figures['requests_per_second']:.0f} req/s, p99 {figures['latency_ms']['p99']:.2f} ms; "
            f"at {LIGHT_CONNECTIONS} conns p99 {figures['at_10_connections']['latency_ms']['p99']:.2f} ms"
        )


def login_results(args, header):
    results = {
        **header,
        "targets": {"peak_rss_mib": 150, "rss_after_idle_mib": 60},
        "logins": on_each_backend(logins, args),
    }
    write_results(args, "logins.json", results)
    for backend, figures in results["logins"].items():
        print(
            f"{backend:<9} logins @ {figures['connections']} conns for {figures['seconds']} s: "
            f"{figures['requests_per_second']:.1f}/s, p99 {figures['latency_ms']['p99']:.0f} ms; RSS idle "
            f"{figures['idle_rss_mib']} MiB, peak {figures['peak_rss_mib']} MiB, "
            f"{figures['idle_seconds']} s after {figures['rss_after_idle_mib']} MiB"
        )


def search_results(args, header):
    results = {
        **header,
        "load_average_before": os.getloadavg()[0],
        "targets": {"requests_per_second": 2000, "p99_ms": 50},
        "search": on_each_backend(searches, args),
    }
    if args.search_before:
        before = json.loads(Path(args.search_before).read_text())
        results["before"] = {key: before[key] for key in ("measured_at", "commit", "build", "load_average_before", "search")}
    write_results(args, "search.json", results)
    for backend, figures in results["search"].items():
        for area in SEARCHES:
            search, listed = figures[area]["search"], figures[area]["list"]
            print(
                f"{backend:<9} GET /{area}?q={figures[area]['query']} @ {figures['connections']} conns: "
                f"{search['requests_per_second']:.0f} req/s, p99 {search['latency_ms']['p99']:.2f} ms "
                f"(unfiltered list {listed['requests_per_second']:.0f} req/s, p99 {listed['latency_ms']['p99']:.2f} ms; "
                f"ratio {figures[area]['ratio_to_list']})"
            )


def message_search_results(args, header):
    results = {
        **header,
        "load_average_before": os.getloadavg()[0],
        "targets": {"p99_ms": 100},
        "message_search": on_each_backend(message_search, args),
    }
    write_results(args, "message_search.json", results)
    for backend, figures in results["message_search"].items():
        for name in MESSAGE_SEARCHES:
            for connections, run in figures[name]["by_connections"].items():
                print(
                    f"{backend:<9} GET /messages/search?q={figures[name]['query']} over {figures['messages']:,} messages "
                    f"@ {connections} conns: {run['requests_per_second']:.0f} req/s, p99 {run['latency_ms']['p99']:.2f} ms"
                )


def report_results(args, header):
    results = {**header, "load_average_before": os.getloadavg()[0], "targets": {"ms": 1000},
               "reports": on_each_backend(reports, args)}
    write_results(args, "reports.json", results)


DEMO_ADMIN = {"email": "admin@demo.blocopro.demo", "password": "demo12345"}


UPLOAD_BOUNDARY = "bench-upload-boundary"
UPLOAD_CHUNK = 64 * 1024


def upload_document(base_url, token, size, index):
    """Streams one multipart PDF of `size` bytes to POST /media, 64 KiB at a time; answers the status."""
    head = (f"--{UPLOAD_BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"boleto-{index}.pdf\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n%PDF-1.7 {index}\n").encode()
    tail = f"\r\n--{UPLOAD_BOUNDARY}--\r\n".encode()
    filler = size - (len(head) - head.index(b"%PDF"))

    def body():
        yield head
        chunk = hashlib.sha256(str(index).encode()).digest() * (UPLOAD_CHUNK // 32)
        for start in range(0, filler, UPLOAD_CHUNK):
            yield chunk[:min(UPLOAD_CHUNK, filler - start)]
        yield tail

    host, port = urllib.parse.urlsplit(base_url).netloc.split(":")
    connection = HTTPConnection(host, int(port), timeout=600)
    length = len(head) + filler + len(tail)
    connection.request("POST", "/api/v1/media?kind=document", body=body(), headers={
        "Authorization": f"Bearer {token}", "Content-Length": str(length),
        "Content-Type": f"multipart/form-data; boundary={UPLOAD_BOUNDARY}",
    })
    status = connection.getresponse().status
    connection.close()
    return status


def upload_memory(args, backend):
    """The server's RSS while `args.uploads` documents of `args.upload_mib` MiB stream in at once."""
    import concurrent.futures
    with tempfile.TemporaryDirectory() as data_dir, database(backend, data_dir, args.postgres_admin_url) as url:
        seeded = seed(args, url)
        with server(args.binary, data_dir, url) as (process, base_url, _):
            token = login(base_url, seeded)
            idle_rss = rss_mib(process.pid)
            sampler = RssSampler(process.pid)
            started = time.perf_counter()
            size = args.upload_mib * 1024 * 1024
            with concurrent.futures.ThreadPoolExecutor(args.uploads) as pool:
                statuses = list(pool.map(lambda index: upload_document(base_url, token, size, index),
                                         range(args.uploads)))
            seconds = time.perf_counter() - started
            return {
                "uploads": args.uploads,
                "mib_each": args.upload_mib,
                "created": statuses.count(201),
                "statuses": sorted(set(statuses)),
                "seconds": round(seconds, 2),
                "mib_per_second": round(args.uploads * args.upload_mib / seconds, 1),
                "idle_rss_mib": idle_rss,
                "peak_rss_mib": sampler.stop(),
            }


def upload_results(args, header):
    results = {
        **header,
        "targets": {"peak_rss_mib": 100},
        "uploads": on_each_backend(upload_memory, args),
    }
    write_results(args, "uploads.json", results)
    for backend, figures in results["uploads"].items():
        print(f"{backend:<9} {figures['uploads']} uploads of {figures['mib_each']} MiB at once: {figures['created']} "
              f"stored in {figures['seconds']} s ({figures['mib_per_second']} MiB/s); RSS idle "
              f"{figures['idle_rss_mib']} MiB, peak {figures['peak_rss_mib']} MiB")


def connected_simulator(api, token):
    """A simulator channel, scanned and connected; answers its id."""
    channel = http("POST", f"{api}/channels", {"name": "Bench", "kind": "simulator"}, token)[1]["id"]
    http("POST", f"{api}/channels/{channel}/connect", {}, token)
    status = lambda: http("GET", f"{api}/channels/{channel}", token=token)[1]["status"]
    wait_for(lambda: status() == "pairing", "pairing")
    http("POST", f"{api}/simulator/channels/{channel}/scan", {}, token)
    wait_for(lambda: status() == "connected", "connection")
    return channel


def media_serving(args, backend):
    """GET /media/{id} of a received 200 KB photo under wrk, beside the same bytes as a static file of
    the SPA's directory served by the same process (the ceiling)."""
    photo = b"\x89PNG\r\n\x1a\n" + hashlib.sha256(b"photo").digest() * (200 * 1024 // 32)
    with tempfile.TemporaryDirectory() as data_dir, database(backend, data_dir, args.postgres_admin_url) as url:
        spa_dir = Path(data_dir) / "spa"
        (spa_dir / "assets").mkdir(parents=True)
        (spa_dir / "index.html").write_text("<!doctype html><title>BlocoPro</title>")
        (spa_dir / "assets" / "photo.png").write_bytes(photo)
        seeded = seed(args, url)
        with server(args.binary, data_dir, url, BLOCOPRO_SIMULATOR="1", BLOCOPRO_SPA_DIR=str(spa_dir)) as (_, base_url, _):
            api = f"{base_url}/api/v1"
            token = login(base_url, seeded)
            channel = connected_simulator(api, token)
            file = {"file_name": "foto.png", "mime_type": "image/png",
                    "data_base64": base64.b64encode(photo).decode()}
            http("POST", f"{api}/simulator/channels/{channel}/inbound",
                 {"from": "+5511988887777", "kind": "image", "text": "", "file": file}, token)
            stored = lambda: next((m["media"]["id"] for m in http("GET", f"{api}/channels/{channel}/messages",
                                                                   token=token)[1]["items"]
                                   if m.get("media") and m["media"]["state"] == "stored"), None)
            media_id = wait_for(stored, "the photo stored", interval=0.1)
            duration = f"{args.media_seconds}s"
            media = wrk(f"{api}/media/{media_id}", token, args.media_connections, duration, args.threads)
            static = wrk(f"{base_url}/assets/photo.png", token, args.media_connections, duration, args.threads)
            return {
                "bytes": len(photo),
                "connections": args.media_connections,
                "media": media,
                "static_file": static,
                "ratio_to_static": round(media["requests_per_second"] / static["requests_per_second"], 3),
            }


def media_results(args, header):
    results = {
        **header,
        "targets": {"ratio_to_static": 0.8},
        "media_serving": on_each_backend(media_serving, args),
    }
    write_results(args, "media_serving.json", results)
    for backend, figures in results["media_serving"].items():
        print(f"{backend:<9} GET /media of {figures['bytes']:,} bytes @ {figures['connections']}: "
              f"{figures['media']['requests_per_second']:.0f}/s against {figures['static_file']['requests_per_second']:.0f}/s "
              f"static, ratio {figures['ratio_to_static']}")


INBOUND_IMAGE_BYTES = 200 * 1024


def inbound_image(media_id):
    """The 200 KB photo the Graph fake serves for `media_id`: a JPEG header, then bytes of its own."""
    seed = hashlib.sha256(media_id.encode()).digest()
    return b"\xff\xd8\xff\xe0" + (seed * (INBOUND_IMAGE_BYTES // 32 + 1))[:INBOUND_IMAGE_BYTES - 4]


@contextmanager
def graph_fake(media_ids):
    """A local Graph API (threaded http.server): `GET /{version}/{id}` answers the number's profile or a
    file's download URL with its SHA-256 and size, `GET /download/{id}` the file's bytes. Yields its base URL."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    files = {media_id: inbound_image(media_id) for media_id in media_ids}

    class Graph(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def answer(self, status, body, content_type):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            parts = self.path.split("?", 1)[0].strip("/").split("/")
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if len(parts) == 2 and parts[0] == "download" and parts[1] in files:
                return self.answer(200, files[parts[1]], "image/jpeg")
            if len(parts) == 2 and parts[1] == PHONE_NUMBER_ID:
                profile = {"display_phone_number": "+55 11 4000-1234", "verified_name": "Bench", "id": PHONE_NUMBER_ID}
                return self.answer(200, json.dumps(profile).encode(), "application/json")
            if len(parts) == 2 and parts[1] in files:
                media_id = parts[1]
                found = {"messaging_product": "whatsapp", "url": f"{base}/download/{media_id}", "mime_type": "image/jpeg",
                         "sha256": hashlib.sha256(files[media_id]).hexdigest(), "file_size": len(files[media_id]),
                         "id": media_id}
                return self.answer(200, json.dumps(found).encode(), "application/json")
            error = {"error": {"message": "Object with ID does not exist", "type": "OAuthException", "code": 100}}
            self.answer(400, json.dumps(error).encode(), "application/json")

    fake = ThreadingHTTPServer(("127.0.0.1", 0), Graph)
    fake.daemon_threads = True
    thread = threading.Thread(target=fake.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{fake.server_address[1]}"
    finally:
        fake.shutdown()
        fake.server_close()


def image_deliveries_file(directory, media_ids):
    """One signed delivery per photo (`signature<TAB>body`), announcing its SHA-256 as Meta does."""
    path = Path(directory) / "image-deliveries.txt"
    with path.open("w") as out:
        for n, media_id in enumerate(media_ids):
            image = {"mime_type": "image/jpeg", "sha256": hashlib.sha256(inbound_image(media_id)).hexdigest(),
                     "id": media_id}
            message = {"from": f"55119{n % 100_000_000:08d}", "id": f"wamid.PHOTO{n:08d}", "timestamp": "1764000000",
                       "type": "image", "image": image}
            value = {"messaging_product": "whatsapp", "messages": [message],
                     "metadata": {"display_phone_number": "5511400001234", "phone_number_id": PHONE_NUMBER_ID}}
            body = json.dumps({"object": "whatsapp_business_account",
                               "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}]},
                              separators=(",", ":"))
            signature = "sha256=" + hmac.new(APP_SECRET.encode(), body.encode(), hashlib.sha256).hexdigest()
            out.write(f"{signature}\t{body}\n")
    return path


def inbound_media(args, backend):
    """Signed deliveries of `args.inbound_images` photos; the server downloads each from the Graph fake.
    Images stored per second, from the first delivery until every file is `stored`."""
    media_ids = [f"{9000000000000 + n}" for n in range(args.inbound_images)]
    with tempfile.TemporaryDirectory() as data_dir, database(backend, data_dir, args.postgres_admin_url) as url, \
            graph_fake(media_ids) as graph:
        seeded = seed(args, url)
        deliveries = image_deliveries_file(data_dir, media_ids)
        with server(args.binary, data_dir, url, BLOCOPRO_CLOUD_API_BASE_URL=graph) as (process, base_url, _):
            api = f"{base_url}/api/v1"
            token = login(base_url, seeded)
            channel_id = cloud_channel(base_url, token)
            http("POST", f"{api}/channels/{channel_id}/connect", {}, token)
            wait_for(lambda: http("GET", f"{api}/channels/{channel_id}", token=token)[1]["status"] == "connected",
                     "the channel connected")
            command = ["wrk", f"-t{args.threads}", f"-c{args.inbound_connections}", "-d300s", "--latency",
                       "-s", str(BENCH_DIR / "webhook.lua"), f"{api}/webhooks/whatsapp-cloud/{channel_id}",
                       "--", str(args.threads), str(deliveries)]
            sampler = RssSampler(process.pid)
            started = time.perf_counter()
            load = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
            while message_count(backend, url) < args.inbound_images and load.poll() is None:
                time.sleep(0.05)
            received_seconds = time.perf_counter() - started
            load.send_signal(signal.SIGINT)
            load.communicate(timeout=30)
            media_state = lambda state: count(backend, url, f"SELECT count(*) FROM media WHERE state = '{state}'")
            while media_state("stored") + media_state("failed") < args.inbound_images \
                    and time.perf_counter() - started < 600:
                time.sleep(0.05)
            seconds = time.perf_counter() - started
            stored, failed = media_state("stored"), media_state("failed")
            return {
                "images": args.inbound_images,
                "bytes_each": INBOUND_IMAGE_BYTES,
                "connections": args.inbound_connections,
                "received_seconds": round(received_seconds, 2),
                "stored": stored,
                "failed": failed,
                "seconds": round(seconds, 2),
                "images_per_second": round(stored / seconds, 1),
                "mib_per_second": round(stored * INBOUND_IMAGE_BYTES / seconds / 1024 / 1024, 1),
                "peak_rss_mib": sampler.stop(),
            }


def inbound_media_results(args, header):
    results = {
        **header,
        "inbound_media": on_each_backend(inbound_media, args),
    }
    write_results(args, "inbound_media.json", results)
    for backend, figures in results["inbound_media"].items():
        print(f"{backend:<9} {figures['images']} inbound photos of {figures['bytes_each'] // 1024} KiB: {figures['stored']} "
              f"stored ({figures['failed']} failed) in {figures['seconds']} s = {figures['images_per_second']}/s "
              f"({figures['mib_per_second']} MiB/s); all received after {figures['received_seconds']} s; "
              f"RSS peak {figures['peak_rss_mib']} MiB")


def spa_first_load(args, output):
    """bench/spa.mjs against the binary serving `--spa-dir` with the demo company (a fresh SQLite file)."""
    with tempfile.TemporaryDirectory() as data_dir:
        url = f"sqlite://{data_dir}/blocopro.db"
        with server(args.binary, data_dir, url, serve_args=("--demo",), BLOCOPRO_SPA_DIR=args.spa_dir,
                    BLOCOPRO_SIMULATOR="1") as (_, base_url, _):
            subprocess.run(["node", str(BENCH_DIR / "spa.mjs"), "--base", base_url, "--email", DEMO_ADMIN["email"],
                            "--password", DEMO_ADMIN["password"], "--runs", str(args.spa_runs), "--out", str(output)],
                           check=True, env=dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium")))
    return json.loads(output.read_text())


def spa_results(args, header):
    output = Path(args.results) / "spa.json"
    results = {
        **header,
        "load_average_before": os.getloadavg()[0],
        "targets": {"performance_score": 90, "first_screen_js_gzip_kb": 200},
        "spa": spa_first_load(args, output),
    }
    if args.spa_before:
        before = json.loads(Path(args.spa_before).read_text())
        results["before"] = {key: before[key] for key in ("measured_at", "commit", "load_average_before", "spa")}
    write_results(args, "spa.json", results)


if __name__ == "__main__":
    main()
