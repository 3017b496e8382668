package io.quire.web.mail;

import io.quire.common.contract.MailJob;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology.JobQueue;
import java.time.Instant;
import java.util.UUID;

/**
 * Queues messages as {@code mail.send} jobs; the sending happens later, off the request. A bean of
 * this type exists only while an SMTP server is configured, so its presence is the answer to "does
 * this server send e-mail?".
 */
public class Mailer {
  private final MessagePublisher publisher;

  Mailer(MessagePublisher publisher) {
    this.publisher = publisher;
  }

  /**
   * Queues one message; returns once the broker confirmed the job.
   *
   * @param requestedBy the user on whose behalf it is sent, or {@code system}
   * @param projectId the project it is about, or {@link MailJob#NO_PROJECT}
   */
  public void send(String to, MailMessage message, String requestedBy, String projectId) {
    publisher.publishJob(
        JobQueue.MAIL_SEND,
        new MailJob(
            UUID.randomUUID().toString(),
            projectId,
            requestedBy,
            Instant.now(),
            to,
            message.subject(),
            message.text(),
            message.html()));
  }
}
