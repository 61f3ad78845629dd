"""Indicators of compromise in the STIX and MISP exports (docs/export.md).

Two reports written here (no third-party text) give defanged indicators of
every kind the extractor finds; one of them attributes the attack to a
group.  The STIX bundle then holds, for each address, domain, URL, e-mail
address and hash: the cyber-observable with the id STIX 2.1 prescribes
(recomputed here: UUIDv5 of the canonical JSON of its id-contributing
properties in STIX's namespace), an observed-data of it, and an indicator
whose pattern this test parses with the grammar of the comparisons it
may use (quotes and backslashes escaped) and which matches the
observable; valid_from is the time of the event of its first occurrence;
the indicator is based-on the observed-data and indicates the campaign of
the attributing article and the actor it is attributed to (only for the
indicators that article gives); CVE ids are vulnerabilities and ATT&CK
techniques attack-patterns; every object is in its reports' object_refs;
the bundle validates against the schemas; the same knowledge base gives
the same bytes.  The MISP attributes have types that MISP's type list
allows in their category."""
import datetime
import os
import re
import subprocess
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cur import *  # noqa: E402,F401,F403

ONE = """Researchers said the intruders staged tools at hxxp://cdn-update[.]net/a.ps1
and talked to 198.51.100[.]77 over the weekend. Phishing mail came from
billing[at]pay-notice(.)com, and the dropper's SHA-256 is
9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 and its MD5
d41d8cd98f00b204e9800998ecf8427e. The flaw used was CVE-2023-23397, by way of T1566.002.
Officials said the attack on Acme Corp was carried out by the Lazarus Group, a hacking group.
"""
TWO = """A second lab saw the command server evil-c2[.]org and the SHA-1
a94a8fe5ccb19ba61c4c0873d391e987982fbbd3 on a host that also reached
198.51.100.77 and 2001:db8::7 last month.
"""

NS = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")
SCO = {"ipv4": "ipv4-addr", "ipv6": "ipv6-addr", "domain": "domain-name", "url": "url",
       "email": "email-addr", "md5": "file", "sha1": "file", "sha256": "file",
       "sha512": "file"}
HASH = {"md5": "MD5", "sha1": "SHA-1", "sha256": "SHA-256", "sha512": "SHA-512"}
# STIX 2.1 patterning (section 9): a comparison expression "[" object-path
# "=" string-literal "]"; a path "type:prop" or "type:hashes.KEY" with a key
# quoted when it is not an identifier; a literal in single quotes in which
# only \' and \\ are escapes.
LIT = r"'((?:[^'\\]|\\['\\])*)'"
PATTERN = re.compile(r"^\[([a-z0-9-]+):(value|hashes\.(?:MD5|'SHA-1'|'SHA-256'|'SHA-512')) = "
                     + LIT + r"\]$")
# MISP's types, and the categories each may be in, for the types the
# export uses (describeTypes.json, category_type_mappings).
MISP_CATEGORIES = {
    "ip-dst": {"Network activity", "Payload delivery", "External analysis"},
    "domain": {"Network activity", "Payload delivery", "External analysis"},
    "url": {"Network activity", "Payload delivery", "External analysis"},
    "email-src": {"Payload delivery", "Social network"},
    "md5": {"Payload delivery", "Artifacts dropped", "Payload installation", "External analysis"},
    "sha1": {"Payload delivery", "Artifacts dropped", "Payload installation", "External analysis"},
    "sha256": {"Payload delivery", "Artifacts dropped", "Payload installation",
               "External analysis"},
    "sha512": {"Payload delivery", "Artifacts dropped", "Payload installation"},
    "vulnerability": {"External analysis", "Payload delivery", "Payload installation"},
    "btc": {"Financial fraud"},
    "text": {"External analysis", "Antivirus detection", "Attribution", "Financial fraud",
             "Internal reference", "Other", "Payload delivery", "Payload type",
             "Persistence mechanism", "Person", "Social network", "Support Tool"},
}


