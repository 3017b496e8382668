package io.quire.web.mail;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.contract.MailJob;
import io.quire.common.contract.MessageCodec;
import io.quire.common.messaging.JobListenerContainers;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.common.messaging.RetryPolicy;
import io.quire.common.messaging.WaitingJobs;
import io.quire.common.ops.RunningJobs;
import io.quire.web.system.WebProperties;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * E-mail, only while an SMTP server is configured ({@code QUIRE_SMTP_HOST}): the sender, the {@code
 * mail.send} consumer in this web instance (ADR 0025), and the invitation sender that makes
 * invitations go by mail instead of being shown to the inviter.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${quire.smtp.host:}'.isBlank()")
class MailConfiguration {
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  @Bean
  JavaMailSenderImpl quireMailSender(SmtpProperties smtp) {
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost(smtp.host());
    sender.setPort(smtp.port());
    sender.setDefaultEncoding("UTF-8");
    if (!smtp.username().isBlank()) {
      sender.setUsername(smtp.username());
      sender.setPassword(smtp.password());
    }
    Properties properties = new Properties();
    String millis = Long.toString(smtp.timeout().toMillis());
    properties.put("mail.smtp.auth", Boolean.toString(!smtp.username().isBlank()));
    properties.put("mail.smtp.connectiontimeout", millis);
    properties.put("mail.smtp.timeout", millis);
    properties.put("mail.smtp.writetimeout", millis);
    switch (smtp.security()) {
      case STARTTLS -> {
        // required: a server (or someone in the middle) that does not offer STARTTLS is refused,
        // never talked to in plain text
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        properties.put("mail.smtp.ssl.checkserveridentity", "true");
      }
      case TLS -> {
        properties.put("mail.smtp.ssl.enable", "true");
        properties.put("mail.smtp.ssl.checkserveridentity", "true");
      }
      case NONE -> {}
    }
    sender.setJavaMailProperties(properties);
    return sender;
  }

  @Bean
  Mailer mailer(MessagePublisher publisher) {
    return new Mailer(publisher);
  }

  @Bean
  InvitationMailer invitationMailer(Mailer mailer) {
    return new InvitationMailer(mailer);
  }

  @Bean
  MailJobHandler mailJobHandler(
      JavaMailSenderImpl quireMailSender,
      MailProperties mail,
      WebProperties web,
      MongoDatabase database,
      MeterRegistry meters) {
    return new MailJobHandler(
        quireMailSender, fromAddress(mail, web), new SentMails(database), meters);
  }

  @Bean
  SimpleMessageListenerContainer mailSend(
      ConnectionFactory connectionFactory,
      MessageCodec codec,
      MeterRegistry meters,
      WaitingJobs waiting,
      QueueTopology topology,
      MailJobHandler handler,
      MailProperties mail) {
    JobListenerContainers containers =
        new JobListenerContainers(connectionFactory, codec, meters, new RunningJobs(), waiting);
    MailProperties.Retry retry = mail.retry();
    return containers.create(
        topology.queue(JobQueue.MAIL_SEND),
        MailJob.class,
        handler,
        1,
        new RetryPolicy(retry.attempts(), retry.initialBackoff(), 2.0, retry.maxBackoff()),
        SHUTDOWN_TIMEOUT);
  }

  static InternetAddress fromAddress(MailProperties mail, WebProperties web) {
    String from = mail.from();
    if (from.isBlank()) {
      from = "Quire <noreply@" + URI.create(web.publicUrl()).getHost() + ">";
    }
    try {
      return new InternetAddress(from, true);
    } catch (AddressException e) {
      throw new IllegalStateException("QUIRE_MAIL_FROM is not an e-mail address: " + from, e);
    }
  }
}
