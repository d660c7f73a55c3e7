#!/usr/bin/env python3
"""Writes bench/RESULTS.md: one table of every figure in bench/results/*.json, with its target, database,
when and where it was measured. `make bench` runs it last; it can also run alone."""

import json
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DATABASES = ("sqlite", "postgres")


def ms(value):
    return "—" if value is None else f"{value:.1f} ms"


def rows_users(results):
    targets = results["targets"]
    cold = results["cold_start_sqlite"]
    yield ("Cold start to /readyz (empty file)", "sqlite", f"median {ms(cold['median_ms'])}",
           f"< {targets['cold_start_ms']} ms")
    for database in DATABASES:
        figures = results["users_list"][database]
        yield ("Idle RSS, 10,001 users", database, f"{figures['idle_rss_mib']} MiB", f"< {targets['idle_rss_mib']} MiB")
        yield (f"GET /users?limit=50 @ {figures['connections']} connections", database,
               f"{figures['requests_per_second']:,.0f} req/s, p99 {ms(figures['latency_ms']['p99'])}",
               f"p99 < {targets['p99_ms']} ms")
        light = figures["at_10_connections"]
        yield ("GET /users?limit=50 @ 10 connections", database,
               f"{light['requests_per_second']:,.0f} req/s, p99 {ms(light['latency_ms']['p99'])}", f"p99 < {targets['p99_ms']} ms")


def rows_webhooks(results):
    for database in DATABASES:
        figures = results["webhook_ingestion"][database]
        yield ("Cloud API webhook ingestion", database,
               f"{figures['messages_per_second']:,} msg/s = {figures['ratio_to_raw']} × raw inserts "
               f"({figures['raw_single_row_inserts_per_second']:,}/s), p99 {ms(figures['latency_ms']['p99'])}; "
               f"all in conversations after {figures['all_in_conversations_seconds']} s",
               f"≥ {results['targets']['ratio_to_raw']} × raw")


def rows_groups(results):
    for database in DATABASES:
        for state, figures in results["group_import"][database].items():
            yield (f"Group import {figures['groups']:,} × {figures['participants_per_group']}, {state} database",
                   database, f"{figures['end_to_end_seconds']} s (pre-import {figures['pre_import_seconds']} s)",
                   f"< {results['targets']['end_to_end_seconds']} s")


def rows_realtime(results):
    for database in DATABASES:
        figures = results["realtime_fanout"][database]
        latency = figures["latency_ms"]
        yield (f"WebSocket fan-out, {figures['clients']:,} sockets, {figures['messages_per_second']} msg/s", database,
               f"p50 {ms(latency['p50'])}, p99 {ms(latency['p99'])}; "
               f"{figures['deliveries_received']:,} of {figures['deliveries_expected']:,} delivered",
               f"p99 < {results['targets']['p99_ms']} ms")


def rows_realtime_spa(results):
    for database in DATABASES:
        for mode, figures in results["realtime_spa"][database].items():
            spa = figures["spa"]
            yield (f"Realtime as the SPA uses it ({mode}), {figures['clients']} tabs on Chat, "
                   f"{figures['messages_per_second']} msg/s", database,
                   f"{spa['requests_per_second']:,.0f} req/s ({spa['requests_per_message']} per message); server CPU "
                   f"{figures['server_cpu_ms_per_message']} ms per message; p99 {ms(figures['latency_ms']['p99'])}",
                   "report")


def rows_layering(results):
    """Measured by hand (see `how` in the file): the cost of a change while developing."""
    before, after = results["before"], results["after"]

    def seconds(values):
        return f"{min(values):.1f}–{max(values):.1f} s"

    for label, key in (("after touching one handler", "handler_build_s"), ("after editing one SQL file", "sql_build_s")):
        yield (f"Incremental debug build {label}", "—",
               f"{seconds(after[key])} (before the layering, {before['commit']}: {seconds(before[key])})", "report")
    yield ("Rust test suite (nextest, both databases)", "both",
           f"{seconds(after['test_suite_s'])} for {after['tests']} tests (before: {seconds(before['test_suite_s'])} for "
           f"{before['tests']})", "report")


