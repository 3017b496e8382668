package io.quire.testsupport;

import io.quire.common.messaging.QueueTopology;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * Deletes the queues and exchanges of test topologies when the test JVM exits. Quorum queues are
 * heavy for a broker; left behind run after run, they slow the shared local RabbitMQ down.
 */
public final class BrokerCleanup {
  private static final Set<String> PREFIXES = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(BrokerCleanup::deleteAll, "broker-cleanup"));
  }

  private BrokerCleanup() {}

  /** Removes the topology with this prefix when the JVM exits. */
  public static void deleteOnExit(String prefix) {
    PREFIXES.add(prefix);
  }

  /** Removes the topology with this prefix now. */
  public static void delete(String prefix) {
    CachingConnectionFactory connections = new CachingConnectionFactory();
    connections.setUri(
        System.getenv().getOrDefault("QUIRE_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672"));
    try {
      RabbitAdmin admin = new RabbitAdmin(connections);
      QueueTopology topology = new QueueTopology(prefix, QueueTopology.DEFAULT_DELIVERY_LIMIT);
      topology.queueNames().forEach(admin::deleteQueue);
      topology.exchangeNames().forEach(admin::deleteExchange);
      PREFIXES.remove(prefix);
    } finally {
      connections.destroy();
    }
  }

  private static void deleteAll() {
    for (String prefix : Set.copyOf(PREFIXES)) {
      try {
        delete(prefix);
      } catch (RuntimeException e) {
        System.err.println("could not delete test queues of " + prefix + ": " + e);
      }
    }
  }
}
