#!/bin/sh
# Builds and runs the benchmarks.  DIR (default: a temporary directory on
# /work or /tmp) is where stores are created: put it on the disk you mean to
# measure.
set -eu
cd "$(dirname "$0")/.."
dir="${1:-$(mktemp -d "${TMPDIR:-/tmp}/dossier-bench.XXXXXX")}"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "== store: append with views vs raw LMDB, rebuild, size =="
./build/bench/bench_store "$dir/store"
for b in build/bench/bench_extract build/bench/bench_html build/bench/service/bench_svc; do
	if [ -x "$b" ]; then
		echo "== $(basename "$b") =="
		"$b" "$dir" || true
	fi
done
rm -rf "$dir"
