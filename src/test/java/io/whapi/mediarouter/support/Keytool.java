package io.whapi.mediarouter.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The JDK's keytool, for the certificates a test server makes for this run only. */
final class Keytool {

    private Keytool() {}

    /** A PKCS12 keystore with one self-signed RSA certificate for 127.0.0.1, valid two days. */
    static Path selfSigned(Path keystore, String alias, String password, String... moreOptions)
            throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "RSA"));
        options.addAll(List.of("-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1"));
        options.addAll(List.of(moreOptions));
        options.addAll(List.of("-storetype", "PKCS12", "-keystore", keystore.toString()));
        options.addAll(List.of("-storepass", password, "-keypass", password));
        run(options.toArray(String[]::new));
        return keystore;
    }

    static void run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
