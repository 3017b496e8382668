package io.quire.common.contract;

import java.time.Instant;

/**
 * Send one e-mail. web renders the message when it queues the job, so the consumer only hands it to
 * the SMTP server; a message about no project carries {@link #NO_PROJECT} as its project.
 *
 * @param to the one recipient's address
 * @param subject the subject line
 * @param text the plain-text body
 * @param html the HTML alternative of the same body
 */
public record MailJob(
    String jobId,
    String projectId,
    String requestedBy,
    Instant requestedAt,
    String to,
    String subject,
    String text,
    String html)
    implements QuireMessage {

  /** The project of a message that is about none (password reset, address verification). */
  public static final String NO_PROJECT = "none";

  public MailJob {
    Require.text(jobId, "jobId");
    Require.text(projectId, "projectId");
    Require.text(requestedBy, "requestedBy");
    Require.present(requestedAt, "requestedAt");
    Require.text(to, "to");
    Require.text(subject, "subject");
    Require.text(text, "text");
    Require.text(html, "html");
  }
}
