#!/usr/bin/env python3
"""The server's instructions per request, counted by valgrind's callgrind: a figure that does not
move with the machine's other work, for comparing builds where wall-clock load figures are noisy
(a shared 2-core machine varies by a third from one minute to the next).

For each binary given: a database seeded by bench-seed (a conversation of 1,000 messages, and
`--users` attendants), `blocopro serve` under callgrind, 50 requests to warm it, the counters
zeroed, `--requests` sequential requests on one keep-alive connection, the counters dumped. The
path is `GET /conversations/{id}/messages?limit=50` (`--path messages`) or `GET /users?limit=50`
(`--path users`). The dump (bench/results/callgrind/) is the profile: `callgrind_annotate
--inclusive=yes <file>` shows where the instructions go. Work of the server's own background
tasks during the run is counted too (a few per cent at most). The figures go to
bench/results/instructions.json (the report's rows), each run's beside the others'.

    python3 bench/instructions.py --seed target/local/bench-seed builds/3051717/blocopro builds/da7af91/blocopro
"""

import argparse
import json
import os
import platform
import subprocess
import tempfile
import urllib.parse
from datetime import datetime, timezone
from http.client import HTTPConnection
from pathlib import Path

import run

RESULTS_DIR = run.BENCH_DIR / "results" / "callgrind"
FIGURES = run.BENCH_DIR / "results" / "instructions.json"
PATHS = {
    "messages": lambda seeded: f"/api/v1/conversations/{seeded['conversation_id']}/messages?limit=50",
    "users": lambda seeded: "/api/v1/users?limit=50",
}


def seed(args, url):
    command = [args.seed, "--database-url", url, "--users", str(args.users), "--conversation-messages", "1000"]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def dumped_instructions(out_file):
    """The instructions of the dump `callgrind_control -d` wrote beside `out_file` (its `.1`)."""
    for line in Path(f"{out_file}.1").read_text().splitlines():
        if line.startswith("summary:") or line.startswith("totals:"):
            return int(line.split()[1])
    raise RuntimeError(f"no total in {out_file}.1")


def measure(args, binary, data_dir, url, seeded, label):
    out_file = RESULTS_DIR / f"{label}.{args.path}.{args.backend}.out"
    for old in RESULTS_DIR.glob(f"{out_file.name}*"):
        old.unlink()
    callgrind = ("valgrind", "--quiet", "--tool=callgrind", f"--callgrind-out-file={out_file}")
    with run.server(binary, data_dir, url, wrapper=callgrind, start_seconds=300, stop_seconds=120) as (process, base_url, _):
        token = run.login(base_url, seeded)
        connection = HTTPConnection(urllib.parse.urlsplit(base_url).netloc, timeout=120)
        path = PATHS[args.path](seeded)

        def get():
            connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
            response = connection.getresponse()
            response.read()
            assert response.status == 200, response.status

        for _ in range(50):
            get()
        subprocess.run(["callgrind_control", "-z", str(process.pid)], check=True, capture_output=True)
        for _ in range(args.requests):
            get()
        subprocess.run(["callgrind_control", "-d", str(process.pid)], check=True, capture_output=True)
    return dumped_instructions(out_file) / args.requests


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", required=True, help="bench-seed binary")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--path", choices=sorted(PATHS), default="messages")
    parser.add_argument("--users", type=int, default=0, help="attendants seeded (the users path lists 50)")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--build", default="release without LTO (local profile)", help="the build measured")
    parser.add_argument("--postgres-admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("binaries", nargs="+", help="blocopro binaries, each named by its folder (the commit it was built from)")
    args = parser.parse_args()
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data_dir, run.database(args.backend, data_dir, args.postgres_admin_url) as url:
        seeded = seed(args, url)
        for binary in args.binaries:
            label = Path(binary).parent.name
            per_request = measure(args, binary, data_dir, url, seeded, label)
            print(f"{label:12} GET {args.path} on {args.backend}: {per_request / 1000:,.1f} k instructions per request",
                  flush=True)
            record(args, label, per_request)


def record(args, label, per_request):
    """Adds one binary's figure to bench/results/instructions.json, keyed by path, database and label."""
    results = json.loads(FIGURES.read_text()) if FIGURES.exists() else {"instructions": {}}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    results.update(measured_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), commit=commit,
                   machine={"cpus": os.cpu_count(), "system": platform.platform()}, build=args.build)
    by_database = results["instructions"].setdefault(args.path, {}).setdefault(args.backend, {})
    by_database[label] = {"per_request": round(per_request), "requests": args.requests}
    FIGURES.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
