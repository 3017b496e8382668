package io.quire.web.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MailTemplatesTest {

  @Test
  void namesFromUsersAreEscapedInTheHtmlAndCannotAddHeaderLines() {
    MailMessage message =
        MailTemplates.invitation(
            "<img src=x onerror=alert(1)>\r\nBcc: victim@example.org",
            "Mallory <script>",
            "https://quire.example/invite/abc#s\"><script>");

    assertThat(message.html())
        .doesNotContain("<img", "<script>", "s\"><")
        .contains("&lt;img src=x onerror=alert(1)&gt;");
    assertThat(message.subject()).doesNotContain("\r", "\n").contains("Bcc: victim");
    assertThat(message.text()).contains("https://quire.example/invite/abc#s");
  }

  @Test
  void theResetMessageSaysHowLongItsLinkWorks() {
    MailMessage message =
        MailTemplates.passwordReset("https://quire.example/reset-password#t", Duration.ofHours(1));

    assertThat(message.text()).contains("60 minutes", "https://quire.example/reset-password#t");
    assertThat(message.html()).contains("href=\"https://quire.example/reset-password#t\"");
  }
}
