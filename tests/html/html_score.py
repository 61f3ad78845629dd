"""Runs ../shared/eval/score_html.py with `dossier extract` on
../shared/corpus/html-pages and fails when a figure is below the goals of
issue 14 (text F1 0.90 mean over pages, title 0.85, publisher 0.80) or any
page fails.  Skipped (77) where ../shared is absent."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "service"))
from svc import *  # noqa: E402,F401,F403

GOALS = {"text f1": 0.90, "title": 0.85, "publisher": 0.80}

score = os.path.join(SHARED, "eval", "score_html.py") if SHARED else ""
corpus = os.path.join(SHARED, "corpus", "html-pages") if SHARED else ""
if not score or not os.path.isfile(score) or not os.path.isdir(corpus):
    skip("../shared/eval/score_html.py or ../shared/corpus/html-pages is absent")
p = subprocess.run([sys.executable, score, "--extract", "'%s' extract" % DOSSIER,
                    "--corpus", corpus, "--json"], capture_output=True, text=True, timeout=550)
check(p.returncode == 0, "score_html.py: exit %d: %s" % (p.returncode, p.stderr))
figures = json.loads(p.stdout.split("\nHTML:")[0])
print("HTML:" + p.stdout.split("\nHTML:", 1)[1].rstrip() if "\nHTML:" in p.stdout else p.stdout)
failed = []
if figures["failures"]:
    failed.append("%d pages failed" % figures["failures"])
for k, want in GOALS.items():
    ok = figures[k] >= want
    print("%-10s %.3f >= %.2f %s" % (k, figures[k], want, "ok" if ok else "BELOW"))
    if not ok:
        failed.append("%s %.3f < %.2f" % (k, figures[k], want))
for k in ("published", "byline", "text p", "text r", "text f1 micro"):
    print("%-14s %.3f" % (k, figures[k]))
check(not failed, "; ".join(failed))
print("ok")
