import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The ceilings the benchmark reports the connector against: the same I/O done with nothing
 * around it. Run by bench/bench.py with the app's own libraries on the class path (the AWS SDK
 * and commons-net the connector uses), in the same run and against the same servers:
 *
 * <ul>
 *   <li>{@code io-floor URL COUNT CONCURRENCY DIR}: for each of COUNT media, what the connector does
 *       to store one to a file sink: GET from the same nginx, SHA-256 while writing the staged
 *       file, fsync, rename into a dated folder, write the sidecar, fsync it, rename it; COUNT
 *       media by CONCURRENCY workers (the connector's media.download.concurrency);
 *   <li>{@code s3-upload ENDPOINT BUCKET ACCESS SECRET FILE PART_BYTES PARALLEL}: one multipart
 *       upload of FILE in parts of PART_BYTES, PARALLEL parts at a time (1: one after the other, as
 *       camel-aws2-s3 sends them; 4: as a transfer manager would), each part read from the file
 *       as it is sent, so that memory stays bounded;
 *   <li>{@code ftp-upload HOST PORT USER PASSWORD COUNT BYTES CONNECTIONS}: COUNT small files, each
 *       under a temporary name then renamed, and its sidecar likewise, over CONNECTIONS
 *       connections that each stay logged in.
 * </ul>
 *
 * Prints one JSON object on standard output.
 */
public class Ceilings {

    public static void main(String[] args) throws Exception {
        String json =
                switch (args[0]) {
                    case "io-floor" -> ioFloor(
                            args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
                    case "s3-upload" -> s3Upload(
                            args[1],
                            args[2],
                            args[3],
                            args[4],
                            Path.of(args[5]),
                            Long.parseLong(args[6]),
                            Integer.parseInt(args[7]));
                    case "ftp-upload" -> ftpUpload(
                            args[1],
                            Integer.parseInt(args[2]),
                            args[3],
                            args[4],
                            Integer.parseInt(args[5]),
                            Integer.parseInt(args[6]),
                            Integer.parseInt(args[7]));
                    default -> throw new IllegalArgumentException("unknown ceiling " + args[0]);
                };
        System.out.println(json);
    }

    static String ioFloor(String url, int count, int concurrency, Path dir) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Path staging = Files.createDirectories(dir.resolve("staging"));
        Path media = Files.createDirectories(dir.resolve("media/2026/11/30"));
        // one round untimed, as the connector's phase warms its JVM up first
        for (int round = 0; round < 2; round++) {
            String prefix = "r" + round + "-";
            long started = System.nanoTime();
            long cpuBefore = processCpuNanos();
            runAll(count, concurrency, i -> storeOne(http, url, staging, media, prefix + i));
            double seconds = (System.nanoTime() - started) / 1e9;
            if (round == 1) {
                // the timed round's CPU alone (this JVM's start and the untimed round's JIT left
                // out): what the connector's CPU per media is compared with
                double cpuMsPerMedia = (processCpuNanos() - cpuBefore) / 1e6 / count;
                return String.format(
                        Locale.ROOT,
                        "{\"media\": %d, \"concurrency\": %d, \"seconds\": %.3f, \"stored_per_second\": %.1f,"
                                + " \"cpu_ms_per_media\": %.3f}",
                        count,
                        concurrency,
                        seconds,
                        count / seconds,
                        cpuMsPerMedia);
            }
        }
        throw new AssertionError();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void storeOne(HttpClient http, String url, Path staging, Path media, String id) throws Exception {
        HttpResponse<InputStream> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode());
        }
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        Path part = staging.resolve(id + ".part");
        long size = 0;
        try (InputStream in = response.body();
                FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream stream = java.nio.channels.Channels.newOutputStream(out);
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) != -1; ) {
                sha256.update(buffer, 0, n);
                stream.write(buffer, 0, n);
                size += n;
            }
            out.force(true);
        }
        Files.move(part, media.resolve(id + ".jpg"), StandardCopyOption.ATOMIC_MOVE);
        String sidecar = "{\"id\":\"" + id + "\",\"size\":" + size + ",\"sha256\":\""
                + Base64.getEncoder().encodeToString(sha256.digest()) + "\"}";
        Path sidecarPart = media.resolve(".inprogress-" + id + ".jpg.json");
        try (FileChannel out =
                FileChannel.open(sidecarPart, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(java.nio.ByteBuffer.wrap(sidecar.getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        Files.move(sidecarPart, media.resolve(id + ".jpg.json"), StandardCopyOption.ATOMIC_MOVE);
    }

    static String s3Upload(
            String endpoint, String bucket, String access, String secret, Path file, long partBytes, int parallel)
            throws Exception {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret)))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(Math.max(parallel, 2)))
                .build()) {
            String key = "ceiling/" + file.getFileName();
            long size = Files.size(file);
            long started = System.nanoTime();
            long cpuBefore = processCpuNanos();
            String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            List<Future<CompletedPart>> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += partBytes, number++) {
                long partOffset = offset;
                long length = Math.min(partBytes, size - offset);
                int partNumber = number;
                parts.add(pool.submit(() -> {
                    try (FileChannel in = FileChannel.open(file)) {
                        InputStream part = java.nio.channels.Channels.newInputStream(in.position(partOffset));
                        String etag = s3.uploadPart(
                                        b -> b.bucket(bucket).key(key).uploadId(upload).partNumber(partNumber),
                                        RequestBody.fromInputStream(part, length))
                                .eTag();
                        return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
                    }
                }));
            }
            List<CompletedPart> completed = new ArrayList<>();
            try {
                for (Future<CompletedPart> part : parts) {
                    completed.add(part.get());
                }
            } finally {
                pool.shutdownNow();
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket)
                    .key(key)
                    .uploadId(upload)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build()));
            double seconds = (System.nanoTime() - started) / 1e9;
            s3.deleteObject(b -> b.bucket(bucket).key(key));
            return String.format(
                    Locale.ROOT,
                    "{\"bytes\": %d, \"part_bytes\": %d, \"parallel\": %d, \"seconds\": %.3f, \"mb_per_s\": %.1f,"
                            + " \"upload_cpu_s\": %.2f}",
                    size,
                    partBytes,
                    parallel,
                    seconds,
                    size / 1e6 / seconds,
                    // the upload's own CPU, without this JVM's start and the compiling of this file
                    (processCpuNanos() - cpuBefore) / 1e9);
        }
    }

    static String ftpUpload(String host, int port, String user, String password, int count, int bytes, int connections)
            throws Exception {
        byte[] content = new byte[bytes];
        new java.util.Random(1).nextBytes(content);
        byte[] sidecar = "{\"size\":50000,\"sha256\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            workers.add(pool.submit(() -> {
                FTPClient ftp = new FTPClient();
                ftp.connect(host, port);
                if (!ftp.login(user, password)) {
                    throw new IOException("FTP login refused");
                }
                ftp.setFileType(FTP.BINARY_FILE_TYPE);
                ftp.enterLocalPassiveMode();
                ftp.makeDirectory("ceiling");
                for (int i; (i = next.getAndIncrement()) < count; ) {
                    upload(ftp, "ceiling/" + i + ".jpg", content);
                    upload(ftp, "ceiling/" + i + ".jpg.json", sidecar);
                }
                ftp.logout();
                ftp.disconnect();
                return null;
            }));
        }
        try {
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            // a worker that failed must not leave the others (not daemons) keeping this JVM alive
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return String.format(
                Locale.ROOT,
                "{\"files\": %d, \"connections\": %d, \"seconds\": %.3f, \"stored_per_second\": %.1f}",
                count,
                connections,
                seconds,
                count / seconds);
    }

    private static void upload(FTPClient ftp, String name, byte[] content) throws IOException {
        String temporary = name.replaceFirst("[^/]+$", ".inprogress-$0");
        if (!ftp.storeFile(temporary, new ByteArrayInputStream(content)) || !ftp.rename(temporary, name)) {
            throw new IOException("FTP refused " + name + ": " + ftp.getReplyString());
        }
    }

    interface Task {
        void run(int index) throws Exception;
    }

    private static void runAll(int count, int concurrency, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                    task.run(i);
                }
                return null;
            }));
        }
        try {
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            // a worker that failed must not leave the others (not daemons) keeping this JVM alive
            pool.shutdownNow();
        }
    }
}
