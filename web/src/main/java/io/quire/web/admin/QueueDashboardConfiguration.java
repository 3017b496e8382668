package io.quire.web.admin;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.contract.MessageCodec;
import io.quire.common.infra.QuireConnectionProperties;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.WaitingJobs;
import io.quire.common.ops.OpsProperties;
import io.quire.common.ops.WorkerDirectory;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RedissonClient;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the queue dashboard: counts sources, worker heartbeats, dead letters, audit. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({OpsProperties.class, RabbitManagementProperties.class})
class QueueDashboardConfiguration {

  @Bean
  WorkerDirectory workerDirectory(
      RedissonClient redisson, MessageCodec codec, QueueTopology topology, OpsProperties ops) {
    return new WorkerDirectory(
        redisson, codec.mapper(), topology.prefix(), ops.heartbeatInterval(), Clock.systemUTC());
  }

  @Bean
  QueueMonitor queueMonitor(
      QueueTopology topology,
      RabbitTemplate rabbit,
      RabbitManagementProperties management,
      QuireConnectionProperties connection,
      MessageCodec codec,
      WorkerDirectory workers,
      WaitingJobs waitingJobs,
      MeterRegistry meters,
      OpsProperties ops) {
    List<QueueStatsSource> sources = new ArrayList<>();
    if (management.url() != null && !management.url().isBlank()) {
      URI amqp = URI.create(connection.amqp().url());
      String[] credentials = credentials(amqp);
      sources.add(
          new ManagementApiStats(
              codec.mapper(),
              management.url(),
              vhost(amqp),
              management.username() != null ? management.username() : credentials[0],
              management.password() != null ? management.password() : credentials[1],
              topology.prefix()));
    }
    sources.add(new PassiveDeclareStats(rabbit));
    return new QueueMonitor(
        topology,
        sources,
        workers,
        waitingJobs,
        meters,
        Clock.systemUTC(),
        ops.sampleInterval(),
        ops.history());
  }

  @Bean
  QueueStream queueStream(QueueMonitor monitor) {
    return new QueueStream(monitor);
  }

  @Bean
  DeadLetters deadLetters(
      ConnectionFactory connectionFactory,
      MessagePublisher publisher,
      QueueTopology topology,
      MessageCodec codec) {
    return new DeadLetters(connectionFactory, publisher, topology, codec.mapper());
  }

  @Bean
  AuditLog auditLog(MongoDatabase database) {
    return new AuditLog(database, Clock.systemUTC());
  }

  /** User and password of an {@code amqp://user:password@host} URL; RabbitMQ's guest default. */
  private static String[] credentials(URI amqp) {
    String info = amqp.getRawUserInfo();
    if (info == null || info.isEmpty()) {
      return new String[] {"guest", "guest"};
    }
    int colon = info.indexOf(':');
    String user = colon < 0 ? info : info.substring(0, colon);
    String password = colon < 0 ? "" : info.substring(colon + 1);
    return new String[] {
      URLDecoder.decode(user, StandardCharsets.UTF_8),
      URLDecoder.decode(password, StandardCharsets.UTF_8)
    };
  }

  /** The virtual host is the URL's path without its slash; none means {@code /}. */
  private static String vhost(URI amqp) {
    String path = amqp.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      return "/";
    }
    return URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
  }
}
