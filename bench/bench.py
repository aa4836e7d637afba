#!/usr/bin/env python3
"""The benchmark: the packaged app with its real routes, nginx as the Whapi gateway and link
host (static files at full speed), real sinks (file, S3Proxy on its filesystem backend, an FTP
server: vsftpd), and wrk as the load generator. Run through bench/run.sh, which installs what it needs.

Writes target/bench/report.json and target/bench/report.md and prints the table.
Only the standard library, so that any python3 runs it.
"""
import argparse
import base64
import concurrent.futures
import contextlib
import hashlib
import http.client
import json
import os
import platform
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_SECONDS = int(os.environ.get("BENCH_WARM_SECONDS", "180"))
MEASURE_ROUNDS = int(os.environ.get("BENCH_MEASURE_ROUNDS", "3"))
# 1 GiB to the file sink, each round on a fresh JVM between two raw copies (large_file_rounds)
LARGE_ROUNDS = int(os.environ.get("BENCH_LARGE_ROUNDS", "3"))
WARM_COMPILER_SHARE = float(os.environ.get("BENCH_WARM_COMPILER_SHARE", "0.05"))
# async-profiler's options (e.g. event=wall,interval=5ms,threads) for the measured rounds of small
# media alone, without the start-up and warm-up a profile of the app's whole life is mostly made of;
# in the S3 large phase, S3Proxy is profiled the same way during each upload (the ceilings' and the
# sink's), to compare what the server spends on each
MEASURE_PROFILE = os.environ.get("BENCH_MEASURE_PROFILE")
# where bench/profile.sh unpacks it (its version is set there)
ASYNC_PROFILER = ROOT / "target/async-profiler-4.2/linux-x64/libasyncProfiler.so"
if MEASURE_PROFILE and not ASYNC_PROFILER.exists():
    # said now, not after minutes of warm-up when the measured rounds begin
    sys.exit(f"BENCH_MEASURE_PROFILE needs {ASYNC_PROFILER}: run bench/profile.sh once to fetch it")
CLK_TCK = os.sysconf("SC_CLK_TCK")
TOKEN = "bench-token"
S3_KEY, S3_SECRET, BUCKET = "bench-access", "bench-secret", "bench-bucket"
# vsftpd's anonymous user (any password): its local users would be accounts of this machine
FTP_USER, FTP_PASSWORD = "anonymous", "bench-password"
# the folders FTP clients write to, owned by the user vsftpd writes as: vsftpd refuses a root
# its anonymous user could write to
FTP_FOLDERS = ("media", "ceiling")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout=90, process=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode} before {url} answered")
        try:
            host, rest = url.split("//", 1)[1].split("/", 1)
            conn = http.client.HTTPConnection(host, timeout=2)
            conn.request("GET", "/" + rest)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {timeout} s")


def wait_port(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port} after {timeout} s")


def cpu_seconds(pid):
    return sum(cpu_split(pid))


def thread_cpu(pid):
    """CPU seconds per kind of thread of the process (numbers in names folded: one line per pool)."""
    result = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            name = (task / "comm").read_text().strip()
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the thread ended meanwhile
        kind = re.sub(r"\d+", "N", name)
        result[kind] = result.get(kind, 0) + (int(fields[11]) + int(fields[12])) / CLK_TCK
    return result


def thread_cpu_share(before, after):
    """Each kind of thread's share of the CPU used between two thread_cpu(), largest first."""
    spent = {k: v - before.get(k, 0) for k, v in after.items()}
    total = sum(max(0, v) for v in spent.values()) or 1
    return {k: round(v / total, 3) for k, v in sorted(spent.items(), key=lambda kv: -kv[1]) if v / total >= 0.01}


def machine_busy():
    """(busy, total) jiffies of the whole machine so far, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def process_trees_cpu(pids):
    """CPU seconds of each process with all its descendants, those that have ended and those still
    running (vsftpd forks two processes per connection, which live as long as it does): one read
    of /proc for all of them."""
    children, spent = {}, {}
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        process = int(stat_file.parent.name)
        children.setdefault(int(fields[1]), []).append(process)
        # utime, stime, and cutime, cstime: the children it has reaped
        spent[process] = sum(int(v) for v in fields[11:15]) / CLK_TCK

    def tree(pid):
        return spent.get(pid, 0) + sum(tree(child) for child in children.get(pid, []))

    return {pid: tree(pid) for pid in pids}


def cpu_split(pid):
    """(user, system) CPU seconds of the process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) / CLK_TCK, int(fields[12]) / CLK_TCK


