#!/usr/bin/env python3
"""Scaling on Kafka: stored media per second with 1, 2 and 3 replicas of the packaged jar sharing
one broker (media.queue.type=kafka) and one PostgreSQL ledger, one file sink for all.

- download-latency-bound: a gateway that delays every Get Media by each of --delay-ms (1,000 ms,
  where this machine's CPU is not the bound, and 200 ms);
- CPU-bound: nginx at full speed, each replica pinned to a core of its own (taskset).

Each run reports stored media per second two ways: over the whole run (until the last media is
stored), and in steady state (between the 10th and the 90th percentile of the media stored),
which leaves out the start (replicas joining the group) and the tail (the consumer whose
partitions drew the most records finishes last, a property of a finite batch, not of a flow).
From the steady rate: our own time per record, replicas x consumers / rate - the gateway's
delay, and the CPU the replicas used per stored media.

Run through bench/run.sh --scale, which installs what it needs. Writes scale.json and scale.md
into --out. Only the standard library, like bench.py, whose helpers it uses.
"""
import argparse
import http.client
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the same App, Servers, webhook and timing helpers)

ROOT = bench.ROOT
PG_USER, PG_PASSWORD = "postgres", "bench"


class DelayingGateway:
    """Get Media that answers after a delay: the latency of Whapi and its storage, not their speed."""

    def __init__(self, body, delay):
        gateway = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # headers and body go out as two writes: with Nagle on, the body waits for the
            # client's delayed ACK of the headers, 40 ms per media that are not ours
            disable_nagle_algorithm = True

            def do_GET(self):
                time.sleep(gateway.delay)
                self.send_response(200)
                self.send_header("Content-Type", "image/jpeg")
                self.send_header("Content-Length", str(len(gateway.body)))
                self.end_headers()
                self.wfile.write(gateway.body)

            def log_message(self, *args):
                pass

        self.body, self.delay = body, delay
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()


class Kafka:
    """One KRaft broker from target/kafka-broker/lib (the tests' broker jars)."""

    def __init__(self, work):
        self.dir = work / "kafka"
        self.dir.mkdir()
        self.port, controller = bench.free_port(), bench.free_port()
        (self.dir / "server.properties").write_text("\n".join([
            "process.roles=broker,controller", "node.id=1",
            f"controller.quorum.voters=1@127.0.0.1:{controller}",
            f"listeners=PLAINTEXT://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{controller}",
            f"advertised.listeners=PLAINTEXT://127.0.0.1:{self.port}", "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            f"log.dirs={self.dir / 'data'}", "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
            "group.initial.rebalance.delay.ms=0", "auto.create.topics.enable=false", ""]))
        self.classpath = str(ROOT / "target/kafka-broker/lib") + "/*"
        cluster = subprocess.run(["java", "-cp", self.classpath, "kafka.tools.StorageTool", "random-uuid"],
                                 capture_output=True, text=True, check=True).stdout.split()[-1]
        subprocess.run(["java", "-cp", self.classpath, "kafka.tools.StorageTool", "format", "-t", cluster,
                        "-c", str(self.dir / "server.properties")], capture_output=True, check=True)
        self.log = open(self.dir / "broker.log", "wb")
        self.process = subprocess.Popen(["java", "-Xmx512m", "-cp", self.classpath, "kafka.Kafka",
                                         str(self.dir / "server.properties")], stdout=self.log, stderr=subprocess.STDOUT)
        bench.wait_port(self.port, 60)

    def brokers(self):
        return f"127.0.0.1:{self.port}"

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


