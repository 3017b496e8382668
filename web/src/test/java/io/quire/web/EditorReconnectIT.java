package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.BrokerCleanup;
import io.quire.testsupport.TestMongo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * An editor in real headless Chromium keeps what is typed while web is down and saves it once web
 * is back: web is stopped (its Spring context closed, every socket dropped) and a new instance is
 * started on the same port with the same MongoDB and Redis, as a restart or redeploy does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorReconnectIT {
  private static final String PASSWORD = "a good long password";

  private final String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);
  private final String mongo = TestMongo.freshDatabaseUri();
  private ConfigurableApplicationContext web;
  private int port;
  private ApiClient api;
  private String token;
  private EditorBrowser browser;

  @BeforeAll
  void startWebAndSignIn() {
    BrokerCleanup.deleteOnExit(prefix);
    web = startWeb(0);
    port = ((WebServerApplicationContext) web).getWebServer().getPort();
    String email = "offline-" + UUID.randomUUID() + "@example.org";
    api = new ApiClient(baseUrl());
    assertThat(api.register(email, PASSWORD, "Offline").status()).isEqualTo(201);
    token =
        api.postJson("/api/me/tokens", Map.of("name", "other", "scopes", List.of("api")))
            .json()
            .get("token")
            .asString();
    browser = new EditorBrowser(baseUrl()).signIn(email, PASSWORD);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (web != null) {
      web.close();
    }
  }

  private ConfigurableApplicationContext startWeb(int onPort) {
    return new SpringApplicationBuilder(QuireWebApplication.class)
        .run(
            "--server.port=" + onPort,
            "--quire.mongo.uri=" + mongo,
            "--quire.amqp.prefix=" + prefix,
            "--quire.admin.password=admin-password-1",
            "--quire.data-dir=" + System.getProperty("java.io.tmpdir") + "/" + prefix);
  }

  private String baseUrl() {
    return "http://localhost:" + port;
  }

  @Test
  void editsTypedWhileWebRestartsAreSavedAfterwardsAndRebasedOnOthersEdits() {
    String project =
        api.postJson("/api/projects", Map.of("name", "Restarts")).json().get("id").asString();
    String initial = read(project);
    browser.open(project, "main.tex");
    WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(40));

    browser.typeAtEnd("Before the restart.");
    awaitSaved(wait);

    // nobody else edits meanwhile: the offline edit alone must still be sent
    restartWhile(wait, () -> browser.typeAtEnd(" Typed offline."), () -> {});
    awaitSaved(wait);
    String once = initial + "Before the restart. Typed offline.";
    await().atMost(Duration.ofSeconds(10)).until(() -> read(project).equals(once));
    assertThat(browser.text()).isEqualTo(once);

    // someone edits on the new instance before this editor is back: it rebases its edit on theirs
    restartWhile(
        wait,
        () -> browser.typeAtEnd(" Second offline edit."),
        () -> {
          CollabTestClient other = CollabTestClient.join(baseUrl(), token, project, docId(project));
          assertThat(other.insert(0, "% from elsewhere\n")).isTrue();
          await().atMost(Duration.ofSeconds(10)).until(other::idle);
          other.close();
        });
    awaitSaved(wait);
    String twice = "% from elsewhere\n" + once + " Second offline edit.";
    await().atMost(Duration.ofSeconds(10)).until(() -> read(project).equals(twice));
    wait.until(d -> browser.text().equals(twice));
  }

  /**
   * Stops web, does {@code offline} in the browser, starts web on the same port, does {@code
   * afterStart}, and waits for the browser to be connected again.
   */
  private void restartWhile(WebDriverWait wait, Runnable offline, Runnable afterStart) {
    web.close();
    wait.until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "closed"));
    offline.run();
    wait.until(ExpectedConditions.attributeToBe(By.id("save-state"), "data-state", "offline"));
    assertThat(browser.find("#save-state").getText()).contains("Offline");
    web = startWeb(port);
    afterStart.run();
    wait.until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "open"));
  }

  private void awaitSaved(WebDriverWait wait) {
    wait.until(ExpectedConditions.attributeToBe(By.id("save-state"), "data-state", "saved"));
  }

  private String read(String project) {
    return api.get("/api/projects/" + project + "/files/main.tex").text();
  }

  private String docId(String project) {
    for (JsonNode entity : api.get("/api/projects/" + project + "/tree").json().get("entities")) {
      if (entity.get("path").asString().equals("main.tex")) {
        return entity.get("docId").asString();
      }
    }
    throw new AssertionError("no main.tex");
  }
}
