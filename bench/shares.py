"""Where a profile of the app's CPU goes: bench/shares.py <file.collapsed>, async-profiler's
collapsed stacks (bench/profile.sh writes them, and BENCH_MEASURE_PROFILE for the measured rounds
alone). Prints the shares by stage, by the deepest frame of our code or a Camel component, by
system call, and against the I/O floor: the work the floor's JVM does as well (bench/Ceilings.java
io-floor), what the connector does beyond it (the durable ack with its own parts, the index and
ledgers, ...), and Camel's routing between the steps. That last split says how far a ratio to the
floor can move by routing less: the rest is the floor's own I/O or a guarantee the issue keeps."""
import collections
import re
import sys

JIT, STARTUP, GC_AND_VM = "CompileBroker", r"SpringApplication\.run", "G1|GCTask|VMThread|VM_Operation"
# the request threads that ack webhooks: the route starts in ServletThreadPlatformHttp
INTAKE = r"ServletThreadPlatformHttp|org/apache/tomcat"
STAGES = [("JIT compiler", JIT), ("startup", STARTUP), ("intake (request threads)", INTAKE),
          ("router and sinks", "org/apache/camel"), ("GC and VM", GC_AND_VM)]

# A sample is the part whose pattern its deepest matching frame (looked at from the leaf up)
# matches first; a sample of the intake's threads is the intake's, split by INTAKE_PARTS below.
# The patterns follow the names in src/main/java and in Camel's file and http components.
FLOOR, BEYOND = "the floor's work too", "beyond the floor"
AGAINST_FLOOR = [
    (FLOOR, "download: the GET, its hash, the staged write", r"StagingArea\.(copy|stage)|HttpProducer\.executeMethod"),
    (FLOOR, "the staged file's fsync (before its link)", r"StagingArea\.linkForSink"),
    (FLOOR, "the sidecar: made, written, fsynced", r"StagingArea\.sidecarForSink|Sidecars\.sidecarFor"),
    (FLOOR, "the rename into the sink's folder (Camel's file producer)",
     r"FileUtil\.(renameFile|compactPath)|FileOperations\.(storeFile|buildDirectory|handleFileAsFileSource)"),
    (BEYOND, "the sink folder's fsync after a rename", r"FolderSyncs|StagingArea\.makeStoredDurable"),
    (BEYOND, "the media index", r"MediaIndex"),
    (BEYOND, "the sinks ledger", r"Ledger\.recordDelivery|FileLedger"),
    (BEYOND, "provenance", r"[Pp]rovenance"),
    (BEYOND, "the staged file removed", r"StagingArea\.discard"),
    (BEYOND, "the queue: entries read and settled", r"QueueEntries|QueueJournal|QueueCapacity"),
    (BEYOND, "log lines", r"CamelLogger|ch/qos/logback"),
    (BEYOND, "metrics", r"[Mm]icrometer"),
]
# the intake's own parts: what the request thread runs to ack a webhook durably
INTAKE_PARTS = [
    (BEYOND, "the intake: its journal append and fdatasync", r"QueueJournal|AppendOnlyLog|QueueEntries"),
    (BEYOND, "the intake: provenance", r"[Pp]rovenance"),
    (BEYOND, "the intake: the message ledger", r"FileLedger|Ledger\.|IdempotentRepository"),
    (BEYOND, "the intake: parsing the webhook", r"WebhookParser"),
    (BEYOND, "the intake: metrics", r"[Mm]icrometer"),
]
# a thread stopped at a safepoint is the VM's time here, whichever stage the thread belongs to
OUTSIDE = [("the JIT", JIT), ("start-up", STARTUP), ("GC and VM", GC_AND_VM + "|Safepoint")]


def deepest(frames, parts, above=None):
    """The first of parts (group, name, pattern) that the deepest frame matching any of them
    matches, looking from the leaf up, and no higher than a frame containing above."""
    for frame in reversed(frames):
        if above and above in frame:
            return None
        for part in parts:
            if re.search(part[2], frame):
                return part
    return None


def against_floor(stack, frames):
    for name, pattern in OUTSIDE:
        if re.search(pattern, stack):
            return "outside the pipeline", name
    if re.search(INTAKE, stack):
        # below where the route begins: the filters above it wrap everything
        part = deepest(frames, INTAKE_PARTS, above="ServletThreadPlatformHttp")
        if part:
            return part[:2]
        route = stack.split("ServletThreadPlatformHttp")[-1]
        if "org/apache/camel" in route and "afterProcess" not in route:
            return BEYOND, "the intake: Camel's routing"
        return BEYOND, "the intake: HTTP (Tomcat, the filters, the response)"
    part = deepest(frames, AGAINST_FLOOR)
    if part:
        return part[:2]
    if "org/apache/camel" in stack:
        return "Camel's routing between the steps", "processors, expressions, bean binding, exchanges"
    return "outside the pipeline", "other threads"


def main(path):
    by_stage, ours, syscalls = collections.Counter(), collections.Counter(), collections.Counter()
    groups, parts = collections.Counter(), collections.Counter()
    total = 0
    with open(path) as profile:
        lines = profile.readlines()
    for line in lines:
        stack, n = line.rstrip().rsplit(" ", 1)
        n = int(n)
        total += n
        frames = stack.split(";")
        stage = next((name for name, pattern in STAGES if re.search(pattern, stack)), "other")
        by_stage[stage] += n
        group, part = against_floor(stack, frames)
        groups[group] += n
        parts[group, part] += n
        if stage in ("JIT compiler", "startup"):
            continue
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
    print("\nagainst the I/O floor (a small media to a file sink)")
    for group, n in groups.most_common():
        print(f"{100 * n / total:6.1f}%  {group}")
        for (of, part), m in parts.most_common():
            if of == group:
                print(f"{100 * m / total:10.1f}%  {part}")


if __name__ == "__main__":
    main(sys.argv[1])
