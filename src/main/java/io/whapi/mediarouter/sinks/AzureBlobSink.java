package io.whapi.mediarouter.sinks;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.whapi.mediarouter.config.ConfigurationProblem;
import java.io.File;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.util.URISupport;
import org.springframework.stereotype.Component;

/**
 * What the azure-blob sink kind ({@code routes/53-sink-azure-blob.camel.yaml}) cannot say in
 * YAML, and nothing else: it belongs to that kind alone, whose template calls it by the sink's
 * name, so no key ever travels in a route. camel-azure-storage-blob could not carry it:
 * <ul>
 *   <li>it always talks to {@code <account>.blob.core.windows.net}, while an emulator, Azure
 *   Stack or a sovereign cloud needs {@code media.sinks.<name>.endpoint};</li>
 *   <li>its uploadBlockBlob marks the file's stream for a retry, and a BufferedInputStream marked
 *   without limit keeps every byte it reads: a 1 GiB video would fill the heap. The SDK's file
 *   upload sends staged blocks read from disk, at most two in memory.</li>
 * </ul>
 * A blob is replaced when written again (a retry, a redelivery).
 */
@Component("azureBlobSink")
public class AzureBlobSink {

    static final String SCHEME = "azure-storage-blob";

    /** Blocks of 8 MiB, two at a time: a bounded heap whatever the media's size. */
    static final long BLOCK_BYTES = 8L * 1024 * 1024;

    private final SinkProperties media;
    private final Map<String, BlobContainerClient> containers = new ConcurrentHashMap<>();

    public AzureBlobSink(SinkProperties media) {
        this.media = media;
        media.getSinks().forEach((name, sink) -> {
            if (SCHEME.equals(sink.scheme()) && accessKey(sink) == null) {
                throw new ConfigurationProblem(
                        "Sink '" + name + "' has no accessKey: the " + SCHEME + " kind signs with the account's key.",
                        "Add accessKey=RAW(<key>) to media.sinks." + name + ".uri (env MEDIA_SINKS_"
                                + name.toUpperCase() + "_URI).");
            }
        });
    }

    /** Stores the file as the blob, with its Content-Type, replacing what the blob held. */
    public void upload(String sink, String blob, File file, String contentType) {
        container(sink)
                .getBlobClient(blob)
                .uploadFromFileWithResponse(
                        new BlobUploadFromFileOptions(file.getPath())
                                .setHeaders(new BlobHttpHeaders().setContentType(contentType))
                                .setParallelTransferOptions(new ParallelTransferOptions()
                                        .setBlockSizeLong(BLOCK_BYTES)
                                        .setMaxSingleUploadSizeLong(BLOCK_BYTES)
                                        .setMaxConcurrency(2)),
                        null,
                        Context.NONE);
    }

    /** Stores a small text (the sidecar) as the blob, replacing what it held. */
    public void uploadText(String sink, String blob, String text, String contentType) {
        container(sink)
                .getBlobClient(blob)
                .uploadWithResponse(
                        new BlobParallelUploadOptions(BinaryData.fromString(text))
                                .setHeaders(new BlobHttpHeaders().setContentType(contentType)),
                        null,
                        Context.NONE);
    }

    /** Fails unless the container answers to the account's key: the sink's health. */
    /** Deletes the blob and its sidecar; whether the container had either. */
    public boolean delete(String sink, String blob) {
        BlobContainerClient container = container(sink);
        boolean binary = container.getBlobClient(blob).deleteIfExists();
        boolean sidecar = container.getBlobClient(blob + ".json").deleteIfExists();
        return binary || sidecar;
    }

    public void probe(String sink) {
        container(sink).getProperties();
    }

    private BlobContainerClient container(String sink) {
        return containers.computeIfAbsent(sink, name -> {
            SinkProperties.Sink configured = media.getSinks().get(name);
            SinkUri uri = SinkUri.of(configured.getUri());
            String endpoint =
                    configured.getEndpoint() == null || configured.getEndpoint().isBlank()
                            ? "https://" + uri.host() + ".blob.core.windows.net"
                            : configured.getEndpoint().trim();
            return new BlobServiceClientBuilder()
                    .endpoint(endpoint)
                    .credential(new StorageSharedKeyCredential(uri.host(), accessKey(configured)))
                    .buildClient()
                    .getBlobContainerClient(uri.path());
        });
    }

    /** The URI's accessKey as the store takes it (RAW(...) resolved), or null when it has none. */
    private static String accessKey(SinkProperties.Sink sink) {
        try {
            Map<String, Object> options = new HashMap<>(sink.options());
            URISupport.resolveRawParameterValues(options);
            Object key = options.get("accessKey");
            return key == null ? null : key.toString();
        } catch (URISyntaxException e) {
            return null; // reported when the settings were bound
        }
    }
}
