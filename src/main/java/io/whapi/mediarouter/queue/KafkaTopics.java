package io.whapi.mediarouter.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Kafka mode: creates the jobs and dead-letter topics at startup when they are missing, with
 * media.queue.kafka.partitions and .replication-factor. A broker's auto-created topic would have
 * one partition, and every replica would wait behind the one consumer that owns it. Uses the
 * Kafka component's own connection settings (brokers, TLS, SASL). A broker that cannot be
 * reached is one warning: the intake answers 503 and the consumers retry until it is back.
 */
@Component
@ConditionalOnProperty(name = "media.queue.type", havingValue = "kafka")
public class KafkaTopics implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);
    private static final long TIMEOUT_SECONDS = 10;

    private final QueueProperties.KafkaQueue settings;

    public KafkaTopics(QueueProperties queue) {
        this.settings = queue.getKafka();
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        KafkaConfiguration kafka =
                camel.getComponent("kafka", KafkaComponent.class).getConfiguration();
        if (kafka.getBrokers() == null || kafka.getBrokers().isBlank()) {
            throw new QueueConfigurationException(
                    "media.queue.type is kafka, but camel.component.kafka.brokers is not set",
                    "Set camel.component.kafka.brokers (env CAMEL_COMPONENT_KAFKA_BROKERS),"
                            + " e.g. kafka-1:9092,kafka-2:9092.");
        }
        Properties connection = new Properties();
        connection.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokers());
        kafka.createConsumerProperties().forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(String.valueOf(key))) {
                connection.put(key, value);
            }
        });
        try (Admin admin = Admin.create(connection)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : List.of(settings.getTopic(), settings.getDeadLetterTopic())) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(
                            topic,
                            Optional.of(settings.getPartitions()),
                            Optional.ofNullable(settings.getReplicationFactor())));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.info(
                        "Created Kafka topics {} with {} partitions",
                        missing.stream().map(NewTopic::name).toList(),
                        settings.getPartitions());
            }
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOG.warn(
                    "Could not check or create the Kafka topics {} and {}: {}",
                    settings.getTopic(),
                    settings.getDeadLetterTopic(),
                    e.getCause() == null ? e.toString() : e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {}
}
