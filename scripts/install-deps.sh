#!/bin/sh
# Installs the Debian packages that dossier's build, tests, fuzzers and
# benchmarks need, skipping those already present (libxml2-utils: xmllint, which
# checks the HTML brief).  Run as root (or with sudo).
set -eu

PKGS="build-essential cmake pkg-config liblmdb-dev lmdb-utils libprotobuf-c-dev
protobuf-c-compiler libuv1-dev libsodium-dev libxml2-dev clang libclang-rt-14-dev
python3 python3-jsonschema graphviz procps libxml2-utils
systemd groff-base man-db libcsv-dev libhttp-parser-dev
chromium chromium-driver python3-selenium"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
