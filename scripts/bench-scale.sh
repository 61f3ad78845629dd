#!/bin/sh
# bench-scale.sh: the scale benchmark of issue 12 (docs/benchmarks.md).
# Builds the tree (Release), starts dossierd on a fresh store in a temporary
# directory, grows it through the sizes with build/bench/scale/bench_scale
# (ingest rate, every query's p50/p99 beside a raw LMDB read, every export,
# then a 16 MiB article), stops the daemon and removes the store.
#
# usage: scripts/bench-scale.sh [--sizes N,N,...] [--texts DIR]... [--json FILE]
#                               [--keep DIR | --grow DIR | --measure DIR]
#                               [--build DIR] [--no-build]
#                               [BENCH_SCALE_OPTION]...
#   --sizes      store sizes in articles (default 1000,10000; the full run
#                is 1000,10000,100000)
#   --texts DIR  .txt articles to file instead of ../shared's corpora
#                (repeatable)
#   --json FILE  also write the figures as JSON
#   --keep DIR   make the store in DIR (new or empty) and keep it
#   --grow DIR   go on growing the store a --keep run left in DIR to each
#                of --sizes above what it holds, and measure the ingest
#                only (bench_scale --grow-only): one change at a time on a
#                large store, with DOSSIERD_OPTS or another --build
#   --measure DIR  measure the queries and exports of the store a --keep run
#                left in DIR as it is, without filing anything
#                (bench_scale --measure-only): a change to a query or an
#                export, measured at the store's size in minutes
#   --build DIR  the build directory (default: build beside scripts/)
#   --no-build   use the build as it is
#   anything else goes to bench_scale (see build/bench/scale/bench_scale --help:
#   --reps, --query-seconds, --conns, --window, --no-big, --no-exports, ...)
# env: DOSSIERD_OPTS  extra dossierd options (e.g. "--commit-linger 0")
#      KEPT_ANSWERS=1 let dossierd answer a query asked again from the answer
#                     it kept (daemon/answers.h); by default it runs with
#                     --no-kept-answers, so that every timed run of a query
#                     measures the query, not the cache
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$SRC/build
KEEP=""
GROW=""
MEASURE=""
DOBUILD=1
usage() { sed -n '2,/^set -eu/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }
# Options for bench_scale, kept quoted one per line.
ARGS=$(mktemp /tmp/bscale-args.XXXXXX)
addarg() { printf '%s\n' "$1" >> "$ARGS"; }
while [ $# -gt 0 ]; do
	case "$1" in
	-h|--help) usage; rm -f "$ARGS"; exit 0 ;;
	--keep) [ $# -ge 2 ] || { echo "bench-scale.sh: --keep wants a directory" >&2; exit 2; }
		KEEP=$2; shift 2 ;;
	--grow) [ $# -ge 2 ] || { echo "bench-scale.sh: --grow wants a directory" >&2; exit 2; }
		GROW=$2; shift 2 ;;
	--measure) [ $# -ge 2 ] || { echo "bench-scale.sh: --measure wants a directory" >&2; exit 2; }
		MEASURE=$2; shift 2 ;;
	--build) [ $# -ge 2 ] || { echo "bench-scale.sh: --build wants a directory" >&2; exit 2; }
		BUILD=$2; shift 2 ;;
	--no-build) DOBUILD=0; shift ;;
	--sizes|--texts|--json|--conns|--window|--reps|--query-seconds|--lmdb-reads|--seed)
		[ $# -ge 2 ] || { echo "bench-scale.sh: $1 wants a value" >&2; exit 2; }
		addarg "$1"; addarg "$2"; shift 2 ;;
	*) addarg "$1"; shift ;;
	esac
done

if [ "$DOBUILD" = 1 ]; then
	echo "bench-scale.sh: building $BUILD (Release)" >&2
	cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build "$BUILD" -j"$(nproc)" --target dossierd bench_scale >/dev/null
fi
BUILD=$(cd "$BUILD" && pwd)
D=$BUILD/daemon/dossierd
B=$BUILD/bench/scale/bench_scale
if [ ! -x "$D" ] || [ ! -x "$B" ]; then
	echo "bench-scale.sh: $D or $B is missing" >&2
	exit 1
fi

case "${KEEP:+k}${GROW:+g}${MEASURE:+m}" in
??*) echo "bench-scale.sh: one of --keep, --grow and --measure" >&2; rm -f "$ARGS"; exit 2 ;;
esac
if [ -n "$MEASURE" ]; then
	GROW=$MEASURE
	GROWOPT=--measure-only
else
	GROWOPT=--grow-only
fi
T=$(mktemp -d /tmp/bscale.XXXXXX)
if [ -n "$GROW" ]; then
	[ -f "$GROW/data.mdb" ] || { echo "bench-scale.sh: no store in $GROW" >&2; rm -rf "$T" "$ARGS"; exit 2; }
	DATA=$(cd "$GROW" && pwd)
	addarg "$GROWOPT"
elif [ -n "$KEEP" ]; then
	mkdir -p "$KEEP"
	[ -z "$(ls -A "$KEEP")" ] || { echo "bench-scale.sh: $KEEP is not empty" >&2; rm -rf "$T" "$ARGS"; exit 2; }
	DATA=$(cd "$KEEP" && pwd)
else
	DATA=$T/store
fi
SOCK=$T/dossierd.sock
DPID=""
# Stops dossierd: SIGTERM, then SIGKILL after 30 s (an export that timed out
# in bench_scale may still hold a pool thread).
stop_daemon() {
	[ -n "$DPID" ] || return 0
	kill -TERM "$DPID" 2>/dev/null || true
	i=0
	while kill -0 "$DPID" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	if kill -0 "$DPID" 2>/dev/null; then
		echo "bench-scale.sh: dossierd still busy after 30 s; killing it" >&2
		kill -KILL "$DPID" 2>/dev/null || true
	fi
	wait "$DPID" 2>/dev/null || true
	DPID=""
}
# shellcheck disable=SC2317  # called by the trap
cleanup() {
	stop_daemon
	rm -rf "$T" "$ARGS"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

KEPT=--no-kept-answers
[ "${KEPT_ANSWERS:-}" = 1 ] && KEPT=
# shellcheck disable=SC2086  # DOSSIERD_OPTS is split into options
"$D" --data "$DATA" --socket "$SOCK" --log-level warn $KEPT ${DOSSIERD_OPTS:-} 2>>"$T/dossierd.log" &
DPID=$!
i=0
while [ ! -S "$SOCK" ]; do
	i=$((i + 1))
	# a kept store of another views layout is rebuilt before the socket
	# opens (minutes at 100,000 articles): wait while the daemon lives
	if [ $i -gt 90000 ] || ! kill -0 "$DPID" 2>/dev/null; then
		echo "bench-scale.sh: dossierd did not start:" >&2
		cat "$T/dossierd.log" >&2
		exit 1
	fi
	[ $i -eq 500 ] && echo "bench-scale.sh: dossierd is not listening yet (rebuilding its views?); waiting up to 30 min" >&2
	sleep 0.02
done

rc=0
# One argument per line of $ARGS: paths with spaces survive, newlines do not.
set --
while IFS= read -r a; do set -- "$@" "$a"; done < "$ARGS"
"$B" --socket "$SOCK" --data "$DATA" --pid "$DPID" "$@" || rc=$?

stop_daemon
if [ -s "$T/dossierd.log" ]; then
	echo "bench-scale.sh: dossierd's warnings:" >&2
	cat "$T/dossierd.log" >&2
fi
[ -n "$KEEP$GROW" ] && echo "bench-scale.sh: the store is kept in $DATA" >&2
exit $rc
