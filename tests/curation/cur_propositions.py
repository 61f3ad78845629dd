"""Analysts' word on propositions (docs/curation.md): `dossier proposition
split` sets claims apart from the proposition the rule put them in,
`join` puts claims (or a whole proposition) with another claim's, `rule`
gives the decision back to the rule.  The figures follow at once —
corroboration, contradiction, confidence and attribution rows — the latest
word on a claim is in force, the one that lost is a conflict, and why shows
the placement."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cur import *  # noqa: E402,F401,F403

t = tmpdir()
isolate(t)
d = corpus_daemon(t)


def claims():
    return {c["id"]: c for c in d.json("claims")}


c0 = claims()
nk = [c for c in c0.values() if c["source_actor"] == "North Korea" and c["stance"] == "denies"
      and "connection" in c["content"]]
check(len(nk) == 1, "North Korea's denial: %r" % nk)
nk = nk[0]
prop = nk["proposition"]
us = [c for c in c0.values() if c["proposition"] == prop and c["stance"] == "asserts"
      and c["source_actor"] == "U.S. government"]
check(len(us) >= 5 and all(c["contradicting"] >= 1 for c in us),
      "the U.S. claims are contradicted by the denial: %r" % us)

# split: the denial is set apart; the reports no longer stand against it.
res = run_json(d, "proposition", "split", nk["id"], "--note", "another act", "--author", "alice")
check(res["placed"] == 1 and res["proposition"] and res["proposition"] != prop,
      "split gives the claim a proposition of its own: %r" % res)
c1 = claims()
check(c1[nk["id"]]["proposition"] == res["proposition"], "the claim is in it")
check(all(c1[c["id"]]["contradicting"] == c["contradicting"] - 1 for c in us),
      "the U.S. claims lose the contradiction")
check(all(c1[c["id"]]["confidence"] > c["confidence"] for c in us),
      "and gain confidence: %r" % [(c1[c["id"]]["confidence"], c["confidence"]) for c in us])
row = [r for r in d.json("attribution") if r["proposition"] == prop][0]
check(not row.get("denied_by"), "the attribution row is denied by no one now: %r" % row)
w = why(d, nk["id"])
check(any(i["act"] == "placed" and i["author"] == "alice" and "apart" in i["detail"] for i in w),
      "why shows the placement: %r" % w)

# join: bob puts it back with a U.S. claim; the latest word wins and
# alice's is a conflict.
res = run_json(d, "proposition", "join", us[0]["id"], nk["id"], "--author", "bob")
check(res["proposition"] == prop, "join puts it in the U.S. claim's proposition: %r" % res)
c2 = claims()
check(c2[nk["id"]]["proposition"] == prop and
      all(c2[c["id"]]["contradicting"] == c["contradicting"] for c in us),
      "the contradiction is back")
conf = d.json("conflicts")
check(any(x["target"] == nk["id"] and x["field"] == "proposition" and x["author"] == "alice"
          and x["current"].startswith("with ") and x["current_author"] == "bob" for x in conf),
      "the placement that lost is a conflict: %r" % conf)

# A placed claim follows the claim it is with: moving the U.S. claim apart
# takes the denial along.
res = run_json(d, "proposition", "split", us[0]["id"], "--author", "carol")
c3 = claims()
check(c3[nk["id"]]["proposition"] == c3[us[0]["id"]]["proposition"] == res["proposition"]
      != prop, "the claim placed with it follows it: %r" % res)
d.run("proposition", "rule", us[0]["id"], nk["id"], "--author", "carol")
c4 = claims()
check(c4[nk["id"]]["proposition"] == prop and c4[us[0]["id"]]["proposition"] == prop,
      "rule gives both back to the rule")
check(all(c4[i]["proposition"] == c0[i]["proposition"] and
          c4[i]["confidence"] == c0[i]["confidence"] for i in c0),
      "and every figure is as before")

# join two whole propositions: the claims of one with the other's.
stmts = {}
for c in c0.values():
    stmts.setdefault(c["proposition"], []).append(c["id"])
p, q = [x for x in sorted(stmts) if x != prop][:2]
res = run_json(d, "proposition", "join", p, q, "--author", "dave")
check(res["placed"] == len(stmts[q]), "every claim of the second is placed: %r" % res)
listed = {c["id"] for c in d.json("claims", "--proposition", res["proposition"])}
check(set(stmts[p]) | set(stmts[q]) <= listed, "one proposition holds both: %r" % listed)
d.run("proposition", "rule", q, "--author", "dave", check_rc=4)   # no proposition is q now
rc, out, err = d.run("proposition", "rule", *stmts[q], "--author", "dave")
check(rc == 0 and {c["id"] for c in d.json("claims", "--proposition", q)} == set(stmts[q]),
      "rule on its claims brings the proposition back")

# Usage and unknown ids.
for args, code in ((["proposition"], 2), (["proposition", "join", us[0]["id"]], 2),
                   (["proposition", "merge", nk["id"]], 2),
                   (["proposition", "split", "ffffffffffffffffffffffffffffffff"], 4)):
    rc, out, err = d.run(*args, check_rc=code)
    check(rc == code and err.strip(), "%r exits %d with a message: %d %r" % (args, code, rc, err))
rc, out, err = d.run("proposition", "--help")
check(rc == 0 and "join TARGET" in out and "split" in out, "help: %s" % out)
print("propositions: ok")
