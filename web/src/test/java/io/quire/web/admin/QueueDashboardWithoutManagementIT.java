package io.quire.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.contract.HistoryIngestJob;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.testsupport.ApiClient;
import io.quire.web.WebTestProperties;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** When the management API does not answer, the dashboard still counts, from AMQP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QueueDashboardWithoutManagementIT {

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    // nothing listens on port 9: the API is configured but down
    registry.add("quire.rabbitmq.management.url", () -> "http://127.0.0.1:9");
  }

  @LocalServerPort int port;
  @Autowired MessagePublisher publisher;

  @Test
  void queuedJobsAreCountedFromPassiveDeclaresAndTheProblemIsShown() {
    ApiClient admin = new ApiClient("http://localhost:" + port);
    admin.login("admin@quire.local", "admin-password-1");
    for (int i = 0; i < 5; i++) {
      publisher.publishJob(
          JobQueue.HISTORY_INGEST,
          new HistoryIngestJob(UUID.randomUUID().toString(), "p-1", "u-1", Instant.now(), 1));
    }

    JsonNode snapshot = admin.get("/api/admin/queues").json();

    assertThat(snapshot.path("source").asString()).isEqualTo("amqp");
    assertThat(snapshot.path("problem").asString()).startsWith("management:");
    JsonNode history = null;
    for (JsonNode q : snapshot.path("queues")) {
      if (q.path("queue").asString().equals("history.ingest")) {
        history = q;
      }
    }
    assertThat(history).isNotNull();
    // passive declares answer at once: no wait for broker statistics
    assertThat(history.path("ready").asLong()).isEqualTo(5);
    assertThat(history.path("consumers").asInt()).isZero();
    assertThat(history.path("unacked").isNull()).isTrue();
    assertThat(history.path("publishRate").isNull()).isTrue();
  }
}
