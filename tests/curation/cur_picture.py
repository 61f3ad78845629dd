"""The incident picture on the five sample articles with their metadata
(docs/curation.md): the U.S. officials' attribution of the Sony hack to North
Korea, told by NBC News, Re/code and MSNBC in different words, is one
proposition whose claims corroborate each other across the outlets; North
Korea's denial is about North Korea and contradicts it; `dossier
attribution` shows North Korea responsible for the hack of Sony, asserted by
the U.S. government and denied by North Korea, and the Guardians of Peace's
own claim of responsibility as a row of its own.  On the timeline, the day
the attack began, told by three articles, is one row."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cur import *  # noqa: E402,F401,F403

t = tmpdir()
isolate(t)
d = corpus_daemon(t)
claims = d.json("claims")
by_id = {c["id"]: c for c in claims}

# The U.S. attribution: claims by the U.S. government that North Korea did it.
us = [c for c in claims if c["source_actor"] == "U.S. government" and "North Korea" in c["about"]
      and c["stance"] == "asserts" and any(w in c["content"] for w in
                                            ("behind", "ordered", "involved", "linkage", "orders"))]
check(len(us) >= 5, "at least five U.S. attribution claims: %d" % len(us))
props = {c["proposition"] for c in us}
check(len(props) == 1, "the U.S. attribution claims are one proposition: %r" % props)
prop = props.pop()
outlets = {c["publisher"] for c in us}
check({"NBC News", "Re/code", "MSNBC"} <= outlets, "told by three outlets: %r" % outlets)
for c in us:
    check(c["corroborating"] >= 4, "corroborated by at least 4 reports: %r" % c)
    check(c["publishers"] >= 3, "carried by at least 3 outlets: %r" % c)
    check(c["contradicting"] >= 1, "contradicted by the denial: %r" % c)

# North Korea's denial is about North Korea and belongs to the proposition.
denials = d.json("claims", "--about", "North Korea", "--stance", "denies")
nk = [c for c in denials if c["source_actor"] == "North Korea" and "connection" in c["content"]]
check(len(nk) == 1, "claims --about 'North Korea' --stance denies finds the denial: %r" % denials)
check(nk[0]["proposition"] == prop, "the denial is of the same proposition")
check(nk[0]["corroborating"] == 0 and nk[0]["contradicting"] >= 5,
      "the denial stands against the reports: %r" % nk[0])
check(nk[0]["confidence"] < 50, "the denial is unlikely to be so: %r" % nk[0])

# Its claims are listed by proposition.
listed = d.json("claims", "--proposition", prop)
check({c["id"] for c in us} <= {c["id"] for c in listed}, "claims --proposition lists them")
check(all(c["proposition"] == prop for c in listed), "and only them")

# Attribution: North Korea behind the hack of Sony, asserted by the U.S.
# government, denied by North Korea; one row however many claims.
rows = d.json("attribution")
nkrows = [r for r in rows if r["responsible"] == "North Korea" and r["target"].startswith("Sony")]
check(len(nkrows) == 1, "one row for North Korea and Sony: %r" % rows)
r = nkrows[0]
check(r["proposition"] == prop, "the row is the proposition")
check(r["act_class"] == "attack" and ("hack" in r["act"] or "attack" in r["act"]),
      "the act: %r" % r["act"])
check(r["asserted_by"][0] == "U.S. government", "asserted by the U.S. government first: %r" % r)
check(r["denied_by"] == ["North Korea"], "denied by North Korea: %r" % r)
check(r["outlets"] >= 3 and r["nclaims"] >= 6, "outlets and claims: %r" % r)
check(r["first_reported"] == "2014-12-01", "first reported: %r" % r)
check(r["confidence"] > 55 and r["likelihood"] in ("likely", "very likely"), "confidence: %r" % r)
check(sorted(r["claims"]) == sorted(c["id"] for c in listed), "the row lists its claims")
gop = [r for r in rows if r["responsible"] == "Guardians of Peace"]
check(len(gop) == 1 and gop[0]["asserted_by"] == ["Guardians of Peace"],
      "the Guardians of Peace claim it themselves: %r" % gop)
check(not gop[0]["unattributed"], "and only they do: %r" % gop)

# --about keeps the rows of one actor, responsible or target.
about = d.json("attribution", "--about", "Sony")
check({x["proposition"] for x in about} == {x["proposition"] for x in rows
                                            if x["target"].startswith("Sony")},
      "attribution --about Sony: the rows where Sony is the target")
check(d.json("attribution", "--about", "GOP")[0]["responsible"] == "Guardians of Peace",
      "any alias names the actor")

# The table shows the same, a line a row.
rc, out, err = d.run("attribution")
check("North Korea" in out and "U.S. government" in out, "the table: %s" % out)
# why: how a confidence comes about.  For a claim, its weight step by
# step, the proposition's reports for and against, F, A and the figure.
for c in us + nk:
    rs = d.json("why", c["id"])["reasoning"]
    check(rs["confidence"] == c["confidence"] and rs["proposition"] == prop,
          "why gives the claim's confidence: %r %r" % (rs, c))
    check(rs["weight_steps"][-1].endswith("-> %d" % rs["weight"]),
          "the steps end at the claim's weight: %r" % rs)
    check(rs["weight_for"] == r["weight_for"] and rs["weight_against"] == r["weight_against"],
          "F and A are the attribution row's: %r" % rs)
    check(rs["proposition_confidence"] == 50 + rs["pull_for"] - rs.get("pull_against", 0)
          == r["confidence"], "the figure: %r" % rs)
    if len(rs["supporting"]) == rs["reports_for"]:
        check(sum(x["weight"] for x in rs["supporting"]) == rs["weight_for"],
              "F is the sum of the reports for it: %r" % rs)
denial = d.json("why", nk[0]["id"])["reasoning"]
check(denial["stance"] == "denies" and any("responsible" in x for x in denial["weight_steps"]),
      "the accused's own denial weighs half: %r" % denial)
check(any(x["source"] == "North Korea" for x in denial["opposing"]), "and stands against it")
pw = d.json("why", prop)
check(pw["reasoning"]["confidence"] == r["confidence"] and not pw.get("items"),
      "why on the proposition: its reasoning alone: %r" % pw)
rc, out, err = d.run("why", us[0]["id"])
check(rc == 0 and "F = %d, A = %d" % (r["weight_for"], r["weight_against"]) in out,
      "the reasoning as text: %s" % out)

# The timeline: one row per event.  The attack began on 24 November, as
# three of the articles tell it; that is one row naming the three.
grouped = d.json("timeline")
entries = d.json("timeline", "--entries")
check(len(grouped) < len(entries), "groups are fewer than entries: %d, %d"
      % (len(grouped), len(entries)))
began = [e for e in grouped if e["date"] == "2014-11-24" and e["narticles"] >= 3]
check(len(began) == 1, "one row for the day the attack began: %r" % began)
g = began[0]
members = [e for e in entries if e["group"] == g["group"]]
check(len(members) == g["nentries"] and len({e["article"] for e in members}) == g["narticles"],
      "the row stands for its entries: %r" % members)
check(sorted(g["articles"]) == sorted({e["article"] for e in members}),
      "and names their articles: %r" % g)
check(all(e["date"] == "2014-11-24" and e["precision"] == "day" for e in members),
      "all on that day: %r" % members)
check(sum(e["nentries"] for e in grouped) == len(entries), "every entry in one row")
# A list of dates dates each of its items: an entry each, on the timeline.
listed = {}
for e in entries:
    if e["precision"] == "day":
        listed.setdefault((e["article"], e["text"][:30]), set()).add(e["date"])
check(any(len(v) >= 3 for v in listed.values()),
      "a clause listing three days gives three entries: %r" % listed)
# What became of each event: the release on Christmas Day lay ahead of
# every article, so it is planned or cancelled, never something that
# happened; what was said on a day is reported.
xmas = [e for e in entries if e["date"] == "2014-12-25"]
check(xmas and all(e["status"] in ("planned", "cancelled") for e in xmas),
      "the Christmas release is a plan: %r" % [(e["status"], e["text"][:60]) for e in xmas])
check({"planned", "cancelled"} <= {e["status"] for e in xmas}, "planned, and called off")
check(any(e["status"] == "reported" for e in entries), "some entries are reports")
check(all(e["status"] in ("happened", "reported", "planned", "cancelled") for e in entries),
      "every entry says what became of it")
# An actor's timeline, read from its own index in date order, page by
# page (--limit 2, following the cursor), as the whole timeline has it.
def pages(*args):
    rows, cursor = [], None
    for _ in range(100):
        extra = ["--cursor", cursor] if cursor else []
        rc, out, err = d.run(*(list(args) + ["--limit", "2", "--json"] + extra))
        rows += json.loads(out)
        m = re.search(r"--cursor ([0-9a-f]+)", err)
        if not m:
            return rows
        cursor = m.group(1)
    fail("the pages do not end")


sony = d.json("actor", "Sony Pictures")["actor"]
names = {sony["name"]} | set(sony.get("aliases", []))
mine = [e for e in entries if names & set(e.get("actors", []))]
check(len(mine) >= 3, "entries about Sony: %r" % mine)
got = pages("timeline", "--actor", "Sony Pictures", "--entries")
check([e["id"] for e in got] == [e["id"] for e in mine],
      "timeline --actor --entries pages through them in date order: %r" % got)
got = pages("timeline", "--actor", "Sony Pictures")
check([e["group"] for e in got] ==
      [g["group"] for g in grouped if any(e["group"] == g["group"] for e in mine)],
      "and its events, one row each: %r" % got)
check(d.json("timeline", "--actor", "Sony Pictures", "--from", "2014-12-01", "--to",
             "2014-12-17", "--entries") ==
      [e for e in mine if "2014-12-01" <= e["date"][:10] <= "2014-12-17"],
      "between two dates")

rc, out, err = d.run("timeline")
check("ARTICLES" in out and len(out.splitlines()) == len(grouped) + 1, "the table: %s" % out)

print("picture: ok")