def unescape(lit):
    return re.sub(r"\\(['\\])", r"\1", lit)


def iso_ms(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


t = tmpdir()
isolate(t)
d = Daemon(os.path.join(t, "data"))
for name, text, day, pub in (("one.txt", ONE, "2023-03-20", "Lab A"),
                             ("two.txt", TWO, "2023-04-02", "Lab B")):
    path = os.path.join(t, name)
    with open(path, "w") as f:
        f.write(text)
    d.run("ingest", path, "--published", day, "--publisher", pub)
arts = {a["publisher"]: a["id"] for a in d.json("articles")}
iocs = d.json("indicators")
kinds = {r["type"] for r in iocs}
check({"ipv4", "ipv6", "domain", "url", "email", "md5", "sha1", "sha256", "cve",
       "attack-technique"} <= kinds, "the reports give every kind: %r" % sorted(kinds))
rows = d.json("attribution")
check(any(r["responsible"] == "Lazarus Group" for r in rows), "an attribution row: %r" % rows)

out = os.path.join(t, "b.json")
d.run("export", "--format", "stix", "-o", out)
raw = open(out, "rb").read()
d.run("export", "--format", "stix", "-o", out + "2")
check(open(out + "2", "rb").read() == raw, "the same knowledge base gives the same bytes")
objs = json.loads(raw)["objects"]
byid = {o["id"]: o for o in objs}
rels = [o for o in objs if o["type"] == "relationship"]
reports = {o["external_references"][0]["external_id"]: o for o in objs if o["type"] == "report"}
camp = {o["id"]: o for o in objs if o["type"] == "campaign"}
att = {r["source_ref"]: r["target_ref"] for r in rels if r["relationship_type"] == "attributed-to"
       and r["source_ref"] in camp}
# what the campaign is attributed-to: an intrusion-set for a group, else the
# threat-actor standing for it
laz = [byid[x] for x in att.values() if byid[x]["name"] == "Lazarus Group"]
check(len(laz) == 1 and laz[0]["type"] in ("intrusion-set", "threat-actor"),
      "a campaign attributed to Lazarus Group: %r" % laz)

npat = 0
for r in iocs:
    ty, val = r["type"], r["value"]
    mine = [reports[a] for a in r["articles"]]
    if ty in SCO:
        if ty in HASH:
            props = {"hashes": {HASH[ty]: val}}
        else:
            props = {"value": val}
        want = "%s--%s" % (SCO[ty], uuid.uuid5(NS, json.dumps(props, sort_keys=True,
                                                               separators=(",", ":"),
                                                               ensure_ascii=False)))
        sco = byid.get(want)
        check(sco and all(sco.get(k) == v for k, v in props.items()) and
              "created" not in sco, "%s %s: the observable with the spec's id %s" %
              (ty, val, want))
        obs = [o for o in objs if o["type"] == "observed-data" and o["object_refs"] == [want]]
        check(len(obs) == 1 and obs[0]["number_observed"] == r["occurrences"] and
              obs[0]["first_observed"] <= obs[0]["last_observed"],
              "one observed-data of it: %r" % obs)
        based = [x for x in rels if x["relationship_type"] == "based-on" and
                 x["target_ref"] == obs[0]["id"]]
        check(len(based) == 1 and byid[based[0]["source_ref"]]["type"] == "indicator",
              "an indicator based-on it")
        ind = byid[based[0]["source_ref"]]
        m = PATTERN.match(ind["pattern"])
        check(m and m.group(1) == SCO[ty] and unescape(m.group(3)) == val and
              (m.group(2) == "value") == (ty not in HASH) and
              (ty not in HASH or HASH[ty] in m.group(2)),
              "a pattern of the grammar that matches the observable: %r" % ind["pattern"])
        npat += 1
        check(ind["pattern_type"] == "stix" and ind["pattern_version"] == "2.1",
              "pattern_type stix")
        first = [w for w in why(d, r["first"]) if w["act"] == "extracted"]
        check(first and ind["valid_from"] == iso_ms(first[0]["hlc"] >> 16),
              "valid_from is its first occurrence's event: %s" % ind["valid_from"])
        ours = {x["target_ref"] for x in rels if x["relationship_type"] == "indicates" and
                x["source_ref"] == ind["id"]}
        if arts["Lab A"] in r["articles"]:
            check(ours and all(c in camp or c == laz[0]["id"] for c in ours) and
                  laz[0]["id"] in ours and any(att.get(c) == laz[0]["id"] for c in ours),
                  "%s indicates the campaign and Lazarus Group: %r" % (val, ours))
        else:
            check(not ours, "%s (only in the article attributing nothing) indicates "
                  "nothing: %r" % (val, ours))
        for rep in mine:
            check(ind["id"] in rep["object_refs"] and want in rep["object_refs"] and
                  obs[0]["id"] in rep["object_refs"], "its reports refer to it")
    elif ty == "cve":
        v = [o for o in objs if o["type"] == "vulnerability" and o["name"] == val]
        check(len(v) == 1 and v[0]["external_references"] ==
              [{"source_name": "cve", "external_id": val}], "%s is a vulnerability" % val)
        check(all(v[0]["id"] in rep["object_refs"] for rep in mine), "in its reports")
    elif ty == "attack-technique":
        v = [o for o in objs if o["type"] == "attack-pattern" and o["name"] == val]
        check(len(v) == 1 and v[0]["external_references"][0]["source_name"] == "mitre-attack"
              and v[0]["external_references"][0]["external_id"] == val,
              "%s is an attack-pattern" % val)
        check(all(v[0]["id"] in rep["object_refs"] for rep in mine), "in its reports")
for x in rels:
    src, dst = byid[x["source_ref"]], byid[x["target_ref"]]
    if src["type"] == "indicator":
        check((x["relationship_type"], dst["type"]) in
              {("based-on", "observed-data"), ("indicates", "campaign"),
               ("indicates", "intrusion-set"), ("indicates", "threat-actor")},
              "a relationship the spec defines for an indicator: %r" % x)
for o in objs:
    for k, v in o.items():
        if k.endswith("_ref"):
            check(v in byid, "%s of %s resolves" % (k, o["id"]))
        elif k.endswith("_refs"):
            check(all(i in byid or i.startswith("marking-definition--") for i in v),
                  "%s of %s resolve" % (k, o["id"]))

HELPER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support",
                      "stix_validate.py")
