package io.quire.web.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/** A real SMTP server (GreenMail) on a free loopback port, and what arrived at it. */
final class Inbox implements AutoCloseable {
  private final int port = freePort();
  private GreenMail server;

  /** One received message: to whom, its subject, and its plain text and HTML parts. */
  record Mail(String to, String subject, String text, String html) {
    /** The secret of the first link to {@code page} (its fragment). */
    String token(String page) {
      Matcher m = Pattern.compile(Pattern.quote(page) + "#([A-Za-z0-9._-]+)").matcher(text);
      if (!m.find()) {
        throw new AssertionError("no link to " + page + " in: " + text);
      }
      return m.group(1);
    }
  }

  int port() {
    return port;
  }

  Inbox start() {
    server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
    return this;
  }

  /** Every message received so far for this address. */
  List<Mail> to(String address) {
    if (server == null) {
      return List.of();
    }
    List<Mail> found = new ArrayList<>();
    for (var message : server.getReceivedMessages()) {
      Mail mail = read(message);
      if (mail.to().equalsIgnoreCase(address)) {
        found.add(mail);
      }
    }
    return found;
  }

  /** Waits for the {@code n}th message to this address and returns it. */
  Mail await(String address, int n) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> to(address).size() >= n);
    return to(address).get(n - 1);
  }

  private static Mail read(Message message) {
    try {
      String to =
          Arrays.stream(message.getAllRecipients()).map(Object::toString).findFirst().orElse("");
      String[] parts = new String[2];
      collect(message, parts);
      return new Mail(to, message.getSubject(), parts[0], parts[1]);
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void collect(Part part, String[] parts) throws MessagingException, IOException {
    if (part.isMimeType("text/plain")) {
      parts[0] = (String) part.getContent();
    } else if (part.isMimeType("text/html")) {
      parts[1] = (String) part.getContent();
    } else if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart body = multipart.getBodyPart(i);
        collect(body, parts);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
    }
  }
}
