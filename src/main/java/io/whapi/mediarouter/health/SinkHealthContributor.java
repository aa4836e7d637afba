package io.whapi.mediarouter.health;

import io.whapi.mediarouter.sinks.SinkRoutes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.aws2.s3.AWS2S3Endpoint;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

/**
 * "sinks": one entry per sink, checked the way its store is reached: a file sink's folder is
 * writable, an S3 bucket answers HEAD, an FTP/SFTP server takes the login. Shown in
 * {@code /actuator/health} only, in neither probe. The reason of a failure is the exception's
 * type and message, never the URI (it can hold a password).
 */
@Component("sinks")
public class SinkHealthContributor implements CompositeHealthContributor {

    private final CompositeHealthContributor sinks;

    public SinkHealthContributor(SinkRoutes sinkRoutes, CamelContext camel) {
        Map<String, HealthIndicator> checks = new LinkedHashMap<>();
        sinkRoutes.sinkUris().forEach((name, uri) -> checks.put(name, () -> check(camel, uri)));
        sinks = CompositeHealthContributor.fromMap(checks);
    }

    private static Health check(CamelContext camel, String uri) {
        try {
            Endpoint endpoint = camel.getEndpoint(uri);
            if (endpoint instanceof FileEndpoint file) {
                Path root = file.getFile().toPath();
                Files.createDirectories(root);
                return Files.isWritable(root)
                        ? Health.up().build()
                        : Health.down()
                                .withDetail("reason", "the folder is not writable")
                                .build();
            }
            if (endpoint instanceof AWS2S3Endpoint s3) {
                String bucket = s3.getConfiguration().getBucketName();
                s3.getS3Client().headBucket(head -> head.bucket(bucket));
                return Health.up().withDetail("bucket", bucket).build();
            }
            if (endpoint instanceof RemoteFileEndpoint<?> remote) {
                RemoteFileOperations<?> operations = remote.createRemoteFileOperations();
                try {
                    operations.connect(remote.getConfiguration(), null);
                } finally {
                    operations.disconnect();
                }
                return Health.up()
                        .withDetail("host", remote.getConfiguration().getHost())
                        .build();
            }
            return Health.unknown().build();
        } catch (Exception e) {
            return Health.down()
                    .withDetail("reason", e.getClass().getSimpleName() + ": " + e.getMessage())
                    .build();
        }
    }

    @Override
    public HealthContributor getContributor(String name) {
        return sinks.getContributor(name);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return sinks.iterator();
    }
}
