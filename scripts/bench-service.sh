#!/bin/sh
# bench-service.sh: the service benchmarks, each beside its
# baseline measured in the same run.  Machines are shared and noisy: every
# figure is the median of REPEAT runs (default 3).
#
# usage: scripts/bench-service.sh [BUILD_DIR]   (default: build)
# env:   REPEAT=3 SECONDS_A=10 SUBS=100 RATE=10000 FILL=1000000 ARTICLES=10000
#        DOSSIERD_OPTS="--commit-linger 0" (extra dossierd options, to compare)
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
D=$BUILD/daemon/dossierd
C=$BUILD/client/dossier
BS=$BUILD/bench/service
REPEAT=${REPEAT:-3}
SECONDS_A=${SECONDS_A:-10}
SUBS=${SUBS:-100}
RATE=${RATE:-10000}
FILL=${FILL:-1000000}
ARTICLES=${ARTICLES:-10000}
CORPUS=${DSR_SHARED:-$SRC/../shared}/corpus/sony-2014
T=$(mktemp -d /tmp/dbench.XXXXXX)
DPID=""
BPID=""
cleanup() {
	[ -n "$DPID" ] && kill "$DPID" 2>/dev/null || true
	[ -n "$BPID" ] && kill "$BPID" 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

start_daemon() {  # $1: data dir name, rest: extra options
	name=$1; shift
	# shellcheck disable=SC2086
	"$D" --data "$T/$name" --log-level warn ${DOSSIERD_OPTS:-} "$@" 2>>"$T/dossierd.log" &
	DPID=$!
	i=0
	while [ ! -S "$T/$name/dossierd.sock" ]; do
		i=$((i + 1)); [ $i -gt 500 ] && { echo "dossierd did not start"; cat "$T/dossierd.log"; exit 1; }
		sleep 0.02
	done
	SOCK=$T/$name/dossierd.sock
}
stop_daemon() {
	kill -TERM "$DPID"; wait "$DPID" || true; DPID=""
}
# median of the values of key $1 in lines on stdin
median() {
	tr ' ' '\n' | sed -n "s/^$1=//p" | sort -g | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]; else print "nan"}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "nan" }'; }

echo "== service benchmarks ($(nproc) cores; medians of $REPEAT runs) =="

# (a) + (b): 64 appenders, one outstanding each, vs the raw-LMDB baseline;
# view queries meanwhile.  The store holds the sample corpus so queries have
# something to find.
: > "$T/a.txt"; : > "$T/base.txt"; : > "$T/store.txt"
r=0
while [ $r -lt "$REPEAT" ]; do
	rm -rf "$T/base"; "$BS/bench_svc_baseline" "$T/base" "$T/base.sock" & BPID=$!
	"$BS/bench_svc_load" --socket "$T/base.sock" --baseline --clients 64 --seconds "$SECONDS_A" >> "$T/base.txt"
	kill "$BPID"; wait "$BPID" 2>/dev/null || true; BPID=""
	rm -rf "$T/a"; start_daemon a
	if [ -d "$CORPUS" ]; then
		for f in "$CORPUS"/*.txt; do DOSSIER_SOCKET=$SOCK "$C" ingest --quiet --published 2014-12-19 "$f" >/dev/null; done
	fi
	"$BS/bench_svc_load" --socket "$SOCK" --clients 64 --seconds "$SECONDS_A" --query >> "$T/a.txt"
	stop_daemon
	# The store's own ceiling at the batch size (a) produces (two groups
	# of 32 alternate: one commits while the other's requests arrive).
	rm -rf "$T/st"; "$BS/bench_svc_store" "$T/st" --batch 32 --seconds "$SECONDS_A" >> "$T/store.txt"
	r=$((r + 1))
done
cat "$T/base.txt" "$T/a.txt" "$T/store.txt"
ba=$(median acks_per_s < "$T/base.txt"); da=$(median acks_per_s < "$T/a.txt")
echo "(a) appends, 64 clients: dossierd $da acks/s (p50 $(median p50_ms < "$T/a.txt") ms, p99 $(median p99_ms < "$T/a.txt") ms)" \
     "vs baseline $ba acks/s (p50 $(median p50_ms < "$T/base.txt") ms, p99 $(median p99_ms < "$T/base.txt") ms): ratio $(ratio "$da" "$ba") (target >= 0.5)"
st=$(median events_per_s < "$T/store.txt")
echo "(a) context: the store alone, dsr_store_apply of 32-event batches in one thread: $st events/s; dossierd reaches $(ratio "$da" "$st") of it"
echo "(b) queries during (a): p50 $(median query_p50_ms < "$T/a.txt") ms, p99 $(median query_p99_ms < "$T/a.txt") ms (target p99 <= 2 ms)"
for k in actors claims_about timeline_from actor_detail; do
	echo "(b)   $k: p50 $(median ${k}_p50_ms < "$T/a.txt") ms, p99 $(median ${k}_p99_ms < "$T/a.txt") ms"
done

# (c) subscribers.
rm -rf "$T/c"; start_daemon c
"$BS/bench_svc_subs" --socket "$SOCK" --subs "$SUBS" --rate "$RATE" --seconds 5 | sed 's/^/(c) /' || echo "(c) FAILED: events missing or out of order"
stop_daemon
echo "(c) target: lag p99 <= 50 ms; the stopped subscriber costs the others < 10 % throughput; catch-up with nothing missing"

# (d) resident memory after FILL events.
rm -rf "$T/d"; start_daemon d
"$BS/bench_svc_fill" --socket "$SOCK" --events "$FILL" | sed 's/^/(d) /'
sleep 2  # one trim tick (dossierd --trim)
grep -E '^(VmHWM|VmRSS|RssAnon|RssFile)' /proc/$DPID/status | tr -s ' \t' ' ' | tr '\n' ' ' | sed 's/^/(d) daemon: /'
echo "(target <= 64 MB; RssFile is LMDB's map of the data file, page cache)"
stop_daemon

# (e) ingest of ARTICLES distinct articles from 8 concurrent clients.
if [ -d "$CORPUS" ]; then
	mkdir -p "$T/arts"
	python3 - "$CORPUS" "$T/arts" "$ARTICLES" <<'PY'
import os, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
texts = [open(os.path.join(src, f), encoding="utf-8").read()
         for f in sorted(os.listdir(src)) if f.endswith(".txt")]
for i in range(n):
    d = os.path.join(dst, "c%d" % (i % 8))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "a%06d.txt" % i), "w", encoding="utf-8") as f:
        f.write(texts[i % len(texts)] + "\n\nDispatch %d of the series.\n" % i)
PY
	rm -rf "$T/e"; start_daemon e
	t0=$(date +%s.%N)
	pids=""
	for k in 0 1 2 3 4 5 6 7; do
		DOSSIER_SOCKET=$SOCK "$C" ingest --quiet --published 2014-12-19 "$T/arts/c$k" &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p" || echo "(e) an ingest client failed"; done
	t1=$(date +%s.%N)
	ev=$(DOSSIER_SOCKET=$SOCK "$C" status --json | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["events"], s["articles"])')
	set -- $ev
	awk -v t0="$t0" -v t1="$t1" -v n="$ARTICLES" -v e="$1" -v a="$2" 'BEGIN {
		el = t1 - t0; printf "(e) %d articles (%d filed) from 8 clients in %.2f s: %.0f articles/s, %.0f events/s (target >= 2000 articles/s)\n", n, a, el, n / el, e / el }'
	stop_daemon
else
	echo "(e) skipped: no sample corpus at $CORPUS"
fi