def peak_rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def sha256_b64(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return base64.b64encode(digest.digest()).decode()


class Servers:
    """nginx (gateway + links), S3Proxy, vsftpd: started once, used by every phase."""

    def __init__(self, work, large_bytes, small_bytes):
        self.work = work
        self.files = work / "files"
        self.files.mkdir(mode=0o755)
        self.small = self.files / "small.jpg"
        self.large = self.files / "large.mp4"
        self.small.write_bytes(os.urandom(small_bytes))
        with open(self.large, "wb") as f:
            remaining = large_bytes
            block = os.urandom(1 << 20)
            while remaining > 0:
                f.write(block[: min(remaining, len(block))])
                remaining -= len(block)
        self.small_sha, self.large_sha = sha256_b64(self.small), sha256_b64(self.large)
        self.processes = []
        self.pids = {}
        self.nginx_port, self.s3_port, self.ftp_port = free_port(), free_port(), free_port()
        self.s3_dir, self.ftp_dir = work / "s3", work / "ftp"
        (self.s3_dir / BUCKET).mkdir(parents=True)
        self.ftp_dir.mkdir()

    def start(self):
        conf = self.work / "nginx.conf"
        conf.write_text(f"""
worker_processes 1;
daemon off;
pid {self.work}/nginx.pid;
error_log {self.work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path {self.work}/nginx-body;
  proxy_temp_path {self.work}/nginx-proxy;
  fastcgi_temp_path {self.work}/nginx-fastcgi;
  uwsgi_temp_path {self.work}/nginx-uwsgi;
  scgi_temp_path {self.work}/nginx-scgi;
  default_type application/octet-stream;
  server {{
    listen 127.0.0.1:{self.nginx_port};
    location /media/ {{ alias {self.files}/; }}
    location /in-files/ {{ alias {self.files}/; }}
  }}
}}
""")
        self.spawn(["nginx", "-c", str(conf)], "nginx")
        self.wait(self.nginx_port, "nginx")
        s3conf = self.work / "s3proxy.conf"
        s3conf.write_text("\n".join([
            f"s3proxy.endpoint=http://127.0.0.1:{self.s3_port}",
            "s3proxy.authorization=aws-v2-or-v4",
            f"s3proxy.identity={S3_KEY}", f"s3proxy.credential={S3_SECRET}",
            "jclouds.provider=filesystem-nio2", f"jclouds.filesystem.basedir={self.s3_dir}", ""]))
        self.spawn(["java", "-Xmx256m", "-jar", str(ROOT / "target/s3proxy/s3proxy.jar"), "--properties", str(s3conf)], "s3proxy")
        self.wait(self.s3_port, "s3proxy", 90)
        # vsftpd, not pyftpdlib (one Python process, which stalled a STOR now and then): the FTP
        # server a site runs. In the foreground, anonymous with writes, passive ports on loopback.
        for folder in FTP_FOLDERS:
            self.ftp_folder(folder)
        ftpconf = self.work / "vsftpd.conf"
        ftpconf.write_text("\n".join([
            "listen=YES", "listen_ipv6=NO", "background=NO", "listen_address=127.0.0.1", f"listen_port={self.ftp_port}",
            "anonymous_enable=YES", "no_anon_password=YES", "local_enable=NO", f"anon_root={self.ftp_dir}",
            "write_enable=YES", "anon_upload_enable=YES", "anon_mkdir_write_enable=YES", "anon_other_write_enable=YES",
            "anon_world_readable_only=NO", "anon_umask=022",
            "pasv_enable=YES", "pasv_address=127.0.0.1",
            # passive ports from vsftpd's whole default range: in 40000-40200 its ten tries at a free
            # one failed ("500 OOPS: vsf_sysutil_bind") once thousands of data connections had left
            # their ports in TIME_WAIT, back-to-back runs of the FTP phase
            "max_clients=0", "max_per_ip=0", "use_sendfile=YES",
            "xferlog_enable=NO", "dirmessage_enable=NO", "seccomp_sandbox=NO",
            f"vsftpd_log_file={self.work}/vsftpd-transfers.log", ""]))
        self.spawn(["/usr/sbin/vsftpd", str(ftpconf)], "ftp")
        self.wait(self.ftp_port, "ftp")

    def ftp_folder(self, name):
        """A folder at the FTP root that the anonymous user writes to (vsftpd writes as user ftp)."""
        folder = self.ftp_dir / name
        folder.mkdir(exist_ok=True)
        ftp = pwd.getpwnam("ftp")
        os.chown(folder, ftp.pw_uid, ftp.pw_gid)
        return folder

    def wait(self, port, name, timeout=30):
        try:
            wait_port(port, timeout)
        except RuntimeError:
            print((self.work / f"{name}.log").read_text(errors="replace")[-2000:], file=sys.stderr)
            raise

    def spawn(self, command, name):
        log = open(self.work / f"{name}.log", "wb")
        self.processes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT))
        self.pids[name] = self.processes[-1].pid

    def cpu_seconds(self):
        """CPU seconds each server (nginx, s3proxy, vsftpd) has used so far, with its worker
        processes (nginx serves from a worker, vsftpd forks one per connection)."""
        spent = process_trees_cpu(self.pids.values())
        return {name: spent[pid] for name, pid in self.pids.items()}

    def cpu_since(self, before):
        """CPU seconds each server has used since cpu_seconds() gave before."""
        return {name: spent - before.get(name, 0) for name, spent in self.cpu_seconds().items()}

    def stop(self):
        for p in self.processes:
            p.terminate()
        for p in self.processes:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()

    def s3_uri(self):
        return (f"aws2-s3://{BUCKET}?overrideEndpoint=true&uriEndpointOverride=http://127.0.0.1:{self.s3_port}"
                f"&forcePathStyle=true&region=us-east-1&accessKey=RAW({S3_KEY})&secretKey=RAW({S3_SECRET})")

    def ftp_uri(self):
        # BENCH_FTP_URI_OPTIONS: endpoint options to try on the FTP sink, e.g. fileExist=TryRename
        extra = os.environ.get("BENCH_FTP_URI_OPTIONS", "")
        return f"ftp://{FTP_USER}@127.0.0.1:{self.ftp_port}/media?password=RAW({FTP_PASSWORD})" + (f"&{extra}" if extra else "")

    def gateway_url(self):
        return f"http://127.0.0.1:{self.nginx_port}"


class App:
    """The packaged jar as its own JVM, a fresh work dir each time."""
    profile_dir = None  # --profile: a JFR recording per app, left in target/bench/

    def __init__(self, work, name, heap, env):
        self.dir = work / name
        self.dir.mkdir()
        self.port, self.management_port = free_port(), free_port()
        # BENCH_JAR: another build of the app, to compare two jars in turns on the same hour
        jar = os.environ.get("BENCH_JAR") or next((ROOT / "target").glob("whapi-media-router-*.jar"))
        environment = dict(os.environ)
        environment.update({
            "SERVER_PORT": str(self.port), "MANAGEMENT_SERVER_PORT": str(self.management_port),
            "MEDIA_WORK_DIR": str(self.dir / "data"), "MEDIA_EXTRA_ROUTES_DIR": str(ROOT / "bench/routes"),
        })
        # as the README's run command and the image start it
        environment["MALLOC_ARENA_MAX"] = "2"
        environment.update(env)
        self.log = open(self.dir / "app.log", "wb")
        jfr = [f"-XX:StartFlightRecording=settings=profile,filename={App.profile_dir}/{name}.jfr"] if App.profile_dir else []
        # its temp folder (Tomcat's) in its own folder, removed with the run, not left in /tmp
        tmp = f"-Djava.io.tmpdir={self.dir}"
        # BENCH_APP_JAVA_OPTS: JVM options for the app only (not the ceilings' JVMs), to try some
        extra = os.environ.get("BENCH_APP_JAVA_OPTS", "").split()
        # the JVM options of the README's run command and of the image (jvm.options)
        options = f"@{ROOT / 'jvm.options'}"
        self.process = subprocess.Popen(["java", f"-Xmx{heap}", options, tmp] + extra + jfr + ["-jar", str(jar)],
                                        env=environment,
                                        stdout=self.log, stderr=subprocess.STDOUT, cwd=self.dir)
        wait_http(f"http://127.0.0.1:{self.management_port}/actuator/health/readiness", 120, self.process)

    @property
    def pid(self):
        return self.process.pid

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if not os.environ.get("BENCH_KEEP"):
            # what the app wrote goes with it (its log stays until the run's end), and is synced:
            # left in place, the backlog phase's 9,600 queued entries and thousands of media made
            # the file phase after it a sixth dearer per media (2.98 against 2.5 ms, 2026-12-05),
            # a cost of the benchmark's order, not of the phase measured
            for child in self.dir.iterdir():
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                elif child.name != "app.log":
                    child.unlink(missing_ok=True)
            os.sync()


def webhook(message_id, media_type, media_id, size, sha, link=None):
    media = {"id": media_id, "mime_type": "image/jpeg" if media_type == "image" else "video/mp4",
             "file_size": size, "sha256": sha}
    if link:
        media["link"] = link
    return json.dumps({"messages": [{"id": message_id, "from_me": False, "type": media_type,
                                     "chat_id": "15550100123@s.whatsapp.net", "timestamp": int(time.time()),
                                     "source": "mobile", media_type: media, "from": "15550100123"}],
                       "event": {"type": "messages", "event": "post"}, "channel_id": "BENCH"})


