# BlocoPro — `make run` serves the demo, `make test` runs every test on SQLite and PostgreSQL.

CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR
POSTGRES_ADMIN_URL ?= postgres://postgres@127.0.0.1:5432/postgres
export BLOCOPRO_TEST_POSTGRES_URL ?= $(POSTGRES_ADMIN_URL)

.PHONY: run test bench openapi drop-test-databases

## Build and serve the API (and the SPA once frontend/dist exists) on http://127.0.0.1:8080
## with an embedded SQLite database in ./data and the demo company.
run:
	cargo build --release -p blocopro-server
	BLOCOPRO_DATA_DIR=$${BLOCOPRO_DATA_DIR:-./data} BLOCOPRO_SIMULATOR=1 $(CARGO_TARGET_DIR)/release/blocopro serve --demo

## Every test: domain units, the store conformance suite and the HTTP stories on both databases,
## and the OpenAPI drift check.
test: drop-test-databases
	cargo nextest run --workspace --no-fail-fast

## Benchmarks (not tests): cold start, idle RSS, GET /users and Cloud API webhook ingestion under wrk,
## on SQLite and PostgreSQL;
## figures go to bench/results/.
bench:
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	cargo build --release -p blocopro-server -p blocopro-bench
	python3 bench/run.py --binary $(CARGO_TARGET_DIR)/release/blocopro --seed $(CARGO_TARGET_DIR)/release/bench-seed

## Regenerate the committed OpenAPI document from the code.
openapi:
	cargo run -q -p blocopro-server -- openapi > openapi/openapi.json

## Databases left by earlier test runs (each test creates its own).
drop-test-databases:
	@psql "$(POSTGRES_ADMIN_URL)" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'blocopro_test_%'" 2>/dev/null \
		| while read -r db; do psql "$(POSTGRES_ADMIN_URL)" -qc "DROP DATABASE IF EXISTS \"$$db\"" >/dev/null; done || true
