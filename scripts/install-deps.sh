#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Install the Debian packages memcompact needs to build, test and draw.
# Idempotent: only missing packages are installed; nothing happens when all
# are present.  Needs root (or sudo) only when something is missing.
set -eu

PKGS="build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev \
libcmocka-dev libpng-dev zlib1g-dev libncurses-dev gnuplot-nox valgrind python3 \
chromium prometheus-node-exporter curl scdoc tmux"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
