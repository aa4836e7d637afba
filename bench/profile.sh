#!/usr/bin/env bash
# Where one benchmark phase's CPU goes: bench/profile.sh <phase> [bench/run.sh options], e.g.
#   bench/profile.sh small-file
# runs bench/run.sh --only <phase> with async-profiler (from Maven Central, into target/) in the
# app's JVM, sampling CPU with the kernel's frames, and prints the largest shares: by stage (the
# intake, the router, the JIT), the deepest frames of our code and Camel's, the system calls
# below them, and against the I/O floor (bench/shares.py says how). The samples are in
# target/bench/profile-<phase>.collapsed (flame-graph input).
# The profile covers the app's whole life, its warm-up included: compare shares, not times.
# bench/profile.sh --read <file.collapsed> prints the same shares of a profile already written, e.g.
# target/bench/measured-small-file.collapsed (BENCH_MEASURE_PROFILE: the measured rounds alone).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--read" ]; then
  exec /usr/bin/python3 bench/shares.py "${2:?"usage: bench/profile.sh --read <file.collapsed>"}"
fi
phase=${1:?"usage: bench/profile.sh <phase> (intake, intake-backlog, small-file, small-ftp, small-s3, large, ...)"}
shift

version=4.2  # bench/bench.py (BENCH_MEASURE_PROFILE) loads the agent from the same path
agent=target/async-profiler-$version/linux-x64/libasyncProfiler.so
if [ ! -f "$agent" ]; then
  mkdir -p "target/async-profiler-$version"
  curl -fsSL -o "target/async-profiler-$version.jar" \
    "https://repo1.maven.org/maven2/tools/profiler/async-profiler/$version/async-profiler-$version-linux-x64.jar"
  (cd "target/async-profiler-$version" && unzip -q -o "../async-profiler-$version.jar")
fi

mkdir -p target/bench
out="$PWD/target/bench/profile-$phase"
rm -f "$out".*.collapsed
BENCH_APP_JAVA_OPTS="-agentpath:$PWD/$agent=start,event=cpu,interval=1ms,file=$out.%p.collapsed,collapsed" \
  bench/run.sh --only "$phase" "$@" >/dev/null
cat "$out".*.collapsed > "$out.collapsed" && rm -f "$out".*.collapsed

/usr/bin/python3 bench/shares.py "$out.collapsed"