def wrk(url, body_file, seconds, connections=16, threads=2):
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
                          "-s", str(ROOT / "bench/post.lua"), url],
                         env=dict(os.environ, BENCH_BODY=str(body_file)), capture_output=True, text=True, check=True).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {"requests": requests, "per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50_ms": latency(50), "p99_ms": latency(99), "non_2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": errors.group(1) if errors else None, "raw": out}


def intake(servers, work, seconds):
    body = work / "intake-body.json"
    # the queue is not drained during the measure: this is the acknowledgement path alone
    app = App(work, "intake", "256m", {"BENCH_ROUTERIDLE": "true", "WHAPI_GATEWAY_URL": servers.gateway_url()})
    try:
        base = f"http://127.0.0.1:{app.port}"
        # each measure after a warm-up long enough for the JIT to settle (its threads' CPU counts)
        wrk(f"{base}/bench/noop", body, 10)
        cpu_before, machine_before = cpu_seconds(app.pid), machine_busy()
        noop = wrk(f"{base}/bench/noop", body, seconds)
        noop["cpu_ms_per_request"] = 1000 * (cpu_seconds(app.pid) - cpu_before) / max(1, noop["requests"])
        noop["machine_busy"] = busy_share(machine_before, machine_busy())
        wrk(f"{base}/webhooks/whapi", body, 10)
        queued_before = queue_depth(app.management_port)
        cpu_before, machine_before = cpu_seconds(app.pid), machine_busy()
        durable = wrk(f"{base}/webhooks/whapi", body, seconds)
        cpu = cpu_seconds(app.pid) - cpu_before
        durable["machine_busy"] = busy_share(machine_before, machine_busy())
        queued = queue_depth(app.management_port) - queued_before
        rss = peak_rss_mb(app.pid)
    finally:
        app.stop()
    for result in (noop, durable):
        result.pop("raw")
    return {"noop": noop, "durable": durable, "entries_queued": queued,
            "ratio_to_noop": durable["per_second"] / noop["per_second"],
            "cpu_ms_per_ack": 1000 * cpu / max(1, durable["requests"]), "peak_rss_mb": rss}


def ceiling(*args, servers=None):
    """One run of bench/Ceilings.java (the same I/O with nothing around it), its JSON answer; with
    the servers given, also the CPU seconds of the client's JVM and of each server meanwhile."""
    classpath = (ROOT / "target/bench-classpath.txt").read_text().strip()
    children_before = os.times()
    servers_before = servers.cpu_seconds() if servers else {}
    out = subprocess.run(["java", "-Xmx256m", "-cp", classpath, str(ROOT / "bench/Ceilings.java")] + [str(a) for a in args],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"Ceilings {args[0]} failed: {out.stderr[-2000:]}")
    result = json.loads(out.stdout)
    if servers:
        children = os.times()
        client = children.children_user + children.children_system - children_before.children_user - children_before.children_system
        result["cpu_s_by_process"] = {"client": round(client, 2),
                                      **{name: round(spent, 2) for name, spent in servers.cpu_since(servers_before).items()}}
    return result


def io_floor(servers, work, small_count, concurrency):
    folder = work / "io-floor"
    result = ceiling("io-floor", f"{servers.gateway_url()}/in-files/small.jpg", small_count, concurrency, folder,
                     servers=servers)
    # nginx served both of the floor's rounds
    result["nginx_cpu_ms_per_media"] = 1000 * result["cpu_s_by_process"].get("nginx", 0) / (2 * small_count)
    shutil.rmtree(folder, ignore_errors=True)
    return result


def ftp_ceilings(servers, small_count):
    size = servers.small.stat().st_size
    ftp = ("ftp-upload", "127.0.0.1", servers.ftp_port, FTP_USER, FTP_PASSWORD, small_count, size)
    result = {"ftp_one_client": ceiling(*ftp, 1, servers=servers), "ftp_four_clients": ceiling(*ftp, 4, servers=servers)}
    shutil.rmtree(servers.ftp_dir / "ceiling", ignore_errors=True)
    servers.ftp_folder("ceiling")
    return result


def s3_ceilings(servers):
    # one part after the other (as camel-aws2-s3 sends them), and four at a time (as a transfer
    # manager or `aws s3 cp` would): #24's target is the parallel one
    s3 = (f"http://127.0.0.1:{servers.s3_port}", BUCKET, S3_KEY, S3_SECRET, servers.large, 25 * 1024 * 1024)
    with profiled(servers.pids["s3proxy"], "s3proxy-ceiling-sequential"):
        sequential = ceiling("s3-upload", *s3, 1, servers=servers)
    with profiled(servers.pids["s3proxy"], "s3proxy-ceiling-parallel"):
        parallel = ceiling("s3-upload", *s3, 4, servers=servers)
    return {"s3_multipart": sequential, "s3_multipart_parallel": parallel}


@contextlib.contextmanager
def profiled(pid, name):
    """async-profiler in the JVM of pid (the app's or S3Proxy's) while the block runs, with
    BENCH_MEASURE_PROFILE's options, into target/bench/<name>[-N].collapsed: a new file each time
    (the ceilings run before and after their phase)."""
    if not MEASURE_PROFILE:
        yield
        return
    agent(pid, f"start,{MEASURE_PROFILE}")
    try:
        yield
    finally:
        out, n = ROOT / f"target/bench/{name}.collapsed", 1
        while out.exists():
            n += 1
            out = ROOT / f"target/bench/{name}-{n}.collapsed"
        agent(pid, f"stop,file={out},collapsed")


def mean_of(before, after):
    """One floor or ceiling measured just before and just after the phase compared with it: this
    host's speed moves by a quarter within minutes, so a ratio to one measured minutes earlier
    (at the run's start, as until 2026-12-05) read the drift as much as the connector. Numbers are
    averaged (those in nested dicts too); both runs are kept."""
    def mean(a, b):
        if isinstance(a, dict) and isinstance(b, dict):
            return {k: mean(a[k], b[k]) for k in a if k in b}
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and a != b:
            return (a + b) / 2
        return a
    result = mean(before, after)
    result["before_and_after"] = [before, after]
    return result


def around(measure, phase):
    """Runs phase between two runs of measure; returns (phase's result, the measure's mean)."""
    before = measure()
    result = phase()
    after = measure()
    if isinstance(before, dict) and all(isinstance(v, dict) for v in before.values()):
        return result, {name: mean_of(before[name], after[name]) for name in before}
    return result, mean_of(before, after)


