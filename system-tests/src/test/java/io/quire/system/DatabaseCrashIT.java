package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.testsupport.EmbeddedMongoProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written through the API, each answered 2xx, then the embedded MongoDB (a process of its
 * own, as {@code ./quire up} runs it) killed with SIGKILL right after the last answer and started
 * again: every file is there, documents and binary files (GridFS) alike.
 */
class DatabaseCrashIT {
  private static final int FILES = 20;

  @Test
  void everyFileTheApiAcknowledgedIsThereAfterTheDatabaseWasKilled(@TempDir Path dir)
      throws Exception {
    EmbeddedMongoProcess mongo = new EmbeddedMongoProcess(dir.resolve("mongo")).start();
    try (QuireStack stack =
        new QuireStack().startWeb(Map.of("quire.mongo.uri", mongo.uri("quire")))) {
      ApiClient alice = stack.newClient();
      alice.register("crash-" + UUID.randomUUID() + "@example.org", "a good passphrase", "A");
      String project =
          alice.postJson("/api/projects", Map.of("name", "Crash")).json().get("id").asString();
      Map<String, byte[]> written = new LinkedHashMap<>();
      Random random = new Random(21);
      for (int i = 0; i < FILES; i++) {
        byte[] text = ("\\section{Part " + i + "}\n").getBytes(StandardCharsets.UTF_8);
        byte[] binary = new byte[4096 + i];
        random.nextBytes(binary);
        written.put("parts/part" + i + ".tex", text);
        written.put("figures/figure" + i + ".bin", binary);
      }
      for (Map.Entry<String, byte[]> file : written.entrySet()) {
        Response put =
            alice.put("/api/projects/" + project + "/files/" + file.getKey(), file.getValue());
        assertThat(put.status()).as(file.getKey() + ": " + put.text()).isBetween(200, 299);
      }

      mongo.kill();
      mongo.start();

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> alice.get("/api/projects/" + project + "/tree").status() == 200);
      for (Map.Entry<String, byte[]> file : written.entrySet()) {
        Response read = alice.get("/api/projects/" + project + "/files/" + file.getKey());
        assertThat(read.status()).as(file.getKey()).isEqualTo(200);
        assertThat(read.body()).as(file.getKey()).isEqualTo(file.getValue());
      }
    } finally {
      mongo.close();
    }
  }
}
