"""Indicators of compromise, end to end: a report with defanged indicators
is filed twice (the second copy names one of them once more); `dossier
indicators` lists each distinct one once with its occurrences and
articles, filters by type and by article, pages without losing or
repeating one; `why` quotes an occurrence as written (defanged) in its
article; the JSON export lists them with their provenance; `ingest` counts
them.  Written here: no third-party text."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cur import *  # noqa: E402,F401,F403

REPORT = """Researchers said the intruders staged tools at hxxp://cdn-update[.]net/a.ps1
and talked to 198.51.100[.]77 over the weekend. Phishing mail came from
billing[at]pay-notice(.)com, and the dropper's SHA-256 is
9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08. The flaw
used was CVE-2023-23397, by way of T1566.002.
"""

t = tmpdir()
isolate(t)
d = Daemon(os.path.join(t, "data"))
one, two = os.path.join(t, "one.txt"), os.path.join(t, "two.txt")
with open(one, "w") as f:
    f.write(REPORT)
with open(two, "w") as f:
    f.write(REPORT + "A second wave again used 198.51.100.77 on Monday.\n")
rc, out, err = d.run("ingest", one, "--published", "2023-03-20", "--publisher", "Lab A")
check(rc == 0 and "6 indicators" in out, "ingest counts the indicators: %r" % out)
d.run("ingest", two, "--published", "2023-03-21", "--publisher", "Lab B")
arts = {a["publisher"]: a["id"] for a in d.json("articles")}

rows = d.json("indicators")
want = {("url", "http://cdn-update.net/a.ps1"), ("ipv4", "198.51.100.77"),
        ("email", "billing@pay-notice.com"),
        ("sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
        ("cve", "CVE-2023-23397"), ("attack-technique", "T1566.002")}
got = {(r["type"], r["value"]) for r in rows}
check(got == want, "each distinct indicator once: %r" % sorted(got))
check([(r["type"], r["value"]) for r in rows] == sorted(got),
      "in order of type, then value")
ip = [r for r in rows if r["type"] == "ipv4"][0]
check(ip["occurrences"] == 3 and ip["narticles"] == 2 and
      set(ip["articles"]) == set(arts.values()), "the IP: 3 times in 2 articles: %r" % ip)
for r in rows:
    if r["type"] != "ipv4":
        check(r["occurrences"] == 2 and r["narticles"] == 2, "twice, in both: %r" % r)

check({r["value"] for r in d.json("indicators", "--type", "ipv4")} == {"198.51.100.77"},
      "--type keeps one type")
check(d.json("indicators", "--type", "btc") == [], "a type with none: an empty list")
rc, out, err = d.run("indicators", "--type", "ip", check_rc=2)
check("ipv4" in err, "an unknown type is refused, naming the types: %r" % err)
mine = d.json("indicators", "--article", arts["Lab A"][:8])
check({(r["type"], r["value"]) for r in mine} == want and
      [r for r in mine if r["type"] == "ipv4"][0]["occurrences"] == 3,
      "--article: that article's, with their counts in all")

# Pages: two at a time, every one once.
seen, cursor = [], None
for _ in range(10):
    args = ["indicators", "--limit", "2"] + (["--cursor", cursor] if cursor else [])
    rc, out, err = d.run(*args, "--json")
    seen += [(r["type"], r["value"]) for r in json.loads(out)]
    cursor = err.split("--cursor ", 1)[1].split(")")[0].strip() if "--cursor" in err else None
    if not cursor:
        break
check(seen == sorted(want), "paged by two: every indicator once: %r" % seen)

# why quotes the occurrence as written, defanged.
text = open(one, "rb").read()
w = why(d, ip["first"])
quotes = [i for i in w if i.get("quote")]
check(quotes and quotes[0]["quote"] == "198.51.100[.]77" and quotes[0]["detail"] ==
      "ipv4 198.51.100.77", "why quotes it as written: %r" % quotes)

# The JSON export carries them, each with its provenance.
rc, out, err = d.run("export", "--format", "json")
doc = json.loads(out)
check({(i["type"], i["value"]) for i in doc["indicators"]} == want,
      "the export lists them")
check(all(i["provenance"] and i["provenance"][0]["quote"] for i in doc["indicators"]),
      "each with a quoted provenance")
# The MISP export carries them as attributes of MISP's own types.
rc, out, err = d.run("export", "--format", "misp")
attrs = json.loads(out)["Event"]["Attribute"]
mtype = {"url": "url", "ipv4": "ip-dst", "email": "email-src", "sha256": "sha256",
         "cve": "vulnerability", "attack-technique": "text"}
for ty, val in want:
    check(any(a["type"] == mtype[ty] and a["value"] == val and not a["to_ids"] for a in attrs),
          "MISP has %s %s as a %s attribute" % (ty, val, mtype[ty]))

print("indicators: %d distinct, the IP %d times in %d articles; pages, why and export agree" %
      (len(rows), ip["occurrences"], ip["narticles"]))
print("ok")
