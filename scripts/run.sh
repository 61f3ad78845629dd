#!/bin/sh
# Installs what is missing, builds, and starts dossierd in the foreground on
# its default store (see `dossierd --help`).  Arguments go to dossierd.
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build
cmake --build build -j"$(nproc)"
exec ./build/daemon/dossierd "$@"