if SHARED and os.path.isdir(os.path.join(SHARED, "stix2-schemas")) and \
        os.path.exists(os.path.join(SHARED, "eval", "validate_stix.py")) and \
        not subprocess.run(["python3", "-c", "import jsonschema"],
                           capture_output=True).returncode:
    p = subprocess.run(["python3", HELPER, out], capture_output=True, text=True, timeout=180,
                       env=dict(os.environ, DSR_SHARED=SHARED))
    last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
    check(p.returncode == 0 and last.endswith(" 0 errors"), "the bundle validates: %s%s" %
          (p.stdout[-2000:], p.stderr[-1000:]))
    print("validate_stix.py: %s" % last)
else:
    print("schema check skipped: ../shared's STIX schemas or python3-jsonschema absent")

# MISP: every indicator an attribute of a type MISP allows in its category.
ev = json.loads(d.run("export", "--format", "misp")[1])["Event"]
for r in iocs:
    a = [x for x in ev["Attribute"] if x["value"] == r["value"] and
         x["type"] in MISP_CATEGORIES]
    check(len(a) == 1 and a[0]["category"] in MISP_CATEGORIES[a[0]["type"]],
          "MISP: %s %s is a %r" % (r["type"], r["value"], a))

print("stix indicators: %d indicators, %d patterns parsed, %d objects" %
      (len(iocs), npat, len(objs)))
print("ok")
