package io.whapi.mediarouter.sinks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;

/**
 * Deletion for the file and FTP/SFTP sink kinds, which Camel's file components do not offer as a
 * producer operation: their {@code sink-<kind>-delete} templates call it with the sink's own
 * endpoint URI, so a folder, a server, its credentials and options are the ones the sink stores
 * with. A media's sidecar goes with it.
 */
@Component("sinkFiles")
public class SinkFiles {

    private final CamelContext camel;

    public SinkFiles(CamelContext camel) {
        this.camel = camel;
    }

    /** Deletes the key and its sidecar under the folder of a {@code file:} URI; whether either was there. */
    public boolean deleteLocal(String uri, String key) throws IOException {
        Path root = camel.getEndpoint(uri, FileEndpoint.class).getFile().toPath();
        boolean binary = Files.deleteIfExists(root.resolve(key));
        boolean sidecar = Files.deleteIfExists(root.resolve(key + ".json"));
        return binary || sidecar;
    }

    /** Deletes the key and its sidecar on the server of an {@code ftp:}, {@code ftps:} or {@code sftp:} URI. */
    public boolean deleteRemote(String uri, String key) throws Exception {
        return onServer(uri, key, (server, path) -> {
            boolean binary = deleteIfExists(server, path);
            boolean sidecar = deleteIfExists(server, path + ".json");
            return binary || sidecar;
        });
    }

    /**
     * Deletes the one file at this name (not its sidecar) on the server of an {@code ftp:},
     * {@code ftps:} or {@code sftp:} URI: for the FTP sink's upload, when the server will not rename
     * a new file onto it. Void, as {@link #makeRemoteFolderOf}: a bean step's result would become
     * the message body, and the upload tried again after it would send that instead of the media.
     */
    public void deleteRemoteFile(String uri, String name) throws Exception {
        onServer(uri, name, SinkFiles::deleteIfExists);
    }

    /**
     * Makes the folder this name is in (and the folders above it) on the server of an {@code
     * ftp:}, {@code ftps:} or {@code sftp:} URI, for the FTP sink's upload that found it missing:
     * the sink does not ask before every file whether its folder is there.
     */
    public void makeRemoteFolderOf(String uri, String name) throws Exception {
        onServer(uri, name, (server, path) -> {
            int slash = path.lastIndexOf('/');
            return slash <= 0 || server.buildDirectory(path.substring(0, slash), path.startsWith("/"));
        });
    }

    private boolean onServer(String uri, String key, ServerTask task) throws Exception {
        RemoteFileEndpoint<?> endpoint = camel.getEndpoint(uri, RemoteFileEndpoint.class);
        RemoteFileOperations<?> server = endpoint.createRemoteFileOperations();
        server.connect(endpoint.getConfiguration(), new DefaultExchange(camel));
        try {
            String directory = endpoint.getConfiguration().getDirectory();
            String path =
                    directory == null || directory.isEmpty() ? key : directory + endpoint.getFileSeparator() + key;
            return task.run(server, path);
        } finally {
            server.disconnect();
        }
    }

    private interface ServerTask {
        boolean run(RemoteFileOperations<?> server, String path);
    }

    private static boolean deleteIfExists(RemoteFileOperations<?> server, String path) {
        if (!server.existsFile(path)) {
            return false;
        }
        try {
            return server.deleteFile(path);
        } catch (GenericFileOperationFailedException e) {
            // gone between the two questions (another replica's erasure): what was asked holds
            if (!server.existsFile(path)) {
                return false;
            }
            throw e;
        }
    }
}
