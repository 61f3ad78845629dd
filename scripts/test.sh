#!/bin/sh
# Installs what is missing, builds, and runs the whole test suite.
#   scripts/test.sh              plain build in build/
#   scripts/test.sh --sanitize   ASan+UBSan build in build-asan/
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
build=build
mode="${SANITIZE:-}${1:-}"
set --
case "$mode" in
*--sanitize*|1*) build=build-asan
	set -- -DDOSSIER_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug ;;
esac
cmake -S . -B "$build" "$@"
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j2
