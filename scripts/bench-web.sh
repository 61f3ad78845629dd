#!/bin/sh
# bench-web.sh: the web workspace's benchmarks (bench/service/bench_web.c):
# the JSON API's requests/s and p50/p99 for the main queries under CLIENTS
# concurrent clients beside the same queries over the Unix socket, and the
# live stream's lag at RATE events/s to SUBS browsers beside SUBS socket
# watchers, all in one run against one dossierd filled with ARTICLES
# variants of the sample corpus.
#
# usage: scripts/bench-web.sh [BUILD_DIR]   (default: build)
# env:   CLIENTS=64 SECONDS=5 SUBS=100 RATE=1000 ARTICLES=200
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
D=$BUILD/daemon/dossierd
C=$BUILD/client/dossier
CLIENTS=${CLIENTS:-64}
SECS=${SECONDS_RUN:-${SECS:-5}}
SUBS=${SUBS:-100}
RATE=${RATE:-1000}
ARTICLES=${ARTICLES:-200}
CORPUS=${DSR_SHARED:-$SRC/../shared}/corpus/sony-2014
T=$(mktemp -d /tmp/dwbench.XXXXXX)
DPID=""
cleanup() {
	[ -n "$DPID" ] && kill "$DPID" 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

[ -d "$CORPUS" ] || { echo "bench-web: the sample corpus ($CORPUS) is absent"; exit 1; }
"$D" --data "$T/data" --http 0 --log-level warn --no-sync 2>>"$T/dossierd.log" &
DPID=$!
i=0
while [ ! -S "$T/data/dossierd.sock" ]; do
	i=$((i + 1)); [ $i -gt 500 ] && { echo "dossierd did not start"; cat "$T/dossierd.log"; exit 1; }
	sleep 0.02
done
export DOSSIER_SOCKET="$T/data/dossierd.sock"
# The sample's five articles, varied by a line so that each files anew.
mkdir -p "$T/arts"
n=0
while [ $n -lt "$ARTICLES" ]; do
	for f in "$CORPUS"/*.txt; do
		[ $n -lt "$ARTICLES" ] || break
		{ cat "$f"; printf '\n\nDispatch %d of the series.\n' $n; } > "$T/arts/a$n.txt"
		n=$((n + 1))
	done
done
"$C" ingest --quiet --published 2014-12-19 "$T/arts" >/dev/null
URL=$("$C" web --print 2>/dev/null)
echo "== web benchmarks ($(nproc) cores; $ARTICLES articles, $("$C" status --json | sed -n 's/.*"claims":\([0-9]*\).*/\1/p') claims) =="
"$BUILD/bench/service/bench_web" --socket "$DOSSIER_SOCKET" --login "$URL" \
	--clients "$CLIENTS" --seconds "$SECS" --subs "$SUBS" --rate "$RATE" --pid "$DPID"
