package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The project size limit counts editable documents as well as binary files: text uploaded as
 * documents cannot grow a project past it. The limit is lowered to 64 KB here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProjectSizeLimitIT {
  private static final String THIRTY_KB = ("% filler line of a document\n").repeat(1100);

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    registry.add("quire.projects.max-project-size", () -> "64KB");
  }

  @LocalServerPort int port;

  private ApiClient alice;

  @BeforeEach
  void registerAlice() {
    alice = new ApiClient("http://localhost:" + port);
    alice.register("alice-" + UUID.randomUUID() + "@example.org", "correct horse battery", "A");
  }

  @Test
  void documentsCountTowardsTheProjectSize() {
    assertThat(THIRTY_KB.length()).isBetween(30_000, 32_000);
    String id = alice.postJson("/api/projects", Map.of("name", "Docs")).json().get("id").asString();
    assertThat(alice.put("/api/projects/" + id + "/files/a.tex", THIRTY_KB).status())
        .isEqualTo(201);
    long version = treeVersion(id);

    Response third = alice.put("/api/projects/" + id + "/files/b.tex", THIRTY_KB + THIRTY_KB);

    assertThat(third.status()).as(third.text()).isEqualTo(413);
    assertThat(third.json().get("detail").asString())
        .isEqualTo("The project would exceed its size limit of 64 KB.");
    assertThat(treeVersion(id)).isEqualTo(version);
    assertThat(alice.get("/api/projects/" + id + "/files/b.tex").status()).isEqualTo(404);
  }

  @Test
  void aDocumentGrownPastTheLimitByAnUploadIsRefusedAndKeepsItsText() {
    String id = alice.postJson("/api/projects", Map.of("name", "Grow")).json().get("id").asString();
    assertThat(alice.put("/api/projects/" + id + "/files/a.tex", THIRTY_KB).status())
        .isEqualTo(201);

    Response grown = alice.put("/api/projects/" + id + "/files/a.tex", THIRTY_KB.repeat(3));

    assertThat(grown.status()).as(grown.text()).isEqualTo(413);
    assertThat(alice.get("/api/projects/" + id + "/files/a.tex").text()).isEqualTo(THIRTY_KB);
    // shrinking is always possible
    assertThat(alice.put("/api/projects/" + id + "/files/a.tex", "short").status()).isEqualTo(204);
  }

  @Test
  void aZipWhoseDocumentsExceedTheLimitIsRefusedAndNothingIsCreated() {
    int before = alice.get("/api/projects?filter=all").json().size();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      entries.put("part" + i + ".tex", Zips.text(THIRTY_KB));
    }

    Response refused =
        alice.postMultipart("/api/projects", "file", "big.zip", Zips.of(entries), Map.of());

    assertThat(refused.status()).as(refused.text()).isEqualTo(413);
    assertThat(refused.json().get("detail").asString()).contains("size limit of 64 KB");
    assertThat(alice.get("/api/projects?filter=all").json().size()).isEqualTo(before);
  }

  private long treeVersion(String id) {
    return alice.get("/api/projects/" + id + "/tree").json().get("treeVersion").asLong();
  }
}
