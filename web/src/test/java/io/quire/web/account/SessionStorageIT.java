package io.quire.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.quire.testsupport.ApiClient;
import io.quire.web.WebTestProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A session in Redis, read byte by byte: JSON (no Java serialisation, which would let whoever can
 * write to Redis run code in web), and no password hash in it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SessionStorageIT {

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
  }

  @LocalServerPort int port;
  @Autowired RedisConnectionFactory redis;
  @Autowired Environment environment;
  @Autowired MongoDatabase database;

  private String storedKey;

  @Test
  void aSignedInSessionIsStoredAsJsonWithoutThePasswordHash() {
    String email = "session-" + UUID.randomUUID() + "@example.org";
    ApiClient browser = new ApiClient("http://localhost:" + port);
    assertThat(browser.register(email, "a good long password", "Sessions").status()).isEqualTo(201);
    browser = new ApiClient("http://localhost:" + port);
    assertThat(browser.login(email, "a good long password").status()).isEqualTo(200);
    String hash =
        database
            .getCollection("users")
            .find(Filters.eq("email", email))
            .first()
            .getString("passwordHash");
    assertThat(hash).startsWith("$2");

    byte[] stored = storedSecurityContext(browser);

    assertThat(Arrays.copyOf(stored, 2))
        .as("Java serialisation starts with AC ED")
        .isNotEqualTo(new byte[] {(byte) 0xAC, (byte) 0xED});
    String text = new String(stored, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain(hash).doesNotContain("$2a$").doesNotContain("passwordHash");
    JsonNode json = JsonMapper.builder().build().readTree(stored);
    JsonNode principal = json.get("authentication").get("principal");
    assertThat(principal.get("@class").asString()).isEqualTo(QuireUser.class.getName());
    assertThat(principal.get("email").asString()).isEqualTo(email);
    assertThat(storedKey)
        .as("the sessions' own namespace")
        .isEqualTo(
            environment.getProperty("spring.session.data.redis.namespace")
                + ":sessions:"
                + storedKey.substring(storedKey.lastIndexOf(':') + 1));
    // and it reads back: the session goes on working
    assertThat(browser.get("/api/me").json().get("email").asString()).isEqualTo(email);
  }

  /** The stored bytes of the session's security context, straight from Redis. */
  private byte[] storedSecurityContext(ApiClient browser) {
    String cookie = browser.credentials().get("Cookie");
    String value =
        Arrays.stream(cookie.split("; "))
            .filter(c -> c.startsWith("SESSION="))
            .findFirst()
            .orElseThrow()
            .substring("SESSION=".length());
    String sessionId = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    try (RedisConnection connection = redis.getConnection()) {
      // wherever it is: the namespace is checked below
      List<String> keys = new ArrayList<>();
      connection
          .keyCommands()
          .scan(ScanOptions.scanOptions().match("*:sessions:" + sessionId).build())
          .forEachRemaining(k -> keys.add(new String(k, StandardCharsets.UTF_8)));
      assertThat(keys).as("the session " + sessionId).hasSize(1);
      String key = keys.get(0);
      byte[] stored =
          connection
              .hashCommands()
              .hGet(
                  key.getBytes(StandardCharsets.UTF_8),
                  "sessionAttr:SPRING_SECURITY_CONTEXT".getBytes(StandardCharsets.UTF_8));
      assertThat(stored).as("the session " + key).isNotNull();
      storedKey = key;
      return stored;
    }
  }
}
