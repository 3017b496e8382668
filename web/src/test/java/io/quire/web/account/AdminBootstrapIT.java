package io.quire.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.BrokerCleanup;
import io.quire.testsupport.TestMongo;
import io.quire.web.QuireWebApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The configured administrator on start: created when missing, before the port opens; an existing
 * account with that address that is not an administrator stays what it is.
 */
class AdminBootstrapIT {
  private static final String ADMIN_PASSWORD = "admin-password-1";

  @Test
  void anAccountThatRegisteredTheAdminAddressFirstIsNeverPromotedNorReset() {
    String mongoUri = TestMongo.freshDatabaseUri();
    String address = "admin-" + UUID.randomUUID() + "@university.example";
    String squatterPassword = "the squatter's password";
    try (MongoClient client = MongoClients.create(mongoUri)) {
      UserStore users =
          new UserStore(client.getDatabase(new ConnectionString(mongoUri).getDatabase()));
      users.insert(
          address, new BCryptPasswordEncoder(4).encode(squatterPassword), "Squatter", Role.USER);
    }

    try (ConfigurableApplicationContext web = start(mongoUri, address, event -> {})) {
      User after = web.getBean(UserStore.class).findByEmail(address).orElseThrow();
      assertThat(after.role()).isEqualTo(Role.USER);

      ApiClient squatter = client(web);
      assertThat(squatter.login(address, squatterPassword).status()).isEqualTo(200);
      assertThat(squatter.get("/api/admin/users").status()).isEqualTo(403);
      assertThat(client(web).login(address, ADMIN_PASSWORD).status()).isEqualTo(401);
    }
  }

  @Test
  void theAdministratorExistsBeforeTheServerAcceptsRequests() {
    String address = "admin-" + UUID.randomUUID() + "@quire.example";
    AtomicReference<Boolean> existedWhenThePortOpened = new AtomicReference<>();
    ApplicationListener<WebServerInitializedEvent> listener =
        event -> {
          if (event.getApplicationContext().getServerNamespace() == null) {
            existedWhenThePortOpened.set(
                event
                    .getApplicationContext()
                    .getBean(UserStore.class)
                    .findByEmail(address)
                    .isPresent());
          }
        };

    try (ConfigurableApplicationContext web =
        start(TestMongo.freshDatabaseUri(), address, listener)) {
      assertThat(existedWhenThePortOpened.get()).isTrue();
      assertThat(client(web).login(address, ADMIN_PASSWORD).status()).isEqualTo(200);
    }
  }

  private static ConfigurableApplicationContext start(
      String mongoUri, String adminEmail, ApplicationListener<WebServerInitializedEvent> listener) {
    String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);
    BrokerCleanup.deleteOnExit(prefix);
    Map<String, Object> props =
        Map.of(
            "server.port", 0,
            "quire.mongo.uri", mongoUri,
            "quire.amqp.prefix", prefix,
            "quire.data-dir", System.getProperty("java.io.tmpdir") + "/" + prefix,
            "quire.admin.email", adminEmail,
            "quire.admin.password", ADMIN_PASSWORD);
    List<String> args = new ArrayList<>();
    props.forEach((k, v) -> args.add("--" + k + "=" + v));
    return new SpringApplicationBuilder(QuireWebApplication.class)
        .listeners(listener)
        .run(args.toArray(String[]::new));
  }

  private static ApiClient client(ConfigurableApplicationContext web) {
    return new ApiClient(
        "http://localhost:" + ((WebServerApplicationContext) web).getWebServer().getPort());
  }
}
