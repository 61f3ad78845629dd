"""Metadata that holds: a publication date must be a date, and an article
filed without one says how its relative dates were resolved.
- `ingest --published` refuses what is not a real date or ISO 8601 time
  (12/01/2014, 2014-13-45, "Dec 1 2014", 2014-02-29) with exit 2, filing
  nothing; it takes YYYY-MM-DD and times on a day.
- Filed without one, an article whose first lines give a date (a byline)
  is filed under it, its relative dates resolved against it, with a
  warning that says so; one that gives none is filed with a warning that
  its relative dates stay unresolved."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cur import *  # noqa: E402,F401,F403

t = tmpdir()
isolate(t)
d = Daemon(os.path.join(t, "data"))
byline = os.path.join(t, "byline.txt")
with open(byline, "w") as f:
    f.write("Studio hit by hackers\nBy Jane Doe | December 17, 2014\n\n"
            "The attack on the studio began on Monday, officials said.\n")
plain = os.path.join(t, "plain.txt")
with open(plain, "w") as f:
    f.write("The attack on the studio began on Monday, officials said.\n")

for bad in ("12/01/2014", "2014-13-45", "Dec 1 2014", "2014-02-29", "2014-12-01T25:00"):
    rc, out, err = d.run("ingest", plain, "--published", bad, check_rc=2)
    check("is not a date" in err and bad in err, "refused, naming it: %r" % err)
check(d.json("articles") == [], "nothing filed by a refused command")

rc, out, err = d.run("ingest", byline)
check("dated 2014-12-17 by its first lines" in err, "the warning says where: %r" % err)
arts = d.json("articles")
check(len(arts) == 1 and arts[0]["published"] == "2014-12-17",
      "filed under the byline's date: %r" % arts)
dates = [e["date"] for e in d.json("timeline", "--entries")]
check("2014-12-15" in dates, "'on Monday' resolved against it: %r" % dates)

rc, out, err = d.run("ingest", plain)
check("no publication date" in err and "unresolved" in err,
      "a warning that relative dates stay unresolved: %r" % err)
timed = os.path.join(t, "timed.txt")
with open(timed, "w") as f:
    f.write("The studio said on Tuesday that it had been hacked.\n")
rc, out, err = d.run("ingest", timed, "--published", "2014-12-01T10:00:00Z")
check(rc == 0 and "filed article" in out and "warning" not in err,
      "an ISO 8601 time is a date: %r %r" % (out, err))
print("refused 5 non-dates; a byline dated its article; warnings said how")
print("ok")