def rows_messages(results):
    for database in DATABASES:
        figures = results["message_list"][database]
        light = figures["at_10_connections"]
        yield (f"GET messages?limit=50 of {figures['messages_in_conversation']:,}", database,
               f"{figures['requests_per_second']:,.0f} req/s, p99 {ms(figures['latency_ms']['p99'])} @ "
               f"{figures['connections']} conns; p99 {ms(light['latency_ms']['p99'])} @ 10", "report")


def rows_instructions(results):
    for path, by_database in results["instructions"].items():
        for database, by_build in by_database.items():
            figures = "; ".join(f"{label}: {figure['per_request'] / 1000:,.0f} k"
                                for label, figure in by_build.items())
            yield (f"Server instructions per GET {path}?limit=50 (callgrind, bench/instructions.py)", database,
                   figures, "report")


def rows_uploads(results):
    for database in DATABASES:
        figures = results["uploads"][database]
        yield (f"{figures['uploads']} uploads of {figures['mib_each']} MiB at once (POST /media)", database,
               f"RSS peak {figures['peak_rss_mib']} MiB (idle {figures['idle_rss_mib']} MiB); {figures['created']} stored "
               f"in {figures['seconds']} s, {figures['mib_per_second']} MiB/s",
               f"peak < {results['targets']['peak_rss_mib']} MiB")


def rows_media(results):
    for database in DATABASES:
        figures = results["media_serving"][database]
        media, static = figures["media"], figures["static_file"]
        yield (f"GET /media/{{id}} of a {figures['bytes'] // 1024} KiB photo, {figures['connections']} connections",
               database, f"{media['requests_per_second']:,.0f}/s, p99 {ms(media['latency_ms']['p99'])}; static file "
               f"{static['requests_per_second']:,.0f}/s; ratio {figures['ratio_to_static']}",
               f"ratio ≥ {results['targets']['ratio_to_static']}")


def rows_inbound_media(results):
    for database in DATABASES:
        figures = results["inbound_media"][database]
        yield (f"Inbound photos of {figures['bytes_each'] // 1024} KiB from the Graph fake ({figures['images']:,} "
               f"signed deliveries)", database,
               f"{figures['images_per_second']:,} images/s stored ({figures['mib_per_second']} MiB/s; "
               f"{figures['stored']:,} stored, {figures['failed']} failed in {figures['seconds']} s); "
               f"RSS peak {figures['peak_rss_mib']} MiB", "—")


def rows_logins(results):
    targets = results["targets"]
    for database in DATABASES:
        figures = results["logins"][database]
        before = results.get("before", {}).get(database)
        was = (f" (before: {before['requests_per_second']}/s, peak {before['peak_rss_mib']:,} MiB, "
               f"{before['rss_after_idle_mib']:,} MiB after)") if before else ""
        yield (f"Login burst, {figures['connections']} connections for {figures['seconds']:.0f} s", database,
               f"{figures['requests_per_second']}/s, p99 {ms(figures['latency_ms']['p99'])}; RSS peak "
               f"{figures['peak_rss_mib']} MiB, {figures['rss_after_idle_mib']} MiB {figures['idle_seconds']} s after{was}",
               f"peak < {targets['peak_rss_mib']} MiB, after < {targets['rss_after_idle_mib']} MiB")


def rows_search(results):
    targets = results["targets"]
    before = results.get("before")
    for database in DATABASES:
        figures = results["search"][database]
        for area, count in (("users", figures["user_count"]), ("contacts", figures["contact_count"])):
            searched, listed = figures[area]["search"], figures[area]["list"]
            was = ""
            if before:
                old = before["search"][database][area]
                was = (f"; before ({before['commit']}, {before['build']} build, q={old['query']}): "
                       f"{old['search']['requests_per_second']:,.0f} req/s, p99 {ms(old['search']['latency_ms']['p99'])}")
            yield (f"GET /{area}?q= on {count:,} {area} @ {figures['connections']} connections ({results['build']} build)",
                   database,
                   f"q={figures[area]['query']}: {searched['requests_per_second']:,.0f} req/s, "
                   f"p99 {ms(searched['latency_ms']['p99'])}; unfiltered list {listed['requests_per_second']:,.0f} req/s, "
                   f"p99 {ms(listed['latency_ms']['p99'])}: ratio {figures[area]['ratio_to_list']}{was}",
                   f"≥ {targets['requests_per_second']:,} req/s, p99 < {targets['p99_ms']} ms")


