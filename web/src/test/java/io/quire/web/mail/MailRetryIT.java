package io.quire.web.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.contract.MailJob;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.web.WebTestProperties;
import io.quire.web.mail.Inbox.Mail;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A mail server that is down answers nobody's request late: the message waits as a job, is retried
 * with backoff, and arrives once the server is up. One that can never be sent is dead-lettered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MailRetryIT {
  private static final Inbox INBOX = new Inbox();

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    registry.add("quire.public-url", () -> "https://quire.example");
    registry.add("quire.smtp.host", () -> "127.0.0.1");
    registry.add("quire.smtp.port", INBOX::port);
    registry.add("quire.smtp.security", () -> "none");
    registry.add("quire.smtp.timeout", () -> "2s");
    registry.add("quire.mail.retry.attempts", () -> 20);
    registry.add("quire.mail.retry.initial-backoff", () -> "200ms");
    registry.add("quire.mail.retry.max-backoff", () -> "1s");
  }

  @AfterAll
  static void stopInbox() {
    INBOX.close();
  }

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;
  @Autowired Mailer mailer;
  @Autowired AmqpAdmin admin;
  @Autowired QueueTopology topology;

  @Test
  void aMessageToADownServerIsRetriedAndDeliveredOnceTheServerIsUp() {
    ApiClient client = new ApiClient("http://localhost:" + port);
    String address = "late-" + System.nanoTime() + "@example.org";

    long started = System.nanoTime();
    Response registered = client.register(address, "a good long password", "Late");

    assertThat(registered.status()).as(registered.text()).isEqualTo(202);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("the request does not wait for the mail server")
        .isLessThan(Duration.ofSeconds(10));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> meters.counter("quire.mail.failures").count() >= 1);
    assertThat(INBOX.to(address)).isEmpty();

    INBOX.start();

    Mail mail = INBOX.await(address, 1);
    String token = mail.token("https://quire.example/verify-email");
    assertThat(client.postJson("/api/auth/verify-email", Map.of("token", token)).status())
        .isEqualTo(204);
  }

  @Test
  void aMessageThatCanNeverBeSentIsDeadLettered() {
    mailer.send(
        "not an address",
        MailTemplates.verifyAddress("https://quire.example/verify-email#x", Duration.ofHours(1)),
        "system",
        MailJob.NO_PROJECT);

    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters() >= 1);
  }

  private long deadLetters() {
    QueueInformation info = admin.getQueueInfo(topology.deadLetterQueue(JobQueue.MAIL_SEND));
    return info == null ? 0 : info.getMessageCount();
  }
}
