"""cur_naming.py: one way to name things, through the real binaries.

Ids: every command that takes an article, claim or entry id takes any
unique beginning of 4 hex digits or more (the 8-digit ARTICLE column of
the timeline included); an ambiguous one lists its candidates (exit 2), a
short one is bad usage (2), one that begins no id is not found (4).  Names:
an unknown actor in a filter or a command is exit 4 with "did you mean",
an unknown command exit 2 with the nearest.  Dates: --from/--to that are
no date are exit 2.  --json: errors are one JSON object on stderr with the
same exit code, and every command accepts the option.  --version."""
import json
import os
import re

from cur import *  # noqa: F401,F403
import cur
import svc

SOURCE = os.environ.get("DSR_SOURCE", os.path.join(os.path.dirname(__file__), "../.."))


def json_error(err, rc):
    """The one {"error": ...} line of a --json run's stderr."""
    lines = [json.loads(l) for l in err.splitlines() if l.strip()]
    errs = [l["error"] for l in lines if "error" in l]
    check(len(errs) == 1 and errs[0]["exit"] == rc,
          "stderr holds one JSON error with exit %d: %r" % (rc, err))
    return errs[0]


t = svc.tmpdir()
cur.isolate(t)
d = cur.corpus_daemon(t)

arts = [a["id"] for a in d.json("articles")]
claims = [c["id"] for c in d.json("claims")]
entries = [e["id"] for e in d.json("timeline", "--entries")]
every = arts + claims + entries

# ---- ids by prefix -----------------------------------------------------------

# An article by a 4-digit beginning (unique among articles: the commands
# that want an article look among articles only).
art = next(a for a in arts if sum(x.startswith(a[:4]) for x in arts) == 1)
rc, out, err = d.run("articles", art[:4])
check(art in out and len(out.strip().splitlines()) == 2, "articles %s: %r" % (art[:4], out))
got = d.json("claims", "--article", art[:4])
check(got and all(c["article"] == art for c in got), "claims --article %s" % art[:4])
got = d.json("timeline", "--article", art[:6])
check(got and all(e["article"] == art for e in got), "timeline --article %s" % art[:6])

# The timeline's ARTICLE column is an id the commands take.
rc, out, err = d.run("timeline")
col = [l.split() for l in out.splitlines()[1:] if re.search(r"\s[0-9a-f]{8}\s", l)]
shown = next(w for w in col[0] if re.fullmatch(r"[0-9a-f]{8}", w) and
             any(a.startswith(w) for a in arts))
d.run("timeline", "--article", shown)
d.run("articles", shown)
d.run("claims", "--article", shown)

# A claim by a unique beginning, in why and a curation command.
cid = claims[0]
n = next(k for k in range(4, 33) if sum(x.startswith(cid[:k]) for x in every) == 1)
items = cur.why(d, cid[:n])
check(items, "why %s (a unique beginning of a claim's id)" % cid[:n])
d.run("confirm", cid[:n], "--note", "by a prefix")
check(cur.claim(d, cid)["status"] == "confirmed", "confirm by a prefix confirmed the claim")

# Ambiguous: an article's 8 digits begin its claims' and entries' ids too.
rc, out, err = d.run("why", art[:8], check_rc=2)
check("several ids" in err and sum(x in err for x in every if x.startswith(art[:8])) >= 2,
      "why %s lists the candidates: %r" % (art[:8], err))
rc, out, err = d.run("why", art[:8], "--json", check_rc=2)
e = json_error(err, 2)
check(len(e["candidates"]) >= 2 and all(c.startswith(art[:8]) for c in e["candidates"]),
      "the JSON error lists the candidates: %r" % e)
check(e["command"] == "why" and "several ids" in e["message"], "the JSON error: %r" % e)

# Too short, not hex, no such id.
for cmd in (["articles", art[:3]], ["claims", "--article", art[:3]],
            ["timeline", "--article", "xyzw"], ["confirm", cid[:3]], ["why", "12"]):
    rc, out, err = d.run(*cmd, check_rc=None)
    if cmd[0] == "why":   # two digits may be a name: not found, then
        check(rc == 4, "why 12: exit %d" % rc)
        continue
    check(rc == 2 and "not an id" in err, "%s: exit %d %r" % (" ".join(cmd), rc, err))
absent = next("%04x" % k for k in range(65536)
              if not any(x.startswith("%04x" % k) for x in every))
