#!/usr/bin/env python3
"""Checks that openapi/openapi.json serves client generators (`make test-openapi`):

1. it is valid OpenAPI 3.1 (openapi-spec-validator);
2. every operation has an operationId that is a unique snake_case method name, a summary and a tag;
3. openapi-python-client generates a client from it without a single warning, and every module of
   that client imports.

The TypeScript side (openapi-typescript, then `tsc`) runs in the SPA's own checks: `npm run
check:api` regenerates `frontend/src/api/schema.d.ts` and `npm run typecheck` compiles against it.
"""

import importlib
import json
import pkgutil
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "openapi" / "openapi.json"
METHOD_NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield f"{method.upper()} {path}", operation


def operation_problems(document):
    seen = {}
    for where, operation in operations(document):
        operation_id = operation.get("operationId", "")
        if not METHOD_NAME.match(operation_id):
            yield f"{where}: operationId {operation_id!r} is not a snake_case method name"
        if operation_id in seen:
            yield f"{where}: operationId {operation_id!r} is also {seen[operation_id]}'s"
        seen[operation_id] = where
        if not operation.get("summary"):
            yield f"{where}: no summary"
        if not operation.get("tags"):
            yield f"{where}: no tag"


def generate_python_client(directory):
    config = directory / "config.yaml"
    config.write_text("post_hooks: []\n")  # no formatter run over the output: nothing to install for it
    package = directory / "blocopro_client"
    command = [str(Path(sys.executable).with_name("openapi-python-client")), "generate", "--path", str(DOCUMENT),
               "--meta", "none", "--output-path", str(package), "--config", str(config)]
    run = subprocess.run(command, capture_output=True, text=True)
    said = [line for line in (run.stdout + run.stderr).splitlines() if line.strip() and not line.startswith("Generating")]
    if run.returncode != 0 or said:
        sys.exit("openapi-python-client did not generate cleanly:\n" + "\n".join(said))
    return package


def import_every_module(package):
    sys.path.insert(0, str(package.parent))
    root = importlib.import_module(package.name)
    modules = [name for _, name, _ in pkgutil.walk_packages(root.__path__, f"{package.name}.")]
    for name in modules:
        importlib.import_module(name)
    return len(modules)


def main():
    spec, _ = read_from_filename(str(DOCUMENT))
    validate(spec)
    problems = list(operation_problems(json.loads(DOCUMENT.read_text())))
    if problems:
        sys.exit("operations a generated client cannot name well:\n" + "\n".join(problems))
    with tempfile.TemporaryDirectory() as directory:
        package = generate_python_client(Path(directory))
        imported = import_every_module(package)
    count = sum(1 for _ in operations(spec))
    print(f"openapi/openapi.json: valid OpenAPI {spec['openapi']}, {count} operations named well, "
          f"a Python client generated without warnings ({imported} modules imported)")


if __name__ == "__main__":
    main()
