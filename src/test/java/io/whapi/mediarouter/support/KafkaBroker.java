package io.whapi.mediarouter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real Kafka broker (4.1, KRaft, one node) on loopback, as its own JVM from the jars the build
 * copies into target/kafka-broker/lib, with its log folder in a temp folder deleted when it
 * stops. It can be stopped and started again on the same port and data: a broker outage.
 */
public final class KafkaBroker implements TestServer {

    private final Path folder;
    private final int port = Ports.free();
    private final int controllerPort = Ports.free();
    private Process process;

    private KafkaBroker(Path folder) throws IOException, InterruptedException {
        this.folder = folder;
        Files.writeString(
                folder.resolve("server.properties"),
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                        "controller.listener.names=CONTROLLER",
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "log.dirs=" + folder.resolve("data"),
                        // one broker: the internal topics can have only one replica
                        "offsets.topic.replication.factor=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        "auto.create.topics.enable=false",
                        ""));
        byte[] clusterId = new byte[16];
        new SecureRandom().nextBytes(clusterId);
        run(
                "kafka.tools.StorageTool",
                "format",
                // one argument, not "-t <id>": a random id that starts with '-' (1 in 64) was read
                // as an option, and the format failed with "--cluster-id: expected one argument"
                "--cluster-id=" + Base64.getUrlEncoder().withoutPadding().encodeToString(clusterId),
                "-c",
                folder.resolve("server.properties").toString(),
                "--ignore-formatted");
    }

    /** A broker with its folder formatted; the folder is deleted if that fails, as nothing else would. */
    private static KafkaBroker formatted() throws IOException, InterruptedException {
        Path folder = TempFolders.create("kafka");
        try {
            return new KafkaBroker(folder);
        } catch (IOException | InterruptedException | RuntimeException e) {
            TempFolders.delete(folder);
            throw e;
        }
    }

    /** The name under which the shared broker is stopped when the run ends (TestServer.stopAfterTheRun). */
    public static final String SHARED = "kafka-broker";

    private static KafkaBroker shared;

    /**
     * The one broker of this test JVM, started at first use: each test class has topics and
     * consumer groups of its own on it. Register {@code TestServer.stopAfterTheRun(SHARED, it)}.
     */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /**
     * Formats and starts a broker; a second time on other ports if the first exits at once (a
     * port taken between being found free and being bound).
     */
    public static KafkaBroker start() {
        try {
            for (int attempt = 1; ; attempt++) {
                KafkaBroker broker = formatted();
                try {
                    broker.startProcess();
                    return broker;
                } catch (RuntimeException e) {
                    // nothing else would stop it or delete its folder
                    broker.stopProcess();
                    System.err.println("Kafka broker attempt " + attempt + ": " + e.getMessage() + "\n" + broker.log());
                    TempFolders.delete(broker.folder);
                    if (attempt == 2) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String log() {
        try {
            return Files.readString(folder.resolve("broker.log"));
        } catch (IOException e) {
            return "(no broker log)";
        }
    }

    /** host:port, for camel.component.kafka.brokers. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized void startProcess() {
        try {
            process = new ProcessBuilder(command(
                            "kafka.Kafka", folder.resolve("server.properties").toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            folder.resolve("broker.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + "; see "
                        + folder.resolve("broker.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        throw new IllegalStateException("the Kafka broker did not start on port " + port);
    }

    /** Kills the broker (SIGKILL): an outage; startProcess() brings it back with its data. */
    public synchronized void stopProcess() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Produces one record and waits for the broker's acknowledgement. */
    public void send(String topic, String key, String value) {
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not produce to " + topic, e.getCause());
        }
    }

    /** The first record of the topic with that key, waiting up to 30 s for it. */
    public ConsumerRecord<String, String> awaitRecord(String topic, String key) {
        try (KafkaConsumer<String, String> consumer = consumer("reader-" + System.nanoTime())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no record with key " + key + " on " + topic);
    }

    /** Every record the topic holds now, oldest first per partition. */
    public List<ConsumerRecord<String, String>> records(String topic) {
        long expected = endOffsets(topic);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer("reader-" + System.nanoTime())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    /** Creates a topic of one partition, as an operator creates an event topic before pointing the app at it. */
    public void createTopic(String topic) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create " + topic, e.getCause());
        }
    }

    /** How many records the topic holds: the sum of its partitions' end offsets. */
    public long endOffsets(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer("end-offsets-" + System.nanoTime())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            return consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /** The sum of the offsets the group committed on the topic's partitions. */
    public long committedOffsets(String group, String topic) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset())
                    .sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the offsets of " + group, e.getCause());
        }
    }

    public Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(properties);
    }

    private KafkaProducer<String, String> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer(String group) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    @Override
    public void close() {
        stopProcess();
        TempFolders.delete(folder);
    }

    private List<String> command(String mainClass, String... arguments) {
        List<String> command = ChildJvm.command("256m");
        command.addAll(List.of(
                "-Dlog4j2.configurationFile=" + log4jConfig(),
                "-cp",
                System.getProperty("kafka.broker.lib", "target/kafka-broker/lib") + "/*",
                mainClass));
        command.addAll(List.of(arguments));
        return command;
    }

    /** The broker logs at WARN into its log file; its own default would write under the working dir. */
    private Path log4jConfig() {
        Path config = folder.resolve("log4j2.properties");
        if (!Files.exists(config)) {
            try {
                Files.writeString(
                        config,
                        String.join(
                                "\n",
                                "rootLogger.level=WARN",
                                "rootLogger.appenderRef.stdout.ref=STDOUT",
                                "appender.stdout.type=Console",
                                "appender.stdout.name=STDOUT",
                                "appender.stdout.layout.type=PatternLayout",
                                "appender.stdout.layout.pattern=[%d] %p %m (%c)%n",
                                ""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return config;
    }

    private void run(String mainClass, String... arguments) throws IOException, InterruptedException {
        Process tool = new ProcessBuilder(command(mainClass, arguments))
                .redirectErrorStream(true)
                .start();
        String output = new String(tool.getInputStream().readAllBytes());
        if (tool.waitFor() != 0) {
            throw new IllegalStateException(mainClass + " failed: " + output);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
