#!/usr/bin/env bash
# The benchmark, one command: bench/run.sh [--small-count N] [--large-bytes N] [--intake-seconds N]
# Installs what it needs from Debian (wrk, nginx, an FTP server) when missing, builds the jar
# when there is none, then runs bench/bench.py: target/bench/report.json and report.md.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx-light)
/usr/bin/python3 -c 'import pyftpdlib' 2>/dev/null || missing+=(python3-pyftpdlib)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}" >/dev/null
fi

if ! ls target/whapi-media-router-*.jar >/dev/null 2>&1 || [ ! -f target/s3proxy/s3proxy.jar ]; then
  mvn -B -q package -DskipTests
fi

exec /usr/bin/python3 bench/bench.py "$@"
