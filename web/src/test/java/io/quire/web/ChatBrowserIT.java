package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The editor's chat panel: live messages, an unread count, text shown as text, links clickable. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatBrowserIT {
  private static final String PASSWORD = "a good long password";

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
  }

  @LocalServerPort int port;

  private String url() {
    return "http://localhost:" + port;
  }

  private record Person(String email, ApiClient api) {}

  private Person registered(String name) {
    String email = name.toLowerCase() + "-" + UUID.randomUUID() + "@example.org";
    ApiClient api = new ApiClient(url());
    assertThat(api.register(email, PASSWORD, name).status()).isEqualTo(201);
    return new Person(email, api);
  }

  @Test
  void aReaderSeesTheOwnersMessageLiveAsTextWithItsLinkAndAnswers() {
    Person owner = registered("Ada");
    Person reader = registered("Bea");
    String project =
        owner.api().postJson("/api/projects", Map.of("name", "Paper")).json().get("id").asString();
    assertThat(
            reader
                .api()
                .acceptInvitation(
                    owner
                        .api()
                        .postJson(
                            "/api/projects/" + project + "/collaborators",
                            Map.of("email", reader.email(), "access", "readOnly")))
                .status())
        .isEqualTo(200);

    try (EditorBrowser browser = new EditorBrowser(url()).signIn(reader.email(), PASSWORD)) {
      browser.open(project, "main.tex");
      browser.wait.until(
          d -> "open".equals(browser.find("#connection").getAttribute("data-state")));
      String markup =
          "<img src=x onerror=\"document.title='owned'\"><script>document.title='owned'</script>"
              + " see https://example.org/paper.";
      assertThat(
              owner
                  .api()
                  .postJson("/api/projects/" + project + "/chat/messages", Map.of("text", markup))
                  .status())
          .isEqualTo(201);

      browser.wait.until(ExpectedConditions.textToBe(By.id("chat-unread"), "1"));
      browser.find("#chat-open").click();
      WebElement text =
          browser.wait.until(
              ExpectedConditions.visibilityOfElementLocated(
                  By.cssSelector("#chat-messages li .chat-text")));
      assertThat(text.getText()).isEqualTo(markup);
      assertThat(browser.findAll("#chat-messages img, #chat-messages script")).isEmpty();
      WebElement link = text.findElement(By.tagName("a"));
      assertThat(link.getAttribute("href")).isEqualTo("https://example.org/paper");
      assertThat(link.getAttribute("rel")).isEqualTo("noopener noreferrer");
      assertThat(browser.driver.getTitle()).doesNotContain("owned");
      browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("chat-unread")));

      browser.find("#chat-input").sendKeys("Read it, thanks!");
      browser.find("#chat-send").click();
      browser.wait.until(
          d ->
              owner
                  .api()
                  .get("/api/projects/" + project + "/chat/messages")
                  .json()
                  .get("messages")
                  .get(0)
                  .get("text")
                  .asString()
                  .equals("Read it, thanks!"));
      assertThat(
              reader
                  .api()
                  .get("/api/projects/" + project + "/chat/unread")
                  .json()
                  .get("unread")
                  .asLong())
          .isZero();
    }
  }
}
