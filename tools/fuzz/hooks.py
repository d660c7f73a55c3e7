"""schemathesis hooks for run.py (loaded through SCHEMATHESIS_HOOKS=hooks).

Two things the document cannot tell schemathesis:
- Who calls: the platform operations (`/api/v1/platform/…`) are the operator's, every other one
  the company administrator's; both use the same `bearer` scheme. Tokens come from logging in
  (again every few minutes, well within the access token's 15 minutes).
- The fuzzer must not lock itself out: a write to the administrator it is logged in as (deactivate,
  delete, strip of rights, restrict its hours) or to that administrator's company (deactivate)
  would turn every later request into a 401/403 and test nothing. Such a request is sent to a
  random id instead, which tests the not-found path of the same operation. Likewise a login
  attempt for the administrator's or the operator's e-mail (the fuzzer learns addresses from
  responses) goes to an unknown address: five wrong passwords would lock the account for 15 minutes.

One failure is dropped when its premise is false: "created resource not found"
(ensure_resource_availability) for a request whose `{id}` is not a UUIDv7. The server makes only
v7 ids, so such an id is not the resource the previous step created; the long profile's stateful
phase sent a random v4 id after a `POST /platform/companies` and the check took the 404 for a lost
company. A 404 for an id the server did create still fails the run.
"""

import json
import os
import urllib.request
import uuid

import schemathesis

BASE_URL = os.environ["FUZZ_BASE_URL"]
PASSWORD = os.environ["FUZZ_PASSWORD"]
LOGINS = {
    "operator": ("/api/v1/platform/auth/login", os.environ["FUZZ_OPERATOR_EMAIL"]),
    "admin": ("/api/v1/auth/login", os.environ["FUZZ_ADMIN_EMAIL"]),
}
PROTECTED_IDS = {os.environ["FUZZ_ADMIN_ID"], os.environ["FUZZ_COMPANY_ID"]}
PROTECTED_EMAILS = {email for _, email in LOGINS.values()}
READS = {"GET", "HEAD", "OPTIONS"}
LOGIN_PATHS = {path for path, _ in LOGINS.values()}


def caller(context):
    return "operator" if context.operation.path.startswith("/api/v1/platform/") else "admin"


@schemathesis.auth(refresh_interval=300, cache_by_key=lambda _case, context: caller(context))
class Login:
    def get(self, _case, context):
        path, email = LOGINS[caller(context)]
        request = urllib.request.Request(
            f"{BASE_URL}{path}",
            data=json.dumps({"email": email, "password": PASSWORD}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)["access_token"]

    def set(self, case, token, _context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}


@schemathesis.hook
def before_call(_context, case, _kwargs):
    path_parameters = case.path_parameters or {}
    if case.method.upper() not in READS and str(path_parameters.get("id")) in PROTECTED_IDS:
        path_parameters["id"] = str(uuid.uuid4())
    body = case.body
    if case.path in LOGIN_PATHS and isinstance(body, dict) and str(body.get("email", "")).strip().lower() in PROTECTED_EMAILS:
        body["email"] = f"{uuid.uuid4().hex}@fuzz.invalid"


@schemathesis.hook
def filter_failure(_context, failure, case, _response):
    if type(failure).__name__ != "EnsureResourceAvailability":
        return True
    try:
        return uuid.UUID(str((case.path_parameters or {}).get("id"))).version == 7
    except ValueError:
        return False
