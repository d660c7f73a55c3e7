#!/usr/bin/env python3
"""BlocoPro benchmarks (`make bench`); standard library only, load from wrk.

1. Cold start: an empty SQLite file, migrations included, until /readyz answers 200.
2. For SQLite and PostgreSQL: a company with 10,000 attendants, the idle RSS of the server, then
   authenticated `GET /api/v1/users?limit=50` under wrk at 200 connections.

Figures go to bench/results/users_list.json and are printed as a table.
"""

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
JWT_SECRET = "bench-secret-bench-secret-bench-secret-0123"
LIGHT_CONNECTIONS = 10


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(method, url, body=None, token=None):
    request = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
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
def server(binary, data_dir, database_url):
    """Starts `blocopro serve`; yields (process, base_url, seconds until /readyz answered)."""
    port = free_port()
    env = dict(
        os.environ,
        BLOCOPRO_DATA_DIR=str(data_dir),
        BLOCOPRO_DATABASE_URL=database_url,
        BLOCOPRO_BIND=f"127.0.0.1:{port}",
        BLOCOPRO_JWT_SECRET=JWT_SECRET,
        BLOCOPRO_LOG="warn",
    )
    base_url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.DEVNULL)
    try:
        while not ready(base_url):
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
            if time.perf_counter() - started > 30:
                raise RuntimeError("server not ready after 30 s")
            time.sleep(0.002)
        yield process, base_url, time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=10)


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


def wrk(url, token, connections, duration, threads):
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", "--latency", "-s", str(BENCH_DIR / "report.lua"),
        "-H", f"Authorization: Bearer {token}", url,
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
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
            login = {"email": seeded["email"], "password": seeded["password"]}
            token = http("POST", f"{base_url}/api/v1/auth/login", login)[1]["access_token"]
            target = f"{base_url}/api/v1/users?limit=50"
            status, first_page = http("GET", target, token=token)
            assert status == 200 and len(first_page["items"]) == 50, "the list must answer a full page"
            time.sleep(1)
            idle_rss = rss_mib(process.pid)
            wrk(target, token, args.connections, args.warmup, args.threads)
            load = wrk(target, token, args.connections, args.duration, args.threads)
            # Closed-loop latency at 200 connections is mostly queueing; 10 connections show service time.
            light = wrk(target, token, LIGHT_CONNECTIONS, "10s", args.threads)
            return {
                "users": args.users + 1,
                "seed_seconds": round(seed_seconds, 1),
                "idle_rss_mib": idle_rss,
                "rss_after_load_mib": rss_mib(process.pid),
                "connections": args.connections,
                **load,
                "at_10_connections": {key: light[key] for key in ("requests_per_second", "latency_ms", "errors")},
            }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="release blocopro binary")
    parser.add_argument("--seed", required=True, help="release bench-seed binary")
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--duration", default="30s")
    parser.add_argument("--warmup", default="5s")
    parser.add_argument("--cold-start-runs", type=int, default=10)
    parser.add_argument("--postgres-admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--output", default=str(BENCH_DIR / "results" / "users_list.json"))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    results = {
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "commit": commit,
        "machine": {"cpus": os.cpu_count(), "system": platform.platform()},
        "targets": {"p99_ms": 20, "idle_rss_mib": 40, "cold_start_ms": 1000},
        "cold_start_sqlite": cold_start(args.binary, args.cold_start_runs),
        "users_list": {backend: users_list(args, backend) for backend in ("sqlite", "postgres")},
    }
    Path(args.output).write_text(json.dumps(results, indent=2) + "\n")
    print(f"cold start to /readyz (empty SQLite): median {results['cold_start_sqlite']['median_ms']} ms")
    for backend, figures in results["users_list"].items():
        print(
            f"{backend:<9} GET /users?limit=50 @ {figures['connections']} conns: "
            f"{figures['requests_per_second']:.0f} req/s, p99 {figures['latency_ms']['p99']:.2f} ms, "
            f"idle RSS {figures['idle_rss_mib']} MiB, errors {figures['errors']}; "
            f"at {LIGHT_CONNECTIONS} conns p99 {figures['at_10_connections']['latency_ms']['p99']:.2f} ms"
        )
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
