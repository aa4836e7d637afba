#!/usr/bin/env bash
# The benchmark, one command: bench/run.sh [--small-count N] [--large-bytes N] [--intake-seconds N]
# bench/profile.sh <phase>: the same phase under async-profiler, its CPU by stage, frame and system call.
# Installs what it needs from Debian (wrk, nginx, an FTP server) when missing, builds the jar
# when there is none, then runs bench/bench.py: target/bench/report.json and report.md.
# bench/run.sh --scale [--media N] [--delay-ms 1000,200] [--only latency,flow,cpu]: replicas on Kafka (bench/scale.py),
# with a Kafka broker from the tests' jars and Debian's PostgreSQL: target/bench/scale.json and .md.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx-light)
[ -x /usr/sbin/vsftpd ] || missing+=(vsftpd)
command -v curl >/dev/null || missing+=(curl)
scale=false
if [ "${1:-}" = "--scale" ]; then
  scale=true
  shift
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v taskset >/dev/null || missing+=(util-linux)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}" >/dev/null
fi

if ! ls target/whapi-media-router-*.jar >/dev/null 2>&1 || [ ! -f target/s3proxy/s3proxy.jar ] \
    || { $scale && [ ! -d target/kafka-broker/lib ]; }; then
  mvn -B -q package -DskipTests
fi

# bench/Ceilings.java runs with the app's own libraries (the AWS SDK and commons-net it uses)
if [ ! -f target/bench-classpath.txt ] || [ pom.xml -nt target/bench-classpath.txt ]; then
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
fi

if $scale; then
  exec /usr/bin/python3 bench/scale.py "$@"
fi
exec /usr/bin/python3 bench/bench.py "$@"
