package io.quire.web.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.web.WebTestProperties;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code QUIRE_MANAGEMENT_PORT}, health and metrics move to a port of their own, bound to the
 * loopback interface unless {@code QUIRE_MANAGEMENT_ADDRESS} says otherwise (under Docker Compose:
 * the stack's own network, where Prometheus scrapes it); nothing there needs a sign-in, and the
 * health details are shown.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ManagementPortIT {

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    registry.add("management.server.port", () -> 0);
  }

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired ManagementServerProperties management;

  @Test
  void prometheusAndHealthChecksReadTheManagementPortWithoutSigningIn() {
    ApiClient scraper = new ApiClient("http://127.0.0.1:" + managementPort);

    Response metrics = scraper.get("/actuator/prometheus");
    Response ready = scraper.get("/actuator/health/readiness");

    assertThat(managementPort).isNotEqualTo(port);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.text()).contains("jvm_memory_used_bytes");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("status").asString()).isEqualTo("UP");
    // only machines (or the deployment's own network) reach this port: details for them
    assertThat(ready.json().get("components").has("mongo")).isTrue();
  }

  @Test
  void theManagementPortListensOnLoopbackAndTheUsersPortHasNoMetrics() {
    InetAddress address = management.getAddress();

    assertThat(address).isNotNull();
    assertThat(address.isLoopbackAddress()).isTrue();
    Response onUsersPort = new ApiClient("http://localhost:" + port).get("/actuator/prometheus");
    assertThat(onUsersPort.status()).isNotEqualTo(200);
  }
}