def rows_message_search(results):
    targets = results["targets"]
    for database in DATABASES:
        figures = results["message_search"][database]
        for name in ("selective", "common"):
            search = figures[name]
            runs = "; ".join(f"{run['requests_per_second']:,.0f} req/s, p99 {ms(run['latency_ms']['p99'])} @ {connections}"
                             for connections, run in search["by_connections"].items())
            yield (f"GET /messages/search?q={search['query']} ({name}) over {figures['messages']:,} messages in "
                   f"{figures['conversations']:,} conversations", database, runs, f"p99 < {targets['p99_ms']} ms")


def rows_reports(results):
    target = f"< {results['targets']['ms']:,} ms"
    for database in DATABASES:
        figures = results["reports"][database]
        for name, report in figures["reports"].items():
            groups = (f" and {figures['group_messages']:,} in {figures['groups']} groups"
                      if "group_messages" in figures else "")
            yield (f"Report: {name}, {figures['days']} days of {figures['messages']:,} messages in "
                   f"{figures['conversations']:,} conversations (and an answer in each){groups}", database,
                   f"median {ms(report['median_ms'])}, slowest {ms(report['slowest_ms'])} "
                   f"(first request {ms(report['first_ms'])})", target)


def rows_spa(results):
    """The SPA's first load (Lighthouse); `before`: the same measure of an earlier commit."""
    targets = results["targets"]
    before = results.get("before")

    def figure(page):
        js = page["first_screen_js"]
        return (f"score {page['performance_score']} (runs {', '.join(map(str, page['scores']))}), "
                f"LCP {page['lcp_ms']:,} ms, TBT {page['tbt_ms']:,} ms; JS before the first screen "
                f"{js['gzip_bytes'] / 1000:,.1f} kB gzip ({js['raw_bytes'] / 1000:,.0f} kB, {js['scripts']} files)")

    for name, presets in results["spa"].items():
        for preset, page in presets.items():
            was = ""
            if before and name in before["spa"] and preset in before["spa"][name]:
                was = f"; before ({before['commit']}): {figure(before['spa'][name][preset])}"
            yield (f"SPA first load: {name} page, Lighthouse {preset}", "—", figure(page) + was,
                   f"score ≥ {targets['performance_score']}, JS < {targets['first_screen_js_gzip_kb']} kB gzip")


SOURCES = {
    "users_list.json": rows_users,
    "webhook_ingestion.json": rows_webhooks,
    "group_import.json": rows_groups,
    "realtime_fanout.json": rows_realtime,
    "realtime_spa.json": rows_realtime_spa,
    "message_list.json": rows_messages,
    "instructions.json": rows_instructions,
    "layering.json": rows_layering,
    "logins.json": rows_logins,
    "search.json": rows_search,
    "message_search.json": rows_message_search,
    "uploads.json": rows_uploads,
    "media_serving.json": rows_media,
    "inbound_media.json": rows_inbound_media,
    "reports.json": rows_reports,
    "spa.json": rows_spa,
}


def write_report(results_dir, output):
    lines = ["# Benchmark results", "",
             "Written by `make bench` (`bench/report.py`) from `bench/results/*.json`. Each row says when, on which",
             "commit and on which machine it was measured; the load generator and PostgreSQL share the machine.", "",
             "| benchmark | database | figure | target | measured | machine |", "| --- | --- | --- | --- | --- | --- |"]
    for name, rows in SOURCES.items():
        path = Path(results_dir) / name
        if not path.exists():
            continue
        results = json.loads(path.read_text())
        machine = f"{results['machine']['cpus']} CPUs, {results['machine']['system']}"
        when = f"{results['measured_at'][:16].replace('T', ' ')} UTC ({results['commit']})"
        if "build" in results:
            when += f", {results['build']} build"
        for benchmark, database, figure, target in rows(results):
            lines.append(f"| {benchmark} | {database} | {figure} | {target} | {when} | {machine} |")
    Path(output).write_text("\n".join(lines) + "\n")
    return output


if __name__ == "__main__":
    results_dir = sys.argv[1] if len(sys.argv) > 1 else BENCH_DIR / "results"
    print(f"written to {write_report(results_dir, BENCH_DIR / 'RESULTS.md')}")
