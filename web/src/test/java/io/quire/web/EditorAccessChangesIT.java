package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The editor page in real headless Chromium follows what the server takes away while it is open: a
 * writer made read-only can no longer type, and a session ended by a password change elsewhere goes
 * to the sign-in page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EditorAccessChangesIT {
  private static final String PASSWORD = "a good long password";

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
  }

  @LocalServerPort int port;

  private String url() {
    return "http://localhost:" + port;
  }

  private record Person(String id, String email, ApiClient api) {}

  private Person registered(String name) {
    String email = name.toLowerCase() + "-" + UUID.randomUUID() + "@example.org";
    ApiClient api = new ApiClient(url());
    var registered = api.register(email, PASSWORD, name);
    assertThat(registered.status()).isEqualTo(201);
    return new Person(registered.json().get("id").asString(), email, api);
  }

  /** A project of the owner that the writer joined by its write link. */
  private String sharedWith(Person owner, Person writer) {
    String id =
        owner.api().postJson("/api/projects", Map.of("name", "Paper")).json().get("id").asString();
    String link =
        owner
            .api()
            .postJson("/api/projects/" + id + "/link-sharing", Map.of("enabled", true))
            .json()
            .get("writeToken")
            .asString();
    assertThat(
            writer.api().postJson("/api/projects/" + id + "/join", Map.of("token", link)).status())
        .isEqualTo(200);
    return id;
  }

  @Test
  void aWriterMadeReadOnlyWhileEditingCanNoLongerType() {
    Person owner = registered("Owner");
    Person writer = registered("Writer");
    String projectId = sharedWith(owner, writer);
    try (EditorBrowser browser = new EditorBrowser(url()).signIn(writer.email(), PASSWORD)) {
      browser.open(projectId, "main.tex");
      assertThat(browser.find("#editor .cm-content").getAttribute("contenteditable"))
          .isEqualTo("true");
      assertThat(browser.find("#readonly-banner").isDisplayed()).isFalse();

      assertThat(
              owner
                  .api()
                  .patchJson(
                      "/api/projects/" + projectId + "/collaborators/" + writer.id(),
                      Map.of("access", "readOnly"))
                  .status())
          .isEqualTo(200);

      browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("readonly-banner")));
      browser.wait.until(
          ExpectedConditions.attributeToBe(
              By.cssSelector("#editor .cm-content"), "contenteditable", "false"));
      String before = browser.text();
      browser.typeAtEnd("typed after the demotion");
      assertThat(browser.text()).isEqualTo(before);
      assertThat(owner.api().get("/api/projects/" + projectId + "/files/main.tex").text())
          .isEqualTo(before);
    }
  }

  @Test
  void aPasswordChangedElsewhereSendsTheOpenEditorToTheSignInPage() {
    Person owner = registered("Owner");
    String projectId =
        owner.api().postJson("/api/projects", Map.of("name", "Mine")).json().get("id").asString();
    try (EditorBrowser browser = new EditorBrowser(url()).signIn(owner.email(), PASSWORD)) {
      browser.open(projectId, "main.tex");

      assertThat(
              owner
                  .api()
                  .postJson(
                      "/api/me/password",
                      Map.of("currentPassword", PASSWORD, "newPassword", "a changed passphrase"))
                  .status())
          .isEqualTo(204);

      browser.wait.until(ExpectedConditions.urlContains("/login"));
    }
  }
}
