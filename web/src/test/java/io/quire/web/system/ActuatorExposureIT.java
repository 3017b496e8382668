package io.quire.web.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.web.WebTestProperties;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Web's own port, the one users reach: anyone learns whether web is up, only an administrator sees
 * the health details (paths, error messages) and the metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActuatorExposureIT {
  private static final List<String> HEALTH =
      List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness");

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
  }

  @LocalServerPort int port;

  @Test
  void anonymousCallersLearnOnlyWhetherWebIsUp() {
    ApiClient anonymous = client();
    for (String path : HEALTH) {
      Response health = anonymous.get(path);
      assertThat(health.status()).as(path).isEqualTo(200);
      assertOnlyTheStatus(path, health);
    }
  }

  @Test
  void metricsAndOtherEndpointsNeedAnAdministrator() {
    ApiClient anonymous = client();
    ApiClient user = client();
    user.register("user-" + UUID.randomUUID() + "@example.org", "a good long password", "U");

    for (String path :
        List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/info", "/actuator")) {
      assertThat(anonymous.get(path).status()).as(path).isEqualTo(401);
      assertThat(user.get(path).status()).as(path).isEqualTo(403);
    }
    assertOnlyTheStatus("/actuator/health", user.get("/actuator/health"));
  }

  @Test
  void anAdministratorSeesTheDetailsAndTheMetrics() {
    ApiClient admin = client();
    assertThat(admin.login("admin@quire.local", "admin-password-1").status()).isEqualTo(200);

    Response health = admin.get("/actuator/health/readiness");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("components").has("mongo")).isTrue();
    Response metrics = admin.get("/actuator/prometheus");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.text()).contains("jvm_memory_used_bytes");
  }

  /** UP, and at most the names of the health groups: no components, no details. */
  private static void assertOnlyTheStatus(String path, Response health) {
    assertThat(health.json().get("status").asString()).as(path).isEqualTo("UP");
    assertThat(health.json().propertyNames()).as(path).isSubsetOf("status", "groups");
    assertThat(health.text()).as(path).doesNotContain("mongo", "redis", "rabbit", "details");
  }

  private ApiClient client() {
    return new ApiClient("http://localhost:" + port);
  }
}
