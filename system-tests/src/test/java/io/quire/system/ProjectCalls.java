package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** The API calls compile tests make over and over: a project with files, a compile, an output. */
final class ProjectCalls {
  private ProjectCalls() {}

  /** A new project of the client's holding {@code files} (path to text). */
  static String project(ApiClient as, Map<String, String> files) {
    Response created = as.postJson("/api/projects", Map.of("name", "Test " + UUID.randomUUID()));
    String id = created.json().get("id").asString();
    files.forEach((path, text) -> as.put("/api/projects/" + id + "/files/" + path, text));
    return id;
  }

  /** Compiles with {@code wait} and returns the result, which must come (200). */
  static JsonNode compile(ApiClient as, String project, Map<String, Object> options) {
    Map<String, Object> body = new HashMap<>(options);
    body.put("wait", true);
    Response response = as.postJson("/api/projects/" + project + "/compile", body);
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    return response.json();
  }

  /** An output file of a compile's build, which must exist (200). */
  static byte[] output(ApiClient as, String project, JsonNode result, String file) {
    Response response =
        as.get(
            "/api/projects/"
                + project
                + "/builds/"
                + result.get("buildId").asString()
                + "/"
                + file);
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    return response.body();
  }
}
