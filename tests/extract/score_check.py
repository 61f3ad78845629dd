#!/usr/bin/env python3
"""Runs ../shared/eval/score.py on a corpus (the sample corpus, sony-2014,
unless told) with `dossier extract` and fails when a figure is below the
extractor's thresholds for that corpus.  Exits 77 (skipped) when ../shared
or the corpus is not there.

Usage: score_check.py PATH/TO/dossier SHARED_DIR [CORPUS]
"""
import json, os, subprocess, sys

THRESHOLDS = {
    "sony-2014": {
        ("time value", "f1"): 0.90,
        ("actors", "f1"): 0.85,
        ("claims", "f1"): 0.75,
        ("events", "f1"): 0.75,
        ("source accuracy", None): 0.80,
        ("stance accuracy", None): 0.90,
    },
    # PolNeAR political news (issue 13): only the claims row and source
    # accuracy mean anything
    "polnear-dev": {
        ("claims", "f1"): 0.72,
        ("source accuracy", None): 0.85,
    },
    # TimeBank and AQUAINT news (issue 13): only the time rows mean anything
    "tempeval3-train": {
        ("time value", "f1"): 0.82,
        ("time span", "f1"): 0.90,
    },
}


def main():
    dossier, shared = sys.argv[1], sys.argv[2]
    name = sys.argv[3] if len(sys.argv) > 3 else "sony-2014"
    score = os.path.join(shared, "eval", "score.py")
    corpus = os.path.join(shared, "corpus", name)
    if not os.path.isfile(score) or not os.path.isdir(corpus):
        print(f"skipped: {score} or {corpus} is absent")
        return 77
    cmd = [sys.executable, score, "--extract", f"'{dossier}' extract", "--corpus", corpus]
    table = subprocess.run(cmd, capture_output=True, text=True)
    print(table.stdout, end="")
    figures = json.loads(subprocess.run(cmd + ["--json"], capture_output=True,
                                        text=True, check=True).stdout.split("\nF1:")[0])
    failed = []
    if figures.get("extractor failures"):
        failed.append(f"extractor failures: {figures['extractor failures']}")
    for (key, sub), want in THRESHOLDS[name].items():
        got = figures[key][sub] if sub else figures[key]
        mark = "ok" if got >= want else "BELOW"
        print(f"{key + (' ' + sub if sub else ''):28} {got:.3f} >= {want:.2f} {mark}")
        if got < want:
            failed.append(f"{key} {got:.3f} < {want:.2f}")
    if failed:
        print("FAILED: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