def intake_cold(servers, work, seconds):
    """The intake in the first seconds after the app is ready: wrk from the moment of readiness."""
    body = work / "intake-body.json"
    app = App(work, "intake-cold", "256m", {"BENCH_ROUTERIDLE": "true", "WHAPI_GATEWAY_URL": servers.gateway_url()})
    try:
        result = wrk(f"http://127.0.0.1:{app.port}/webhooks/whapi", body, seconds)
        result.pop("raw")
        return result
    finally:
        app.stop()


def sample_processing_limit(management_port, limits, done):
    """whapi_media_processing_limit every half second until done is not empty (the router's share)."""
    while not done:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", management_port, timeout=2)
            conn.request("GET", "/actuator/prometheus")
            text = conn.getresponse().read().decode()
            match = re.search(r"^whapi_media_processing_limit\S*\s+([\d.]+)", text, re.M)
            if match:
                limits.append(float(match.group(1)))
        except OSError:
            pass
        time.sleep(0.5)


def queue_depth(management_port):
    """Media messages queued and not yet stored (whapi_queue_depth: the journal's and queue files)."""
    conn = http.client.HTTPConnection("127.0.0.1", management_port, timeout=5)
    conn.request("GET", "/actuator/prometheus")
    text = conn.getresponse().read().decode()
    return int(float(re.search(r"^whapi_queue_depth\S*\s+([\d.]+)", text, re.M).group(1)))


def intake_under_backlog(servers, work, count, seconds):
    """The intake while the router works off a backlog of small media to the file sink: the
    gateway's view when a burst arrives faster than media are stored."""
    env = {"MEDIA_ROUTING_IMAGE": "file", "WHAPI_GATEWAY_URL": servers.gateway_url(), "WHAPI_TOKEN": TOKEN,
           "MEDIA_DOWNLOAD_ALLOWEDLINKHOSTS": "127.0.0.1"}
    app = App(work, "intake-backlog", "256m", env)
    try:
        size = servers.small.stat().st_size
        day = time.strftime("%Y/%m/%d", time.gmtime())
        link = f"{servers.gateway_url()}/in-files/small.jpg"
        roots = [app.dir / "data/media"]
        key = lambda i: f"BENCH/image/{day}/{i}.jpg"
        # warm: the intake (wrk) and the router (a first backlog, worked off)
        wrk(f"http://127.0.0.1:{app.port}/webhooks/whapi", work / "intake-body.json", seconds)
        warm = [(f"backlog-warm-{i}", webhook(f"backlog-warm-{i}", "image", "small.jpg", size, servers.small_sha, link))
                for i in range(count)]
        stored_times(roots, list(post_all(app.port, warm)), key, 600)
        backlog = [(f"backlog-{i}", webhook(f"backlog-{i}", "image", "small.jpg", size, servers.small_sha, link))
                   for i in range(count)]
        post_all(app.port, backlog)
        queued = queue_depth(app.management_port)
        cpu_before, threads_before = cpu_seconds(app.pid), thread_cpu(app.pid)
        limits = []
        with concurrent.futures.ThreadPoolExecutor(1) as sampler:
            done = []
            watch = sampler.submit(sample_processing_limit, app.management_port, limits, done)
            result = wrk(f"http://127.0.0.1:{app.port}/webhooks/whapi", work / "intake-body.json", seconds)
            done.append(True)
            watch.result()
        result["cpu_ms_per_request"] = 1000 * (cpu_seconds(app.pid) - cpu_before) / max(1, result["requests"])
        result["cpu_by_thread"] = thread_cpu_share(threads_before, thread_cpu(app.pid))
        result["processing_limit_mean"] = sum(limits) / len(limits) if limits else None
        result["backlog_at_start"] = queued
        result["queue_at_end"] = queue_depth(app.management_port)
        result.pop("raw")
        result["peak_rss_mb"] = peak_rss_mb(app.pid)
        return result
    finally:
        app.stop()


def busy_share(before, after):
    """Share of the machine's CPU time (all cores) that was busy between two machine_busy()."""
    return (after[0] - before[0]) / max(1, after[1] - before[1])


def post_all(port, bodies, concurrency=16):
    """Posts each (id, body) once over keep-alive connections; returns id -> time posted.

    HTTP/1.1 written and read on the socket itself, not through http.client: this script shares
    the app's two cores. With http.client, posting and looking for sidecars cost 0.31-0.37 ms of CPU
    per small media; this way, 0.12-0.17 ms (docs/benchmarks.md, 2026-12-05). A gateway posts from
    another machine."""
    posted = {}

    def worker(chunk):
        connection = None
        try:
            for message_id, body in chunk:
                data = body.encode() if isinstance(body, str) else body
                request = (f"POST /webhooks/whapi HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                           f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n").encode() + data
                if connection is None:
                    connection = socket.create_connection(("127.0.0.1", port), timeout=30)
                    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    reader = connection.makefile("rb")
                start = time.time()
                connection.sendall(request)
                status, close = read_response(reader)
                if status != 200:
                    raise RuntimeError(f"webhook answered {status}")
                posted[message_id] = start
                if close:  # Tomcat closes a keep-alive connection after 100 requests
                    reader.close()
                    connection.close()
                    connection = None
        finally:
            if connection is not None:
                # the socket closes only once its reader is closed too
                reader.close()
                connection.close()

    chunks = [bodies[i::concurrency] for i in range(concurrency)]
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(worker, chunks))
    return posted


def read_response(reader):
    """Reads one HTTP/1.1 response whole: (status, whether the server closes the connection)."""
    status_line = reader.readline()
    if not status_line:
        raise RuntimeError("the app closed the connection without an answer")
    length, chunked, close = 0, False, False
    while True:
        line = reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value
        elif name == b"connection":
            close = value == b"close"
    if chunked:
        while True:
            size = int(reader.readline().split(b";")[0], 16)
            reader.read(size + 2)
            if size == 0:
                break
    elif length:
        reader.read(length)
    return int(status_line.split()[1]), close


