package io.quire.web.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.contract.MailJob;
import io.quire.common.messaging.JobHandler;
import io.quire.common.messaging.NonRetryableJobException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Hands one message to the SMTP server. A server that is down or refuses for now throws, so the job
 * is retried with backoff and then dead-lettered; an address that cannot be parsed never will be
 * sent and goes to the dead-letter queue at once.
 */
class MailJobHandler implements JobHandler<MailJob> {
  private final JavaMailSender sender;
  private final InternetAddress from;
  private final SentMails sent;
  private final Counter failures;

  MailJobHandler(
      JavaMailSender sender, InternetAddress from, SentMails sent, MeterRegistry meters) {
    this.sender = sender;
    this.from = from;
    this.sent = sent;
    this.failures = meters.counter("quire.mail.failures");
  }

  @Override
  public void handle(MailJob job, Delivery delivery) {
    MimeMessage message = sender.createMimeMessage();
    try {
      MimeMessageHelper helper =
          new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
      helper.setFrom(from);
      helper.setTo(new InternetAddress(job.to(), true));
      helper.setSubject(job.subject());
      helper.setText(job.text(), job.html());
    } catch (MessagingException e) {
      throw new NonRetryableJobException("cannot build the message to " + job.to(), e);
    }
    try {
      sender.send(message);
    } catch (MailParseException e) {
      throw new NonRetryableJobException("cannot send the message to " + job.to(), e);
    } catch (MailException e) {
      failures.increment();
      throw e;
    }
    sent.record(job.jobId());
  }

  @Override
  public boolean isAlreadyDone(MailJob job) {
    return sent.contains(job.jobId());
  }
}