class PostgreSql:
    """A throwaway cluster of Debian's PostgreSQL, run as the postgres user (it refuses root)."""

    def __init__(self, work):
        self.dir = work / "postgresql"
        self.dir.mkdir()
        shutil.chown(self.dir, "postgres")
        self.port = bench.free_port()
        bin_dir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        self.pg_ctl = str(bin_dir / "pg_ctl")
        password = self.dir / "password"
        password.write_text(PG_PASSWORD)
        shutil.chown(password, "postgres")
        self.run([str(bin_dir / "initdb"), "-D", str(self.dir / "data"), "-U", PG_USER, "--pwfile", str(password),
                  "-A", "scram-sha-256"])
        self.run([self.pg_ctl, "-D", str(self.dir / "data"), "-l", str(self.dir / "postgresql.log"), "-w",
                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200", "start"])

    def run(self, command):
        subprocess.run(["runuser", "-u", "postgres", "--"] + command, check=True, capture_output=True)

    def url(self):
        return f"jdbc:postgresql://127.0.0.1:{self.port}/postgres"

    def stop(self):
        self.run([self.pg_ctl, "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop"])


def route_metrics(apps):
    """Summed over the replicas: (seconds, count) per Camel route (its route policy timer), and for
    the download ("download", whapi_download_seconds: reading and verifying the body)."""
    totals = {}
    for app in apps:
        text = urllib.request.urlopen(f"http://127.0.0.1:{app.management_port}/actuator/prometheus").read().decode()
        for line in text.splitlines():
            if line.startswith("#") or " " not in line:
                continue
            name, value = line.rsplit(" ", 1)
            if name.startswith("camel_route_policy_seconds_") and 'routeId="' in name:
                key = name.split('routeId="', 1)[1].split('"', 1)[0]
            elif name.startswith("whapi_download_seconds_"):
                key = "download"
            else:
                continue
            if not key:
                continue  # the context's own timer, no route's
            seconds, count = totals.get(key, (0.0, 0))
            if "_seconds_sum" in name:
                seconds += float(value)
            elif "_seconds_count" in name:
                count += int(float(value))
            totals[key] = (seconds, count)
    return totals


def route_means_ms(before, after):
    """Mean milliseconds per pass of each route between two route_metrics snapshots."""
    means = {}
    for key, (seconds, count) in after.items():
        seconds0, count0 = before.get(key, (0.0, 0))
        if count > count0:
            means[key] = 1000 * (seconds - seconds0) / (count - count0)
    return means


def measured_own_ms(means, jobs_route, delay_ms):
    """Our own time per record as the replicas measured it: the jobs route's mean time per record
    (from the record to its commit, or to the queue file's deletion) less the gateway's delay and
    the mean time to read and verify the body."""
    if jobs_route not in means or "download" not in means:
        return None
    return means[jobs_route] - means["download"] - delay_ms


def post_at_rate(apps, bodies, rate):
    """Posts each (id, body) once, round-robin over the apps, at a steady `rate` a second (a flow,
    as a gateway sends it, not a backlog at once); returns id -> time posted."""
    posted = {}
    threads = 4  # a post answered late must not hold back the next one's time

    def worker(offset):
        conns = [http.client.HTTPConnection("127.0.0.1", app.port, timeout=30) for app in apps]
        start = time.time()
        for n in range(offset, len(bodies), threads):
            time.sleep(max(0.0, start + n / rate - time.time()))
            message_id, body = bodies[n]
            conn = conns[n % len(conns)]
            sent = time.time()
            conn.request("POST", "/webhooks/whapi", body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"webhook answered {response.status}")
            posted[message_id] = sent
        for conn in conns:
            conn.close()

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return posted


def replicas_run(work, name, count, gateway, kafka, postgres, media, cores=None, delay_ms=0, warmup=0,
                 queue="kafka", flow_rate=None):
    """Stored media per second for `media` webhooks of one image each, posted round-robin, after
    `warmup` webhooks whose storing is not measured: the JIT settles, the group has joined. With
    `flow_rate`, the measured webhooks arrive at that steady rate instead of all at once: the rate
    is then the input's, and what is ours is the time each record takes (measured) and the time
    from the POST to the stored file."""
    run = f"{name}-{int(time.time())}"
    sink = work / f"{run}-sink"
    env = {"MEDIA_SINKS_FILE_URI": f"file:{sink}", "WHAPI_GATEWAY_URL": gateway, "WHAPI_TOKEN": bench.TOKEN}
    if queue == "kafka":
        env.update({"MEDIA_QUEUE_TYPE": "kafka", "CAMEL_COMPONENT_KAFKA_BROKERS": kafka.brokers(),
                    "MEDIA_QUEUE_KAFKA_TOPIC": f"{run}-jobs", "MEDIA_QUEUE_KAFKA_DEADLETTERTOPIC": f"{run}-dead-letter",
                    "MEDIA_QUEUE_KAFKA_GROUPID": run, "MEDIA_QUEUE_KAFKA_REPLICATIONFACTOR": "1",
                    "MEDIA_LEDGER_STORE": "jdbc", "MEDIA_LEDGER_JDBC_URL": postgres.url(),
                    "MEDIA_LEDGER_JDBC_USERNAME": PG_USER, "MEDIA_LEDGER_JDBC_PASSWORD": PG_PASSWORD})
    jobs_route = "media-router-kafka" if queue == "kafka" else "media-router"
    apps = []
    try:
        for i in range(count):
            apps.append(bench.App(work, f"{run}-{i}", "256m", env))
            if cores is not None:
                subprocess.run(["taskset", "-a", "-p", "-c", str(cores[i]), str(apps[-1].pid)], check=True,
                               capture_output=True)
        size = len(Path(work / "files/small.jpg").read_bytes())
        sha = bench.sha256_b64(work / "files/small.jpg")
        day = time.strftime("%Y/%m/%d", time.gmtime())
        key_of = lambda m: f"BENCH/image/{day}/{m}.jpg"  # noqa: E731

        def post_and_wait(ids):
            bodies = [(i, bench.webhook(i, "image", "small.jpg", size, sha)) for i in ids]
            threads = [threading.Thread(target=bench.post_all, args=(app.port, bodies[i::count], 8))
                       for i, app in enumerate(apps)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            return bench.stored_times([sink], ids, key_of, 1800)

        def flow_and_wait(ids):
            bodies = [(i, bench.webhook(i, "image", "small.jpg", size, sha)) for i in ids]
            posted.update(post_at_rate(apps, bodies, flow_rate))
            return bench.stored_times([sink], ids, key_of, 1800)

        if warmup:
            post_and_wait([f"{run}-warmup-{i}" for i in range(warmup)])
        metrics_before = route_metrics(apps)
        cpu_before = sum(bench.cpu_seconds(app.pid) for app in apps)
        started = time.time()
        posted = {}
        ids = [f"{run}-{i}" for i in range(media)]
        stored = flow_and_wait(ids) if flow_rate else post_and_wait(ids)
        cpu = sum(bench.cpu_seconds(app.pid) for app in apps) - cpu_before
        means = route_means_ms(metrics_before, route_metrics(apps))
        elapsed = max(stored.values()) - started
        times = sorted(stored.values())
        t10, t90 = bench.percentile(times, 10), bench.percentile(times, 90)
        steady = 0.8 * media / (t90 - t10) if t90 > t10 else media / elapsed
        consumers = int(env.get("MEDIA_QUEUE_KAFKA_CONSUMERS", os.environ.get("MEDIA_QUEUE_KAFKA_CONSUMERS", "8")))
        latencies = sorted(1000 * (stored[i] - posted[i]) for i in ids if i in posted)
        return {"queue": queue, "replicas": count, "media": media, "warmup": warmup, "seconds": elapsed,
                "flow_rate": flow_rate,
                "post_to_stored_ms": {"p50": bench.percentile(latencies, 50), "p99": bench.percentile(latencies, 99)}
                if latencies else None,
                "stored_per_second": media / elapsed, "steady_per_second": steady,
                "cpu_ms_per_media": 1000 * cpu / media,
                "own_ms_per_record": 1000 * count * consumers / steady - delay_ms,
                "measured_own_ms": measured_own_ms(means, jobs_route, delay_ms),
                "route_ms": {k: round(v, 2) for k, v in sorted(means.items())}, "cores": cores}
    finally:
        for app in apps:
            app.stop()


def fmt(millis):
    return "" if millis is None else f"{millis:.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--media", type=int, default=600, help="media per run, Get Media delayed 200 ms")
    parser.add_argument("--slow-media", type=int, default=1200, help="media per run, Get Media delayed 1,000 ms")
    parser.add_argument("--cpu-media", type=int, default=2000, help="media per run, CPU-bound")
    parser.add_argument("--delay-ms", default="1000,200", help="Get Media delays to run, comma-separated")
    parser.add_argument("--small-bytes", type=int, default=50_000)
    parser.add_argument("--warmup", type=int, default=200, help="webhooks stored before each measured run")
    parser.add_argument("--only", default="latency,flow,cpu", help="phases to run, comma-separated")
    parser.add_argument("--replicas", default="1,2,3", help="replica counts of the latency runs")
    parser.add_argument("--flow-rate", type=float, default=25,
                        help="webhooks a second of the flow run (one replica, Get Media delayed 200 ms)")
    parser.add_argument("--flow-media", type=int, default=1500, help="media of the flow run")
    parser.add_argument("--out", default=str(ROOT / "target/bench"))
    parser.add_argument("--profile", action="store_true", help="record each replica with JFR, into --out")
    args = parser.parse_args()
    phases = args.only.split(",")
    delays = [int(d) for d in args.delay_ms.split(",")]
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    if args.profile:
        bench.App.profile_dir = out
    work = Path(tempfile.mkdtemp(prefix="whapi-scale-", dir=out))
    work.chmod(0o755)
    servers = bench.Servers(work, 1, args.small_bytes)
    servers.start()
    gateways = {delay: DelayingGateway(servers.small.read_bytes(), delay / 1000) for delay in set(delays + [200])}
    kafka = postgres = None
    try:
        kafka, postgres = Kafka(work), PostgreSql(work)
        latency, cpu = [], []
        for delay in delays if "latency" in phases else ():
            media = args.slow_media if delay >= 1000 else args.media
            for count in [int(r) for r in args.replicas.split(",")]:
                print(f"Get Media delayed {delay} ms, {count} replica(s)...", flush=True)
                run = replicas_run(work, f"latency{delay}-{count}", count, gateways[delay].url(), kafka, postgres,
                                   media, delay_ms=delay, warmup=args.warmup)
                run["delay_ms"] = delay
                latency.append(run)
        flow = []
        if "flow" in phases:
            # the 200 ms runs above take a backlog at once: the replica's own intake, the broker and
            # PostgreSQL then compete with the consumers for 2 cores. A flow below the replica's
            # capacity is what a gateway sends; each record's own time is measured inside it.
            print(f"Get Media delayed 200 ms, 1 replica, a flow of {args.flow_rate:g} webhooks/s...", flush=True)
            run = replicas_run(work, "flow200-1", 1, gateways[200].url(), kafka, postgres, args.flow_media,
                               delay_ms=200, warmup=args.warmup, flow_rate=args.flow_rate)
            run["delay_ms"] = 200
            flow.append(run)
        cores = list(range(min(2, os.cpu_count())))
        if "cpu" in phases:
            # the reference for Kafka's CPU per media: the file queue and ledger, one replica, one core
            print("CPU-bound, file queue, 1 replica pinned...", flush=True)
            cpu.append(replicas_run(work, "cpu-file", 1, servers.gateway_url(), kafka, postgres, args.cpu_media,
                                    cores[:1], warmup=5 * args.warmup, queue="file"))
        for count in range(1, len(cores) + 1) if "cpu" in phases else ():
            print(f"CPU-bound, {count} replica(s) pinned...", flush=True)
            cpu.append(replicas_run(work, f"cpu{count}", count, servers.gateway_url(), kafka, postgres,
                                    args.cpu_media, cores[:count], warmup=5 * args.warmup))
    finally:
        for gateway in gateways.values():
            gateway.stop()
        for server in (postgres, kafka):
            if server is not None:
                server.stop()
        servers.stop()
        shutil.rmtree(work, ignore_errors=True)
    report = {"machine": bench.machine(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
              "latency_bound": latency, "flow": flow, "cpu_bound": cpu}
    (out / "scale.json").write_text(json.dumps(report, indent=2))
    lines = [f"Machine: {report['machine']} ({report['date']})", "",
             "| run | replicas | stored/s (whole run) | steady stored/s | vs 1 replica (steady) | own ms per record"
             " (from the rate) | own ms per record (measured) | CPU ms per media | target |",
             "|---|---|---|---|---|---|---|---|---|"]
    targets = {1000: {2: "≥ 1.8×", 3: "≥ 2.6×"}}
    base = {}
    for run in latency:
        base.setdefault(run["delay_ms"], run["steady_per_second"])
        ratio = run["steady_per_second"] / base[run["delay_ms"]]
        target = targets.get(run["delay_ms"], {}).get(run["replicas"], "")
        mark = ("✅" if ratio >= float(target[2:-1]) else "❌") if target else ""
        lines.append(f"| Get Media delayed {run['delay_ms']} ms, {run['media']} media | {run['replicas']} | "
                     f"{run['stored_per_second']:.1f} | {run['steady_per_second']:.1f} | {ratio:.2f}× | "
                     f"{run['own_ms_per_record']:.0f} | {fmt(run['measured_own_ms'])} | {run['cpu_ms_per_media']:.1f} | "
                     f"{target} {mark} |")
    for run in cpu:
        if run["queue"] == "file":
            lines.append(f"| CPU-bound, file queue and ledger (the reference), {run['media']} media | 1 | "
                         f"{run['stored_per_second']:.1f} | {run['steady_per_second']:.1f} | | | "
                         f"{fmt(run['measured_own_ms'])} | {run['cpu_ms_per_media']:.1f} | |")
            continue
        base.setdefault("cpu", run["steady_per_second"])
        reference = next((r["cpu_ms_per_media"] for r in cpu if r["queue"] == "file"), None)
        versus_file = "" if reference is None or run["replicas"] != 1 else \
            f"≤ 1.5× file: {run['cpu_ms_per_media'] / reference:.2f}× " \
            f"{'✅' if run['cpu_ms_per_media'] <= 1.5 * reference else '❌'}"
        lines.append(f"| CPU-bound, each replica on its own core, {run['media']} media | {run['replicas']} | "
                     f"{run['stored_per_second']:.1f} | {run['steady_per_second']:.1f} | "
                     f"{run['steady_per_second'] / base['cpu']:.2f}× | | {fmt(run['measured_own_ms'])} | "
                     f"{run['cpu_ms_per_media']:.1f} | {versus_file} |")
    for run in flow:
        latency_ms = run["post_to_stored_ms"] or {}
        lines.append(f"| Get Media delayed 200 ms, a flow of {run['flow_rate']:g} webhooks/s, {run['media']} media | 1 | "
                     f"{run['stored_per_second']:.1f} | | | | {fmt(run['measured_own_ms'])} | "
                     f"{run['cpu_ms_per_media']:.1f} | POST to stored p50 {latency_ms.get('p50', 0):.0f} ms, "
                     f"p99 {latency_ms.get('p99', 0):.0f} ms |")
    lines += ["", "Mean ms per pass of each route (measured runs, after the warm-up):", ""]
    for run in latency + flow + cpu:
        label = f"{run['queue']}, {run['replicas']} replica(s), " + \
            (f"Get Media delayed {run['delay_ms']} ms" if "delay_ms" in run else "CPU-bound")
        lines.append(f"- {label}: " + ", ".join(f"{k} {v:.1f}" for k, v in run["route_ms"].items()))
    (out / "scale.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
