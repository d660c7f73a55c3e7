# BlocoPro — `make run` serves the demo, `make test` runs every test on SQLite and PostgreSQL,
# `make verify` the long checks.

CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR
POSTGRES_ADMIN_URL ?= postgres://postgres@127.0.0.1:5432/postgres
export BLOCOPRO_TEST_POSTGRES_URL ?= $(POSTGRES_ADMIN_URL)

FUZZ_VENV ?= $(CURDIR)/tools/fuzz/.venv
OPENAPI_CHECK_VENV ?= $(CURDIR)/tools/openapi-check/.venv
S3_VENV ?= $(CURDIR)/tools/s3/.venv

SERVER_FEATURES := --features blocopro-server/embedded-spa

.PHONY: run package test test-rust test-openapi test-frontend test-e2e test-fuzz spa bench verify verify-crash verify-fuzz fuzz-env s3-env openapi drop-test-databases

## Build the SPA and the server (the SPA compiled into it), and serve both on http://127.0.0.1:8080
## with an embedded SQLite database in ./data, the demo company and the simulator.
run: spa
	cargo build --profile local -p blocopro-server $(SERVER_FEATURES)
	BLOCOPRO_DATA_DIR=$${BLOCOPRO_DATA_DIR:-./data} BLOCOPRO_SIMULATOR=1 $(CARGO_TARGET_DIR)/local/blocopro serve --demo

## The one file to deploy: the release binary with the built SPA compiled into it,
## $(CARGO_TARGET_DIR)/release/blocopro (README, Deploying).
package: spa
	cargo build --release -p blocopro-server $(SERVER_FEATURES)
	@echo "$(CARGO_TARGET_DIR)/release/blocopro"

## Every test: Rust (domain units, store conformance and HTTP stories on both databases, OpenAPI
## drift), the OpenAPI document's use by client generators, the SPA (generated API types up to date,
## type check, Vitest), the browser journeys and the API fuzzing's fast profile.
test: test-rust test-openapi test-frontend test-e2e test-fuzz

## The media store's S3 tests run against moto's S3 server (tools/s3/server.py): started on a free
## loopback port for the run, named by BLOCOPRO_TEST_S3_ENDPOINT, stopped after it even when it fails.
test-rust: drop-test-databases s3-env
	$(S3_VENV)/bin/python tools/s3/server.py -- cargo nextest run --workspace --no-fail-fast

## The committed OpenAPI document is valid OpenAPI 3.1, names its operations well, and
## openapi-python-client makes an importable client from it without a warning (tools/openapi-check).
test-openapi: $(OPENAPI_CHECK_VENV)/.installed
	$(OPENAPI_CHECK_VENV)/bin/python tools/openapi-check/check.py

$(OPENAPI_CHECK_VENV)/.installed: tools/openapi-check/requirements.txt
	python3 -m venv $(OPENAPI_CHECK_VENV)
	$(OPENAPI_CHECK_VENV)/bin/pip install --quiet --disable-pip-version-check -r tools/openapi-check/requirements.txt
	touch $@

test-frontend: frontend/node_modules/.package-lock.json
	cd frontend && npm run check:api && npm run check:format && npm run typecheck && npm test

## Playwright journeys (Debian chromium) through the built SPA against the debug `blocopro` binary.
test-e2e: spa e2e/node_modules/.package-lock.json
	@# All targets, as the tests were built: the dependencies' features match and nothing is compiled twice.
	cargo build --workspace --all-targets
	cd e2e && BLOCOPRO_BIN=$(CARGO_TARGET_DIR)/debug/blocopro npm test

## schemathesis over every operation of the served OpenAPI document, on a fresh SQLite and a fresh
## PostgreSQL database (tools/fuzz/run.py): no 5xx, no answer the document does not describe.
test-fuzz: fuzz-env
	cargo build --workspace --all-targets
	$(FUZZ_VENV)/bin/python tools/fuzz/run.py --binary $(CARGO_TARGET_DIR)/debug/blocopro --profile fast

## The long checks, too slow for every `make test`; each is one prerequisite.
verify: verify-crash verify-fuzz

## moto's S3 server for the media store's tests, pinned, in a virtual environment.
s3-env: $(S3_VENV)/.installed

$(S3_VENV)/.installed: tools/s3/requirements.txt
	python3 -m venv $(S3_VENV)
	$(S3_VENV)/bin/pip install --quiet --disable-pip-version-check -r tools/s3/requirements.txt
	touch $@

## The API fuzzing's long profile (150 cases per operation, longer stateful chains), both databases.
verify-fuzz: fuzz-env
	cargo build --workspace --all-targets
	$(FUZZ_VENV)/bin/python tools/fuzz/run.py --binary $(CARGO_TARGET_DIR)/debug/blocopro --profile long

## The fuzzer's pinned Python packages, in a virtual environment.
fuzz-env: $(FUZZ_VENV)/.installed

$(FUZZ_VENV)/.installed: tools/fuzz/requirements.txt
	python3 -m venv $(FUZZ_VENV)
	$(FUZZ_VENV)/bin/pip install --quiet --disable-pip-version-check -r tools/fuzz/requirements.txt
	touch $@

## The SPA in frontend/dist (the binary serves it at /).
spa: frontend/node_modules/.package-lock.json
	cd frontend && npm run build

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

e2e/node_modules/.package-lock.json: e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund

bench/node_modules/.package-lock.json: bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund

## Benchmarks (not tests): cold start, idle RSS, GET /users, Cloud API webhook ingestion, group
## import, realtime, message list, logins and searches, on SQLite and PostgreSQL, and the SPA's first load
## (Lighthouse, Debian's chromium); figures go to bench/results/.
bench: spa bench/node_modules/.package-lock.json
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	cargo build --release -p blocopro-server -p blocopro-bench $(SERVER_FEATURES)
	python3 bench/run.py --binary $(CARGO_TARGET_DIR)/release/blocopro --seed $(CARGO_TARGET_DIR)/release/bench-seed

## Crash safety on SQLite and PostgreSQL (tools/crash-check): 10,000 signed Cloud API webhook deliveries
## with two SIGKILLs of the server while they are in flight, every unacknowledged one sent again; replies
## queued while the (local, fake) Graph API refuses, two more SIGKILLs; every message stored once, every
## reply sent once. The debug build (the one the tests use) is enough: it checks what is stored, not speed.
verify-crash:
	cargo build -p blocopro-server -p blocopro-crash-check
	$(CARGO_TARGET_DIR)/debug/crash-check --binary $(CARGO_TARGET_DIR)/debug/blocopro \
		--postgres-admin-url $(POSTGRES_ADMIN_URL)

## Regenerate the committed OpenAPI document and the SPA's API types from the code.
## Built as the tests are (all targets): `cargo run -p blocopro-server` alone would unify other features and
## compile the WhatsApp Web stack a second time.
openapi:
	cargo build --workspace --all-targets
	$(CARGO_TARGET_DIR)/debug/blocopro openapi > openapi/openapi.json
	cd frontend && npx openapi-typescript ../openapi/openapi.json -o src/api/schema.d.ts

## Databases left by earlier test runs (each test creates its own).
drop-test-databases:
	@psql "$(POSTGRES_ADMIN_URL)" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'blocopro_test_%'" 2>/dev/null \
		| while read -r db; do psql "$(POSTGRES_ADMIN_URL)" -qc "DROP DATABASE IF EXISTS \"$$db\"" >/dev/null; done || true
