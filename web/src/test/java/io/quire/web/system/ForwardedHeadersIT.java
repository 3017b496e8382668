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
 * Without {@code QUIRE_TRUSTED_PROXIES}, {@code X-Forwarded-*} headers are the client's own words
 * and change nothing: a guesser cannot pose as many addresses, nor a plain-HTTP client as HTTPS.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForwardedHeadersIT {

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
  }

  @LocalServerPort int port;

  @Test
  void aForgedForwardedForDoesNotEscapeThePerAddressLimit() {
    for (int i = 1; i <= 20; i++) {
      Response attempt = client("203.0.113." + i).login(email(), "wrong password " + i);
      assertThat(attempt.status()).as("attempt " + i).isEqualTo(401);
    }

    Response refused = client("203.0.113.99").login(email(), "wrong password");

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().get("detail").asString()).contains("from your address");
  }

  @Test
  void aForgedForwardedProtoDoesNotMakeCookiesSecure() {
    ApiClient proxied =
        new ApiClient("http://localhost:" + port)
            .withHeader("X-Forwarded-Proto", "https")
            .withHeader("X-Forwarded-Host", "quire.example");

    Response csrf = proxied.get("/api/auth/csrf");

    List<String> cookies = csrf.headers().getOrDefault("set-cookie", List.of());
    assertThat(cookies).isNotEmpty().allSatisfy(c -> assertThat(c).doesNotContain("Secure"));
  }

  private ApiClient client(String forwardedFor) {
    return new ApiClient("http://localhost:" + port).withHeader("X-Forwarded-For", forwardedFor);
  }

  private static String email() {
    return "nobody-" + UUID.randomUUID() + "@example.org";
  }
}
