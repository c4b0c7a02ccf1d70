#!/usr/bin/env python3
"""Validates JSON files against a JSON Schema (2020-12) with the independent `jsonschema`
package. Usage: validate_json.py SCHEMA FILE...   Exit 0 when all are valid, 1 otherwise."""
import json
import sys

import jsonschema


def main() -> int:
    schema_path, files = sys.argv[1], sys.argv[2:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        for error in validator.iter_errors(document):
            location = "/".join(str(p) for p in error.absolute_path)
            print(f"{path}: {location}: {error.message}", file=sys.stderr)
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
