#!/usr/bin/env python3
"""stix_validate.py BUNDLE [--plain]: ../shared/eval/validate_stix.py, run against a
copy of the official schemas whose bundle.json lists every STIX 2.1 object
type.

The official bundle.json (cti-stix2-json-schemas, stix2.1 branch) lists the
2.0 types and infrastructure and malware-analysis, but not grouping,
incident, location, note, opinion or extension-definition: those fall to
its branch for custom objects, which requires an object to match exactly
one of core.json and cyber-observable-core.json, and every valid STIX
domain object matches both.  So any bundle holding a location, note,
opinion or extension definition fails there, however right the object.
This copy adds the six missing types to the list; every object is still
checked against its own type's schema, and the bundle against the rest.

Prints the validator's output and, with --plain, first how many errors the
unpatched schemas report and of which kind; exits with the validator's status on the
patched copy.  Needs DSR_SHARED (or ../shared beside the source tree)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

MISSING = ["../sdos/grouping.json", "../sdos/incident.json", "../sdos/location.json",
           "../sdos/note.json", "../sdos/opinion.json", "../common/extension-definition.json"]


def shared():
    s = os.environ.get("DSR_SHARED")
    if s:
        return s
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared")


def patched_schemas(dst):
    src = os.path.join(shared(), "stix2-schemas", "schemas")
    shutil.copytree(src, dst)
    for root, dirs, files in os.walk(dst):
        os.chmod(root, 0o755)
        for f in files:
            os.chmod(os.path.join(root, f), 0o644)
    path = os.path.join(dst, "common", "bundle.json")
    with open(path) as f:
        b = json.load(f)
    listed = b["properties"]["objects"]["items"]["anyOf"][0]["oneOf"]
    have = {x["$ref"] for x in listed}
    listed.extend({"$ref": r} for r in MISSING if r not in have)
    with open(path, "w") as f:
        json.dump(b, f, indent=2)


def main():
    bundle = sys.argv[1]
    validator = os.path.join(shared(), "eval", "validate_stix.py")
    if "--plain" in sys.argv[2:]:
        as_they_are(validator, bundle)
    with tempfile.TemporaryDirectory() as tmp:
        schemas = os.path.join(tmp, "schemas")
        patched_schemas(schemas)
        p = subprocess.run(["python3", validator, bundle, "--schemas", schemas],
                           capture_output=True, text=True)
    sys.stdout.write(p.stdout)
    sys.stderr.write(p.stderr)
    return p.returncode


def as_they_are(validator, bundle):
    plain = subprocess.run(["python3", validator, bundle], capture_output=True, text=True)
    lines = plain.stdout.strip().splitlines()
    kinds = {}
    for ln in lines[:-1]:
        if ln.startswith("bundle: objects/"):
            t = ln.split("'type': '", 1)[-1].split("'", 1)[0]
            kinds[t] = kinds.get(t, 0) + 1
        else:
            kinds["(other)"] = kinds.get("(other)", 0) + 1
    print("official schemas as they are: %s; by type: %s" %
          (lines[-1] if lines else "?", json.dumps(kinds, sort_keys=True)))


if __name__ == "__main__":
    sys.exit(main())
