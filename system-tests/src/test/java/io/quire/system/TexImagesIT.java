package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A project compiles in the TeX image it chose from those the server offers: the choice is checked,
 * kept (also by a copy), part of the cache key, carried to the worker, and refused there with a
 * clear message when the workers were not given that image.
 */
class TexImagesIT {
  private static final String DEFAULT = "quire/texlive:2024";
  private static final String OLDER = "quire/texlive:2023";

  private static QuireStack stack;
  private static ConfigurableApplicationContext worker;
  private static ApiClient client;

  @BeforeAll
  static void startStack() throws Exception {
    stack = new QuireStack().startWeb(Map.of("quire.compile.docker-images", OLDER));
    worker =
        stack.startCompileWorker(
            "compile-worker-images", Map.of("quire.compile.docker-images", OLDER));
    client = stack.newClient();
    Response registered =
        client.register("images-" + UUID.randomUUID() + "@example.org", "a good passphrase", "I");
    assertThat(registered.status()).isEqualTo(201);
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @Test
  void theServerListsItsImagesDefaultFirst() {
    JsonNode images = client.get("/api/compile/images").json();

    assertThat(images.get("defaultImage").asString()).isEqualTo(DEFAULT);
    java.util.List<String> offered = new java.util.ArrayList<>();
    for (JsonNode image : images.get("images")) {
      offered.add(image.asString());
    }
    assertThat(offered).containsExactly(DEFAULT, OLDER);
  }

  @Test
  void anImageTheServerDoesNotOfferIsRefusedWithTheListAndNothingChanges() {
    String project = project();

    Response refused =
        client.patchJson("/api/projects/" + project, Map.of("texImage", "evil/image:latest"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("detail").asString())
        .isEqualTo(
            "Unknown TeX image 'evil/image:latest': this server offers "
                + DEFAULT
                + ", "
                + OLDER
                + ".");
    assertThat(client.get("/api/projects/" + project).json().get("texImage").asString())
        .isEqualTo(DEFAULT);
  }

  @Test
  void aChosenImageIsKeptCopiedAndPartOfTheCacheKey() {
    String project = project();
    JsonNode first = ProjectCalls.compile(client, project, Map.of());
    assertThat(first.get("status").asString()).isEqualTo("success");
    assertThat(ProjectCalls.compile(client, project, Map.of()).get("cached").asBoolean()).isTrue();

    Response chosen = client.patchJson("/api/projects/" + project, Map.of("texImage", OLDER));
    assertThat(chosen.status()).as(chosen.text()).isEqualTo(200);
    assertThat(chosen.json().get("texImage").asString()).isEqualTo(OLDER);

    JsonNode older = ProjectCalls.compile(client, project, Map.of());
    assertThat(older.get("cached").asBoolean()).as("another image, another cache key").isFalse();
    assertThat(older.get("status").asString()).isEqualTo("success");
    assertThat(older.get("buildId").asString()).isNotEqualTo(first.get("buildId").asString());
    assertThat(ProjectCalls.compile(client, project, Map.of()).get("cached").asBoolean()).isTrue();

    Response copy = client.postJson("/api/projects/" + project + "/copy", Map.of("name", "Copy"));
    assertThat(copy.json().get("texImage").asString()).isEqualTo(OLDER);
  }

  @Test
  void aWorkerNotGivenTheImageRefusesTheCompileWithAMessage() {
    String project = project();
    client.patchJson("/api/projects/" + project, Map.of("texImage", OLDER));
    ConfigurableApplicationContext narrow =
        stack.startCompileWorker("compile-worker-one-image", Map.of());
    stack.stop(worker);
    try {
      JsonNode refused = ProjectCalls.compile(client, project, Map.of());

      assertThat(refused.get("status").asString()).isEqualTo("error");
      assertThat(refused.get("errors").get(0).get("message").asString())
          .contains("do not offer the TeX image '" + OLDER + "'")
          .contains("QUIRE_COMPILE_DOCKER_IMAGES");
    } finally {
      stack.stop(narrow);
      worker =
          stack.startCompileWorker(
              "compile-worker-images", Map.of("quire.compile.docker-images", OLDER));
    }
  }

  private static String project() {
    Response created =
        client.postJson("/api/projects", Map.of("name", "Images " + UUID.randomUUID()));
    String id = created.json().get("id").asString();
    client.put("/api/projects/" + id + "/files/main.tex", Documents.text("one-page.tex"));
    return id;
  }
}