for cmd in (["articles", absent], ["claims", "--article", absent],
            ["timeline", "--article", absent], ["confirm", absent]):
    rc, out, err = d.run(*cmd, check_rc=4)
    check("no " in err and absent in err, "%s: %r" % (" ".join(cmd), err))
    check(not out.strip(), "%s prints no table: %r" % (" ".join(cmd), out))

# ---- names ------------------------------------------------------------------------

for cmd in (["claims", "--about", "Nort Korea"], ["claims", "--by", "Nort Korea"],
            ["timeline", "--actor", "Nort Korea"], ["attribution", "--about", "Nort Korea"],
            ["actor", "Nort Korea"], ["merge", "Nort Korea", "GOP"]):
    rc, out, err = d.run(*cmd, check_rc=4)
    check('no actor is named "Nort Korea"' in err and 'did you mean "North Korea"' in err,
          "%s: %r" % (" ".join(cmd), err))
    check(not out.strip(), "%s prints no table: %r" % (" ".join(cmd), out))
rc, out, err = d.run("why", "Nort Korea", check_rc=4)
check('did you mean "North Korea"' in err, "why 'Nort Korea': %r" % err)
rc, out, err = d.run("claims", "--about", "Nort Korea", "--json", check_rc=4)
e = json_error(err, 4)
check("North Korea" in e["candidates"] and e["kind"] == "not found" and
      e["command"] == "claims", "the JSON error: %r" % e)
check(not out.strip(), "no JSON array on stdout for an error: %r" % out)
# An alias is near enough too, and a real name with no claims is no error.
rc, out, err = d.run("actor", "Gardians of Peace", check_rc=4)
check('did you mean "Guardians of Peace"' in err, "actor 'Gardians of Peace': %r" % err)
d.run("claims", "--about", "North Korea")
d.run("claims", "--about", "north korea")

# Unknown commands.
rc, out, err = d.run("claimz", check_rc=2)
check("unknown command 'claimz'" in err and "did you mean claims" in err, repr(err))
rc, out, err = d.run("--json", "timelime", check_rc=2)
e = json_error(err, 2)
check(e["candidates"] == ["timeline"], "the JSON error: %r" % e)

# ---- dates ------------------------------------------------------------------------

for bad in ("Nov", "2014-11-xx", "2014-13", "2014-02-30", "12/01/2014", "2014-11-24T25:00"):
    for opt in ("--from", "--to"):
        rc, out, err = d.run("timeline", opt, bad, check_rc=2)
        check("is not a date" in err, "timeline %s %s: %r" % (opt, bad, err))
rc, out, err = d.run("timeline", "--from", "Nov", "--json", check_rc=2)
e = json_error(err, 2)
check(e["kind"] == "usage" and "Nov" in e["message"], "the JSON error: %r" % e)
for good in ("2014", "2014-11", "2014-11-24", "2014-11-24T09:30"):
    d.run("timeline", "--from", good)

# ---- --json everywhere, --version ------------------------------------------------------

rc, out, err = svc.Daemon.run(d, "--help")
names = re.findall(r"(?m)^  ([a-z]+) ", out.split("Commands:")[1].split("\n\n")[0])
check(len(names) > 20, "the command table: %r" % names)
for name in names:
    # --json is taken (it is not the option complained of) by every command.
    rc, out, err = d.run(name, "--json", "--no-such-option", check_rc=2)
    e = json_error(err, 2)
    # (Commands with subcommands, entry, proposition, bundle, say their
    # usage first.)
    check(e["command"] == name and "'--json'" not in e["message"] and
          ("--no-such-option" in e["message"] or e["message"].startswith("usage:")),
          "%s --json --no-such-option: %r" % (name, e))
rc, out, err = d.run("extract", os.path.join(svc.CORPUS, svc.gold()["docs"][0]["file"]),
                     "--json")
check(json.loads(out), "extract --json prints its JSON")
# Messages of a command that succeeds are JSON notices.
rc, out, err = d.run("claims", "--limit", "1", "--json")
check(len(json.loads(out)) == 1, "claims --limit 1")
notes = [json.loads(l) for l in err.splitlines() if l.strip()]
check(notes and all("notice" in n for n in notes) and "--cursor" in notes[0]["notice"],
      "the cursor hint is a JSON notice: %r" % err)

with open(os.path.join(SOURCE, "CMakeLists.txt")) as f:
    version = re.search(r"project\(dossier VERSION ([0-9.]+)", f.read()).group(1)
rc, out, err = d.run("--version")
check(out.strip() == "dossier " + version, "dossier --version: %r" % out)
st = d.json("status")
check(version in json.dumps(st), "status names the daemon's version %s: %r" % (version, st))
print("ok")
