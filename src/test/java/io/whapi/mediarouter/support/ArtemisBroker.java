package io.whapi.mediarouter.support;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A real JMS broker, ActiveMQ Artemis, embedded in the test JVM with persistence on (its journal
 * in a temp folder) and a TCP acceptor on loopback, which the app reaches through
 * spring.artemis.broker-url as it would reach a remote broker.
 */
public final class ArtemisBroker implements TestServer {

    private final Path folder = TempFolders.create("artemis");
    private final int port = Ports.free();
    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();

    private ArtemisBroker() throws Exception {
        Configuration configuration = new ConfigurationImpl()
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalDirectory(folder.resolve("journal").toString())
                .setBindingsDirectory(folder.resolve("bindings").toString())
                .setLargeMessagesDirectory(folder.resolve("large").toString())
                .setPagingDirectory(folder.resolve("paging").toString())
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
        server.setConfiguration(configuration);
        server.start();
    }

    /** The name under which the shared broker is stopped when the run ends (TestServer.stopAfterTheRun). */
    public static final String SHARED = "artemis-broker";

    private static ArtemisBroker shared;

    /** The one embedded broker of this test JVM; each test class has queues of its own on it. */
    public static synchronized ArtemisBroker shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    public static ArtemisBroker start() {
        try {
            return new ArtemisBroker();
        } catch (Exception e) {
            throw new IllegalStateException("the Artemis broker did not start", e);
        }
    }

    /** For spring.artemis.broker-url. */
    public String brokerUrl() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Sends a text message to the queue, persistent, as an ESB would hand a webhook over. */
    public void send(String queue, String text) {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl());
                Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue(queue)).send(session.createTextMessage(text));
        } catch (JMSException e) {
            throw new IllegalStateException("could not send to " + queue, e);
        }
    }

    /** The text of every message on the queue now, taken off it. */
    public List<String> drain(String queue) {
        List<String> texts = new ArrayList<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl());
                Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            for (Message message = consumer.receive(2000); message != null; message = consumer.receive(500)) {
                texts.add(((TextMessage) message).getText());
            }
        } catch (JMSException e) {
            throw new IllegalStateException("could not read " + queue, e);
        }
        return texts;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            TempFolders.delete(folder);
        }
    }
}
