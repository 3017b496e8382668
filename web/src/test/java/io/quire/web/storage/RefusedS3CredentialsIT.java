package io.quire.web.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.testsupport.TestS3;
import io.quire.web.WebTestProperties;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * web whose S3 bucket refuses its credentials: an upload is answered 503 with a problem detail and
 * changes nothing, and readiness is down (so a load balancer stops sending users to it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RefusedS3CredentialsIT {

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    TestS3.blobStoreProperties().forEach((key, value) -> registry.add(key, () -> value));
    registry.add("quire.blob.s3.secret-key", () -> "not-the-secret");
  }

  @LocalServerPort int port;

  @Test
  void anUploadIsRefusedWith503AndTheProjectStaysAsItWas() {
    ApiClient alice = new ApiClient("http://localhost:" + port);
    alice.register("refused-" + UUID.randomUUID() + "@example.org", "correct horse battery", "A");
    String project =
        alice.postJson("/api/projects", Map.of("name", "Refused")).json().get("id").asString();
    long before =
        alice.get("/api/projects/" + project + "/tree").json().get("treeVersion").asLong();

    Response put =
        alice.put("/api/projects/" + project + "/files/figure.png", new byte[] {1, 2, 3});

    assertThat(put.status()).isEqualTo(503);
    assertThat(put.header("Retry-After")).isPresent();
    assertThat(put.json().get("detail").asString()).contains("nothing was changed");
    Response tree = alice.get("/api/projects/" + project + "/tree");
    assertThat(tree.json().get("treeVersion").asLong()).isEqualTo(before);
    assertThat(tree.text()).doesNotContain("figure.png");
    assertThat(alice.get("/actuator/health/readiness").status()).isEqualTo(503);
  }
}
