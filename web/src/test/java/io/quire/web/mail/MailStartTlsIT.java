package io.quire.web.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.contract.MailJob;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.web.WebTestProperties;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * STARTTLS is required by default: a server that offers no trusted STARTTLS (here a plain-text one)
 * is never sent a message in plain text; the message is retried and then dead-lettered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MailStartTlsIT {
  private static final Inbox INBOX = new Inbox().start();

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    registry.add("quire.smtp.host", () -> "127.0.0.1");
    registry.add("quire.smtp.port", INBOX::port);
    // quire.smtp.security left at its default, starttls
    registry.add("quire.mail.retry.attempts", () -> 2);
    registry.add("quire.mail.retry.initial-backoff", () -> "100ms");
  }

  @AfterAll
  static void stopInbox() {
    INBOX.close();
  }

  @Autowired Mailer mailer;
  @Autowired MeterRegistry meters;
  @Autowired AmqpAdmin admin;
  @Autowired QueueTopology topology;

  @Test
  void aServerWithoutStartTlsIsNeverSentPlainText() {
    String address = "secret-" + System.nanoTime() + "@example.org";

    mailer.send(
        address,
        MailTemplates.passwordReset("https://quire.example/reset-password#t", Duration.ofHours(1)),
        "system",
        MailJob.NO_PROJECT);

    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              QueueInformation dead =
                  admin.getQueueInfo(topology.deadLetterQueue(JobQueue.MAIL_SEND));
              return dead != null && dead.getMessageCount() >= 1;
            });
    assertThat(meters.counter("quire.mail.failures").count()).isGreaterThanOrEqualTo(2);
    assertThat(INBOX.to(address)).isEmpty();
  }
}