def stored_times(roots, ids, key_of, timeout, window=256):
    """id -> when its last copy was complete (the newest sidecar mtime across the sink roots).

    Each look checks only the first `window` ids not yet seen, in the order given (the order
    posted, which the router roughly keeps): this script shares the app's cores, and looking for
    all 2,000 sidecars of a round every 50 ms cost more CPU than the posting. The time is the
    sidecar's mtime, not when it was seen, so a later look changes no figure."""
    deadline = time.time() + timeout
    done = {}
    # each id's sidecar paths built once, as strings for os.stat, not again at every look
    sidecars = {message_id: [f"{root}/{key_of(message_id)}.json" for root in roots] for message_id in ids}
    pending = list(ids)
    while time.time() < deadline and pending:
        for message_id in pending[:window]:
            try:
                done[message_id] = max(os.stat(path).st_mtime for path in sidecars[message_id])
            except FileNotFoundError:
                pass
        pending = [message_id for message_id in pending if message_id not in done]
        if pending:
            time.sleep(0.05)
    if len(done) < len(ids):
        raise RuntimeError(f"only {len(done)} of {len(ids)} media stored within {timeout} s")
    return done


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def small_media(servers, work, count, sinks, name):
    env = {"MEDIA_ROUTING_IMAGE": sinks, "WHAPI_GATEWAY_URL": servers.gateway_url(), "WHAPI_TOKEN": TOKEN,
           "MEDIA_DOWNLOAD_ALLOWEDLINKHOSTS": "127.0.0.1",
           "MEDIA_SINKS_S3_URI": servers.s3_uri(), "MEDIA_SINKS_FTP_URI": servers.ftp_uri()}
    app = App(work, name, "256m", env)
    try:
        run = f"{name}-{int(time.time())}"
        size = servers.small.stat().st_size
        roots = [app.dir / "data/media"] if "file" in sinks.split(",") else []
        if "s3" in sinks:
            roots.append(servers.s3_dir / BUCKET)
        if "ftp" in sinks:
            roots.append(servers.ftp_dir / "media")
        day = time.strftime("%Y/%m/%d", time.gmtime())
        # warm-up: as many messages first, so that the measure is of a JVM whose JIT
        # has settled (its compiler threads' CPU would otherwise count against the first seconds)
        # The JIT of a Spring and Camel app takes minutes to settle: its compiler threads took a
        # third of the CPU after one round and an eighth after six (docs/benchmarks.md). Rounds
        # of as many messages go first until the compilers take under WARM_COMPILER_SHARE of a
        # round's CPU, or for at most WARM_SECONDS. Under 15% (at most 90 s) left them a fifth of
        # the measured rounds' CPU in a run of 2026-12-04; under 5% took 12 rounds (about 2 min).
        warm_started, warm_rounds, compiler_share = time.time(), 0, 1.0
        warm_seconds = WARM_SECONDS if count >= 500 else 0  # a smoke run (CI) warms up once
        while warm_rounds == 0 or (compiler_share > WARM_COMPILER_SHARE and time.time() - warm_started < warm_seconds):
            before = thread_cpu(app.pid)
            warm = [(f"{run}-warm{warm_rounds}-{i}", webhook(f"{run}-warm{warm_rounds}-{i}", "image", "small.jpg", size,
                                                             servers.small_sha, f"{servers.gateway_url()}/in-files/small.jpg"))
                    for i in range(count)]
            stored_times(roots, list(post_all(app.port, warm)), lambda i: f"BENCH/image/{day}/{i}.jpg", 600)
            compiler_share = sum(v for k, v in thread_cpu_share(before, thread_cpu(app.pid)).items() if "Compiler" in k)
            warm_rounds += 1
        # One run's CPU per media moved 2.3 to 3.5 ms for the same jar (docs/benchmarks.md,
        # 2026-12-04): several measured rounds, and the one with the median CPU per media reported,
        # with every round's figure beside it. A smoke run (CI) measures once.
        rounds = []
        with profiled(app.pid, f"measured-{name}"):
            for measured in range(MEASURE_ROUNDS if count >= 500 else 1):
                bodies = [(f"{run}-m{measured}-{i}", webhook(f"{run}-m{measured}-{i}", "image", "small.jpg", size,
                                                             servers.small_sha, f"{servers.gateway_url()}/in-files/small.jpg"))
                          for i in range(count)]
                user_before, sys_before = cpu_split(app.pid)
                threads_before = thread_cpu(app.pid)
                client_before = os.times()
                servers_before = servers.cpu_seconds()
                machine_before = machine_busy()
                started = time.time()
                posted = post_all(app.port, bodies)
                stored = stored_times(roots, list(posted), lambda i: f"BENCH/image/{day}/{i}.jpg", 600)
                # until the last sidecar was seen: a few ms of idle after it are counted too
                busy = busy_share(machine_before, machine_busy())
                elapsed = max(stored.values()) - started
                client = os.times()
                servers_spent = servers.cpu_since(servers_before)
                user, system = cpu_split(app.pid)
                threads = thread_cpu_share(threads_before, thread_cpu(app.pid))
                user, system = user - user_before, system - sys_before
                cpu = user + system
                latencies = [1000 * (stored[i] - posted[i]) for i in posted]
                rounds.append({"sinks": sinks, "messages": count, "media_bytes": size, "seconds": elapsed,
                               "stored_per_second": count / elapsed, "p50_ms": percentile(latencies, 50),
                               "p99_ms": percentile(latencies, 99), "cpu_ms_per_message": 1000 * cpu / count,
                               "cpu_user_ms_per_message": 1000 * user / count,
                               "cpu_system_ms_per_message": 1000 * system / count,
                               "cpu_user_share": user / cpu, "cpu_by_thread": threads, "machine_busy": busy,
                               # this script's own CPU (posting, polling for sidecars): the same 2 cores
                               "client_cpu_ms_per_message": 1000 * (client.user + client.system
                                                                    - client_before.user - client_before.system) / count,
                               "cpu_s_per_stored_mb": cpu / (count * size / 1e6),
                               # the servers' CPU per media (vsftpd, S3Proxy, nginx): the same 2 cores
                               "server_cpu_ms_per_message": {name: round(1000 * spent / count, 2)
                                                             for name, spent in servers_spent.items()}})
        result = sorted(rounds, key=lambda r: r["cpu_ms_per_message"])[len(rounds) // 2]
        result.update({"warm_up_rounds": warm_rounds, "warm_up_compiler_share": compiler_share,
                       "measured_rounds": [{"stored_per_second": round(r["stored_per_second"], 1),
                                            "cpu_ms_per_message": round(r["cpu_ms_per_message"], 2)} for r in rounds],
                       "peak_rss_mb": peak_rss_mb(app.pid)})
        return result
    finally:
        app.stop()


def agent(pid, command):
    """Gives async-profiler a command in a running JVM (bench/profile.sh fetches the profiler)."""
    # quoted: jcmd would otherwise cut the options at their first comma
    out = subprocess.run(["jcmd", str(pid), "JVMTI.agent_load", str(ASYNC_PROFILER), f'"{command}"'],
                         check=True, capture_output=True, text=True).stdout
    if "return code: 0" not in out:
        raise RuntimeError(f"async-profiler did not take '{command}': {out.strip()}")


def raw_copy(servers, work):
    """curl -o of the large media, and the same followed by an fsync of the file (coreutils sync
    FILE), the guarantee the file sink gives before it says a media is stored."""
    target = work / "raw-copy.bin"
    start = time.time()
    subprocess.run(["curl", "-sf", "-o", str(target), f"{servers.gateway_url()}/media/large.mp4"], check=True)
    elapsed = time.time() - start
    size = target.stat().st_size
    target.unlink()
    start = time.time()
    subprocess.run(["curl", "-sf", "-o", str(target), f"{servers.gateway_url()}/media/large.mp4"], check=True)
    subprocess.run(["sync", str(target)], check=True)
    fsynced = time.time() - start
    target.unlink()
    return {"seconds": elapsed, "mb_per_s": size / 1e6 / elapsed,
            "fsynced_seconds": fsynced, "fsynced_mb_per_s": size / 1e6 / fsynced}


def large_media(servers, work, sinks, name, heap):
    env = {"MEDIA_ROUTING_VIDEO": sinks, "WHAPI_GATEWAY_URL": servers.gateway_url(), "WHAPI_TOKEN": TOKEN,
           "MEDIA_SINKS_S3_URI": servers.s3_uri(), "MEDIA_SINKS_FTP_URI": servers.ftp_uri()}
    app = App(work, name, heap, env)
    try:
        size = servers.large.stat().st_size
        message_id = f"{name}-{int(time.time())}"
        roots = ([app.dir / "data/media"] if "file" in sinks.split(",") else []) + ([servers.s3_dir / BUCKET] if "s3" in sinks else [])
        day = time.strftime("%Y/%m/%d", time.gmtime())
        split_before, threads_before, machine_before = cpu_split(app.pid), thread_cpu(app.pid), machine_busy()
        servers_before = servers.cpu_seconds()
        # S3Proxy profiled during the sink's upload, to compare with its ceilings' (s3_ceilings)
        with profiled(servers.pids["s3proxy"], "s3proxy-sink") if "s3" in sinks else contextlib.nullcontext():
            posted = post_all(app.port, [(message_id, webhook(message_id, "video", "large.mp4", size, servers.large_sha))], 1)
            stored = stored_times(roots, [message_id], lambda i: f"BENCH/video/{day}/{i}.mp4", 1800)
        elapsed = stored[message_id] - posted[message_id]
        user, system = (after - before for after, before in zip(cpu_split(app.pid), split_before))
        cpu = user + system
        threads = thread_cpu_share(threads_before, thread_cpu(app.pid))
        busy, total = (after - before for after, before in zip(machine_busy(), machine_before))
        # where the machine's CPU went: what bounds a CPU-bound upload is the sum over processes
        by_process = {"app": round(cpu, 2), **{name: round(spent, 2) for name, spent in servers.cpu_since(servers_before).items()}}
        for root in roots:
            if (root / f"BENCH/video/{day}/{message_id}.mp4").stat().st_size != size:
                raise RuntimeError(f"the copy in {root} has the wrong size")
        return {"sinks": sinks, "bytes": size, "heap": heap, "seconds": elapsed, "mb_per_s": size / 1e6 / elapsed,
                "cpu_s_per_stored_mb": cpu / (size / 1e6), "cpu_user_share": user / cpu if cpu else None, "cpu_by_thread": threads,
                "machine_busy": busy / total if total else None, "cpu_s_by_process": by_process,
                "peak_rss_mb": peak_rss_mb(app.pid)}
    finally:
        app.stop()


def large_file_rounds(servers, work, heap, rounds):
    """The large media to the file sink, each round on a fresh JVM between two raw copies (one
    shared with the next round). One round said little: in the hour of 2026-12-06 00:00 the same
    jar took 1.5 to 2.8 s from POST to stored, and `curl -o` 1.10 s and then 1.76 s a minute
    apart (docs/benchmarks.md). Returns the round whose ratio to `curl -o` is the median, with the
    raw copies around it, every round's ratios beside it."""
    copies, runs = [raw_copy(servers, work)], []
    for n in range(rounds):
        runs.append(large_media(servers, work, "file", f"large-file-{n + 1}", heap))
        copies.append(raw_copy(servers, work))
    around_each = [mean_of(copies[n], copies[n + 1]) for n in range(rounds)]
    ratios = [run["mb_per_s"] / copy["mb_per_s"] for run, copy in zip(runs, around_each)]
    median = sorted(range(rounds), key=ratios.__getitem__)[rounds // 2]
    result = dict(runs[median])
    result["rounds"] = [{"seconds": round(run["seconds"], 2), "of_curl": round(ratio, 2),
                         "of_curl_fsynced": round(run["mb_per_s"] / copy["fsynced_mb_per_s"], 2)}
                        for run, copy, ratio in zip(runs, around_each, ratios)]
    return result, around_each[median]


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    memory = int(next(l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))) // 1024 // 1024
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return f"{os.cpu_count()} cores ({cpu}), {memory} GiB, {platform.system()} {platform.release()}, {java}"


def spread(measured, key, fmt="{:,.0f}"):
    """' (before X, after Y)' for a floor or ceiling measured around its phase."""
    runs = measured.get("before_and_after")
    return f" (before {fmt.format(runs[0][key])}, after {fmt.format(runs[1][key])})" if runs else ""


def markdown(report):
    i, s, l, c = report["intake"], report["small_media"], report["large_media"], report["ceilings"]
    t = report["targets"]
    small = {run["sinks"]: run for run in s}
    large = {run["sinks"]: run for run in l["runs"]}
    floor = c["io_floor"]["stored_per_second"]
    b, cold = report["intake_backlog"], report["intake_cold"]
    lines = [f"Machine: {report['machine']}", f"Command: `{report['command']}` ({report['date']})", "",
             "| measure | result | target |", "|---|---|---|",
             f"| intake, no-op platform-http route (ceiling) | {i['noop']['per_second']:,.0f} req/s, p50 {i['noop']['p50_ms']:.2f} ms, p99 {i['noop']['p99_ms']:.2f} ms; machine {i['noop']['machine_busy']:.0%} busy | |",
             f"| intake, durable acks, router idle (1 image each, wrk c16) | {i['durable']['per_second']:,.0f} acks/s, p50 {i['durable']['p50_ms']:.2f} ms, p99 {i['durable']['p99_ms']:.2f} ms; {i['ratio_to_noop']:.0%} of no-op | |",
             f"| intake while the router works off a backlog ({b['backlog_at_start']:,} queued, warm, wrk c16, {report['intake_seconds']} s) | {b['per_second']:,.0f} acks/s, p50 {b['p50_ms']:.1f} ms, p99 {b['p99_ms']:.1f} ms; {b['queue_at_end']:,} still queued at the end | ≥ 800/s, p99 ≤ 100 ms {t['intake_backlog']} |",
             f"| intake in its first {report['intake_seconds']} s after start (wrk c16) | {cold['per_second']:,.0f} acks/s, p50 {cold['p50_ms']:.1f} ms, p99 {cold['p99_ms']:.1f} ms | reported |",
             f"| I/O floor: small media with the connector's I/O and nothing else (bench/Ceilings.java, {c['io_floor']['concurrency']} workers; the mean of a run just before the phase and one just after) | {floor:,.0f} stored/s{spread(c['io_floor'], 'stored_per_second')} | |"]
    for run in s:
        extra, target = "", ""
        if run["sinks"] == "file":
            extra = f"; {run['stored_per_second'] / floor:.0%} of the I/O floor"
            target = f"≥ 400/s and ≥ 60% of floor {t['small_file']}"
        elif run["sinks"] == "ftp":
            extra = f"; {run['stored_per_second'] / c['ftp_four_clients']['stored_per_second']:.2f} of four clients"
            target = f"≥ 0.6 of four clients {t['small_ftp']}"
        elif run["sinks"] == "file,s3,ftp":
            target = f"≥ 150/s {t['small_all']}"
        lines.append(f"| small media ({run['media_bytes'] // 1000} KB × {run['messages']:,}) to {run['sinks']} | {run['stored_per_second']:,.0f} stored/s, p50 {run['p50_ms']:,.0f} ms, p99 {run['p99_ms']:,.0f} ms webhook-to-stored{extra} | {target} |")
    lines.append(f"| FTP ceiling: small media with the sink's FTP commands, one client / four clients (bench/Ceilings.java; before and after the phase, the spread of four clients) | {c['ftp_one_client']['stored_per_second']:,.0f} / {c['ftp_four_clients']['stored_per_second']:,.0f} stored/s{spread(c['ftp_four_clients'], 'stored_per_second')} | |")
    four = c["ftp_four_clients"].get("cpu_s_by_process")
    ftp_run = next((run for run in s if run["sinks"] == "ftp" and run.get("server_cpu_ms_per_message")), None)
    if four and ftp_run:
        files = c["ftp_four_clients"]["files"]
        lines.append(f"| CPU per small media to FTP: the sink / four clients (their JVM's start included) | app {ftp_run['cpu_ms_per_message']:.1f} ms, vsftpd {ftp_run['server_cpu_ms_per_message'].get('ftp', 0):.1f} ms, nginx {ftp_run['server_cpu_ms_per_message'].get('nginx', 0):.1f} ms / client {1000 * four['client'] / files:.1f} ms, vsftpd {1000 * four.get('ftp', 0) / files:.1f} ms | |")
    lines.append(f"| raw copy of the large media (curl -o, same server, same disk; then the file fsynced, as the sink does; before and after the file sink's median round) | {l['raw_copy']['mb_per_s']:,.0f} MB/s{spread(l['raw_copy'], 'mb_per_s')}; {l['raw_copy']['fsynced_mb_per_s']:,.0f} MB/s fsynced | |")
    lines.append(f"| S3 ceiling: raw multipart upload of the large media, 25 MB parts, AWS SDK, one part at a time / four at a time (bench/Ceilings.java; before and after the phase, the spread of four at a time) | {c['s3_multipart']['mb_per_s']:,.0f} / {c['s3_multipart_parallel']['mb_per_s']:,.0f} MB/s{spread(c['s3_multipart_parallel'], 'mb_per_s')} | |")
    for run in l["runs"]:
        if run["sinks"] == "file":
            ratio = (f"{run['mb_per_s'] / l['raw_copy']['mb_per_s']:.2f} of curl -o, "
                     f"{run['mb_per_s'] / l['raw_copy']['fsynced_mb_per_s']:.2f} of curl -o fsynced")
            if len(run.get("rounds", [])) > 1:
                each = ", ".join(f"{r['of_curl']:.2f}" for r in run["rounds"])
                ratio += f"; the median of fresh JVMs at {each}"
            target = f"≥ 0.85 {t['large_file']}"
        else:
            ratio = (f"{run['mb_per_s'] / c['s3_multipart_parallel']['mb_per_s']:.2f} of the upload with parallel parts,"
                     f" {run['mb_per_s'] / c['s3_multipart']['mb_per_s']:.2f} of the sequential one")
            target = f"≥ 0.85 of parallel parts {t['large_s3']}"
        lines.append(f"| large media ({run['bytes'] / 2**30:.2f} GiB via Get Media, -Xmx{run['heap']}) to {run['sinks']} | {run['mb_per_s']:,.0f} MB/s ({ratio}), peak RSS {run['peak_rss_mb']:,.0f} MB | {target} |")
    lines.append(f"| peak RSS, any phase | {report['peak_rss_mb']:,.0f} MB ({report['peak_rss_phase']}) | < 400 MB {t['rss']} |")
    lines += ["", "| cost | CPU | target |", "|---|---|---|",
              f"| per no-op request | {i['noop']['cpu_ms_per_request']:.2f} ms | |",
              f"| per durable ack, router idle | {i['cpu_ms_per_ack']:.2f} ms | |"]
    for run in s:
        target = f"≤ 3.0 ms {t['cpu_small_file']}" if run["sinks"] == "file" else ""
        # the machine's speed moves from day to day: also as a multiple of a no-op request, same run
        noop = run["cpu_ms_per_message"] / i["noop"]["cpu_ms_per_request"]
        each = ", ".join(f"{r['cpu_ms_per_message']:.1f}" for r in run["measured_rounds"])
        lines.append(f"| per stored small media, {run['sinks']} | {run['cpu_ms_per_message']:.1f} ms (user {run['cpu_user_ms_per_message']:.1f}, system {run['cpu_system_ms_per_message']:.1f}; median of rounds {each}), {noop:.0f}× a no-op request ({run['cpu_s_per_stored_mb']:.2f} s per stored MB) | {target} |")
    floor_cpu = c["io_floor"].get("cpu_ms_per_media")
    if floor_cpu is not None and "file" in small:
        # what bounds the file sink's rate on this machine: every process of the phase shares the
        # 2 cores, so a media that needs T ms of them all allows at most 2,000 / T per second,
        # whatever the floor's own rate (8 workers waiting on fsyncs need not fill the cores)
        run = small["file"]
        servers_ms = run.get("server_cpu_ms_per_message", {})
        machine_ms = run["cpu_ms_per_message"] + run["client_cpu_ms_per_message"] + sum(servers_ms.values())
        bound = 1000 * (os.cpu_count() or 2) / machine_ms
        floor_nginx = c["io_floor"]["nginx_cpu_ms_per_media"]
        lines.append(f"| the cores' time per small media to file: the connector (app, poster, the servers) / the I/O floor (its timed round, nginx) | {run['cpu_ms_per_message']:.2f} + {run['client_cpu_ms_per_message']:.2f} + {sum(servers_ms.values()):.2f} = {machine_ms:.2f} ms, so at most {bound:,.0f} stored/s ({bound / floor:.0%} of the floor) / {floor_cpu:.2f} + {floor_nginx:.2f} = {floor_cpu + floor_nginx:.2f} ms | |")
    def per_gb(spent, size):
        return ", ".join(f"{name} {1e9 * seconds / size:.1f} s" for name, seconds in spent.items() if seconds >= 0.05)
    for run in l["runs"]:
        lines.append(f"| per stored MB, large media to {run['sinks']} | {run['cpu_s_per_stored_mb'] * 1000:.1f} ms | |")
        if run["sinks"] == "s3" and run.get("cpu_s_by_process"):
            lines.append(f"| per GB, large media to s3, by process (the 2 cores' work for one upload) | {per_gb(run['cpu_s_by_process'], run['bytes'])} | |")
            for name, label in (("s3_multipart_parallel", "four parts at a time"), ("s3_multipart", "one part at a time")):
                ceiling_run = c.get(name) or {}
                if ceiling_run.get("cpu_s_by_process"):
                    spent = dict(ceiling_run["cpu_s_by_process"])
                    if "upload_cpu_s" in ceiling_run:
                        # the client's JVM start and the compiling of Ceilings.java are no part of an upload
                        spent["client"] = ceiling_run["upload_cpu_s"]
                    lines.append(f"| per GB, S3 ceiling, {label}, by process (the client's upload alone) | {per_gb(spent, run['bytes'])} | |")
    return "\n".join(lines) + "\n"


ALL_PHASES = ["intake", "intake-cold", "intake-backlog", "small", "large"]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--intake-seconds", type=int, default=20)
    parser.add_argument("--small-count", type=int, default=2000)
    parser.add_argument("--small-bytes", type=int, default=50_000)
    parser.add_argument("--large-bytes", type=int, default=1 << 30)
    parser.add_argument("--large-heap", default="256m")
    parser.add_argument("--concurrency", type=int, default=8, help="the app's media.download.concurrency (its default)")
    parser.add_argument("--out", default=str(ROOT / "target/bench"))
    parser.add_argument("--only", default=",".join(ALL_PHASES),
                        help="phases to run, comma-separated: " + ", ".join(ALL_PHASES) + ", small-file, small-ftp, small-s3, small-all (file,s3,ftp), large-file")
    parser.add_argument("--profile", action="store_true", help="record each app JVM with JFR, into --out")
    args = parser.parse_args()
    phases = args.only.split(",")

    out = Path(args.out).resolve()  # nginx reads relative paths from its own prefix
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="whapi-bench-", dir=out))
    work.chmod(0o755)  # nginx's workers do not run as this user
    if args.profile:
        App.profile_dir = out
    servers = Servers(work, args.large_bytes, args.small_bytes)
    servers.start()
    (work / "intake-body.json").write_text(
        webhook("MESSAGE_ID", "image", "small.jpg", servers.small.stat().st_size, servers.small_sha,
                f"{servers.gateway_url()}/in-files/small.jpg"))
    results = {"intake": None, "intake_cold": None, "intake_backlog": None, "small_media": [], "ceilings": {},
               "large_media": {"raw_copy": None, "runs": []}}
    # the windows are 10 s; a smoke run (--intake-seconds 2) shortens them too
    window = min(10, args.intake_seconds)
    try:
        if "intake" in phases:
            print("intake...", flush=True)
            results["intake"] = intake(servers, work, args.intake_seconds)
        if "intake-cold" in phases:
            print("intake right after start...", flush=True)
            results["intake_cold"] = intake_cold(servers, work, window)
        if "intake-backlog" in phases:
            print("intake under a backlog...", flush=True)
            results["intake_backlog"] = intake_under_backlog(servers, work, 3 * args.small_count, window)
        sink_sets = {"small": ["file", "ftp", "file,s3,ftp"], "small-file": ["file"], "small-ftp": ["ftp"],
                     "small-s3": ["s3"], "small-all": ["file,s3,ftp"]}
        # the floor and the ceilings each measured just before and just after the phase whose
        # figure is a ratio to them (mean_of)
        for phase, sets in sink_sets.items():
            if phase in phases:
                for sinks in sets:
                    print(f"small media to {sinks}...", flush=True)
                    run = lambda: small_media(servers, work, args.small_count, sinks, "small-" + sinks.replace(",", "-"))
                    if sinks == "file":
                        result, results["ceilings"]["io_floor"] = around(
                            lambda: io_floor(servers, work, args.small_count, args.concurrency), run)
                    elif sinks == "ftp":
                        result, ftp = around(lambda: ftp_ceilings(servers, args.small_count), run)
                        results["ceilings"].update(ftp)
                    else:
                        result = run()
                    results["small_media"].append(result)
        if "large" in phases or "large-file" in phases:
            print("large media...", flush=True)
            for sinks in (["file", "s3"] if "large" in phases else ["file"]):
                if sinks == "file":
                    # a smoke run (CI) measures once
                    rounds = LARGE_ROUNDS if args.large_bytes >= 500_000_000 else 1
                    result, results["large_media"]["raw_copy"] = large_file_rounds(
                        servers, work, args.large_heap, rounds)
                else:
                    run = lambda: large_media(servers, work, sinks, "large-" + sinks, args.large_heap)
                    result, s3 = around(lambda: s3_ceilings(servers), run)
                    results["ceilings"].update(s3)
                results["large_media"]["runs"].append(result)
    finally:
        servers.stop()
        # the media written (a GiB per large run) go; the report stays (BENCH_KEEP=1 keeps all, logs too)
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
    if sorted(phases) != sorted(ALL_PHASES):
        # a partial run (while profiling, say) prints its results and writes no report
        print(json.dumps(results, indent=2))
        return
    small = {run["sinks"]: run for run in results["small_media"]}
    large = {run["sinks"]: run for run in results["large_media"]["runs"]}
    ceil = results["ceilings"]
    rss = {"intake": results["intake"]["peak_rss_mb"], "intake under a backlog": results["intake_backlog"]["peak_rss_mb"]}
    rss.update({f"small media to {k}": v["peak_rss_mb"] for k, v in small.items()})
    rss.update({f"large media to {k}": v["peak_rss_mb"] for k, v in large.items()})
    peak_phase = max(rss, key=rss.get)
    ok = lambda passed: "✅" if passed else "❌"
    backlog = results["intake_backlog"]
    report = dict(results)
    report.update({
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": machine(),
        "command": "bench/run.sh " + " ".join(sys.argv[1:]), "intake_seconds": window,
        "peak_rss_mb": rss[peak_phase], "peak_rss_phase": peak_phase,
        "targets": {
            "intake_backlog": ok(backlog["per_second"] >= 800 and backlog["p99_ms"] <= 100),
            "small_file": ok(small["file"]["stored_per_second"] >= 400
                             and small["file"]["stored_per_second"] >= 0.6 * ceil["io_floor"]["stored_per_second"]),
            "cpu_small_file": ok(small["file"]["cpu_ms_per_message"] <= 3.0),
            "small_ftp": ok(small["ftp"]["stored_per_second"] >= 0.6 * ceil["ftp_four_clients"]["stored_per_second"]),
            "small_all": ok(small["file,s3,ftp"]["stored_per_second"] >= 150),
            "large_file": ok(large["file"]["mb_per_s"] >= 0.85 * results["large_media"]["raw_copy"]["mb_per_s"]),
            "large_s3": ok(large["s3"]["mb_per_s"] >= 0.85 * ceil["s3_multipart_parallel"]["mb_per_s"]),
            "rss": ok(rss[peak_phase] < 400)},
    })
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    (out / "report.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
