#!/usr/bin/env bash
# Where one benchmark phase's CPU goes: bench/profile.sh <phase> [bench/run.sh options], e.g.
#   bench/profile.sh small-file
# runs bench/run.sh --only <phase> with async-profiler (from Maven Central, into target/) in the
# app's JVM, sampling CPU with the kernel's frames, and prints the largest shares: by stage (the
# intake, the router, the JIT), the deepest frames of our code and Camel's, and the system calls
# below them. The samples are in target/bench/profile-<phase>.collapsed (flame-graph input).
# The profile covers the app's whole life, its warm-up included: compare shares, not times.
set -euo pipefail
cd "$(dirname "$0")/.."
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

/usr/bin/python3 - "$out.collapsed" <<'PY'
import collections, re, sys

stages = [("JIT compiler", "CompileBroker"), ("startup", "SpringApplication.run"),
          ("intake (request threads)", "ServletThreadPlatformHttp|org/apache/tomcat"),
          ("router and sinks", "org/apache/camel"), ("GC and VM", "G1|GCTask|VMThread|VM_Operation")]
by_stage, ours, syscalls = collections.Counter(), collections.Counter(), collections.Counter()
total = 0
for line in open(sys.argv[1]):
    stack, n = line.rstrip().rsplit(" ", 1)
    n = int(n)
    total += n
    stage = next((name for name, pattern in stages if re.search(pattern, stack)), "other")
    by_stage[stage] += n
    if stage in ("JIT compiler", "startup"):
        continue
    frames = stack.split(";")
    own = [f for f in frames if re.match(r"io/whapi|org/apache/camel/component", f)]
    if own:
        ours[" <- ".join(own[-2:][::-1])] += n
    calls = [f for f in frames if f.startswith("__x64_sys_")]
    if calls:
        syscalls[calls[0].removeprefix("__x64_sys_").removesuffix("_[k]")] += n

def show(title, counter, top):
    print(f"\n{title}")
    for name, n in counter.most_common(top):
        print(f"{100 * n / total:6.1f}%  {name}")

print(f"{total:,} samples (about a millisecond of CPU each)")
show("by stage", by_stage, 10)
show("deepest frame of our code or a Camel component, and its caller", ours, 25)
show("system calls", syscalls, 15)
PY
