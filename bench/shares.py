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

# the request threads that ack webhooks: the route starts in ServletThreadPlatformHttp
INTAKE = r"ServletThreadPlatformHttp|org/apache/tomcat"
STAGES = [("JIT compiler", "CompileBroker"), ("startup", "SpringApplication.run"),
          ("intake (request threads)", INTAKE),
          ("router and sinks", "org/apache/camel"), ("GC and VM", "G1|GCTask|VMThread|VM_Operation")]

# A sample is the part whose pattern its deepest matching frame (looked at from the leaf up)
# matches first; a sample of the intake's threads is the intake's, split by INTAKE_PARTS below.
# The patterns follow the names in src/main/java and in Camel's file and http components.
AGAINST_FLOOR = [
    ("the floor's work too", [
        ("download: the GET, its hash, the staged write", r"StagingArea\.(copy|stage)|HttpProducer\.executeMethod"),
        ("the staged file's fsync (before its link)", r"StagingArea\.linkForSink"),
        ("the sidecar: made, written, fsynced", r"StagingArea\.sidecarForSink|Sidecars\.sidecarFor"),
        ("the rename into the sink's folder (Camel's file producer)",
         r"FileUtil\.(renameFile|compactPath)|FileOperations\.(storeFile|buildDirectory|handleFileAsFileSource)"),
    ]),
    ("beyond the floor", [
        ("the sink folder's fsync after a rename", r"FolderSyncs|StagingArea\.makeStoredDurable"),
        ("the media index", r"MediaIndex"),
        ("the sinks ledger", r"Ledger\.recordDelivery|FileLedger"),
        ("provenance", r"[Pp]rovenance"),
        ("the staged file removed", r"StagingArea\.discard"),
        ("the queue: entries read and settled", r"QueueEntries|QueueJournal|QueueCapacity"),
        ("log lines", r"CamelLogger|ch/qos/logback"),
        ("metrics", r"[Mm]icrometer"),
    ]),
]
# the intake's own parts: what the request thread runs to ack a webhook durably
INTAKE_PARTS = [
    ("the intake: its journal append and fdatasync", r"QueueJournal|AppendOnlyLog|QueueEntries"),
    ("the intake: provenance", r"[Pp]rovenance"),
    ("the intake: the message ledger", r"FileLedger|Ledger\.|IdempotentRepository"),
    ("the intake: parsing the webhook", r"WebhookParser"),
    ("the intake: metrics", r"[Mm]icrometer"),
]
OUTSIDE = [("the JIT", "CompileBroker"), ("start-up", r"SpringApplication\.run"),
           ("GC and VM", "G1|GCTask|VMThread|VM_Operation|Safepoint")]


def against_floor(stack):
    for name, pattern in OUTSIDE:
        if re.search(pattern, stack):
            return "outside the pipeline", name
    if re.search(INTAKE, stack):
        # from the leaf up to where the route begins (the filters above it wrap everything)
        for frame in reversed(stack.split(";")):
            if "ServletThreadPlatformHttp" in frame:
                break
            for name, pattern in INTAKE_PARTS:
                if re.search(pattern, frame):
                    return "beyond the floor", name
        route = stack.split("ServletThreadPlatformHttp")[-1]
        if "org/apache/camel" in route and "afterProcess" not in route:
            return "beyond the floor", "the intake: Camel's routing"
        return "beyond the floor", "the intake: HTTP (Tomcat, the filters, the response)"
    for frame in reversed(stack.split(";")):
        for group, parts in AGAINST_FLOOR:
            for name, pattern in parts:
                if re.search(pattern, frame):
                    return group, name
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
        stage = next((name for name, pattern in STAGES if re.search(pattern, stack)), "other")
        by_stage[stage] += n
        group, part = against_floor(stack)
        groups[group] += n
        parts[group, part] += n
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
    print("\nagainst the I/O floor (a small media to a file sink)")
    for group, n in groups.most_common():
        print(f"{100 * n / total:6.1f}%  {group}")
        for (of, part), m in parts.most_common():
            if of == group:
                print(f"{100 * m / total:10.1f}%  {part}")


if __name__ == "__main__":
    main(sys.argv[1])
