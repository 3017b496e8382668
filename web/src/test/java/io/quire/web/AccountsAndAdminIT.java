package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Account life cycle, cookies behind a TLS proxy, and the admin API (throttling: {@link
 * io.quire.web.account.LoginThrottleIT}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccountsAndAdminIT {

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    // the test client plays the TLS proxy in front of web
    registry.add("quire.trusted-proxies", () -> "127.0.0.1, ::1");
  }

  @LocalServerPort int port;

  private ApiClient admin;

  @BeforeEach
  void signInAdmin() {
    admin = client();
    assertThat(admin.login("admin@quire.local", "admin-password-1").status()).isEqualTo(200);
    admin.putJson("/api/admin/settings", Map.of("registrationOpen", true));
  }

  private ApiClient client() {
    return new ApiClient("http://localhost:" + port);
  }

  private static String email(String who) {
    return who + "-" + UUID.randomUUID() + "@example.org";
  }

  @Test
  void closedRegistrationRefusesNewAccountsButAdminsCanStillCreateThem() {
    assertThat(admin.putJson("/api/admin/settings", Map.of("registrationOpen", false)).status())
        .isEqualTo(200);
    String address = email("late");

    Response refused = client().register(address, "a good long password", "Late");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("detail").asString()).contains("Registration is closed");

    Response created = admin.postJson("/api/admin/users", Map.of("email", address, "name", "Late"));
    assertThat(created.status()).isEqualTo(201);
    String generated = created.json().get("generatedPassword").asString();
    assertThat(client().login(address, generated).status()).isEqualTo(200);
  }

  @Test
  void aDisabledUserCannotSignInAndTheirSessionsAndTokensStopWorking() {
    ApiClient bob = client();
    String address = email("bob");
    String userId =
        bob.register(address, "a good long password", "Bob").json().get("id").asString();
    String token =
        bob.postJson("/api/me/tokens", Map.of("name", "ci", "scopes", List.of("api")))
            .json()
            .get("token")
            .asString();
    ApiClient script = client().withBearer(token);
    assertThat(script.get("/api/me").status()).isEqualTo(200);

    Response disabled =
        admin.postJson("/api/admin/users/" + userId + "/disabled", Map.of("disabled", true));
    assertThat(disabled.status()).isEqualTo(200);

    assertThat(bob.get("/api/me").status()).isEqualTo(401);
    assertThat(script.get("/api/me").status()).isEqualTo(401);
    assertThat(client().login(address, "a good long password").status()).isEqualTo(401);

    admin.postJson("/api/admin/users/" + userId + "/disabled", Map.of("disabled", false));
    assertThat(client().login(address, "a good long password").status()).isEqualTo(200);
  }

  @Test
  void adminsSearchUsersDeleteThemAndLookProjectsUp() {
    ApiClient carol = client();
    String address = email("carol");
    String userId =
        carol.register(address, "a good long password", "Carol").json().get("id").asString();
    String projectId =
        carol
            .postJson("/api/projects", Map.of("name", "Carol's thesis"))
            .json()
            .get("id")
            .asString();

    assertThat(admin.get("/api/admin/users?q=" + address.substring(0, 20)).text())
        .contains(address);
    Response found = admin.get("/api/admin/projects/" + projectId);
    assertThat(found.status()).isEqualTo(200);
    assertThat(found.json().get("ownerEmail").asString()).isEqualTo(address);
    assertThat(admin.get("/api/admin/projects?q=carol's").text()).contains(projectId);

    assertThat(admin.delete("/api/admin/users/" + userId).status()).isEqualTo(204);

    assertThat(carol.get("/api/me").status()).isEqualTo(401);
    assertThat(admin.get("/api/admin/projects/" + projectId).status()).isEqualTo(404);
    assertThat(admin.get("/api/admin/users?q=" + address).json().size()).isZero();
  }

  @Test
  void theAdminApiIsOnlyForAdmins() {
    ApiClient dave = client();
    dave.register(email("dave"), "a good long password", "Dave");

    assertThat(dave.get("/api/admin/users").status()).isEqualTo(403);
    assertThat(dave.putJson("/api/admin/settings", Map.of("registrationOpen", false)).status())
        .isEqualTo(403);
    assertThat(client().get("/api/admin/users").status()).isEqualTo(401);
  }

  @Test
  void aPasswordChangeNeedsTheCurrentPasswordAndAStrongNewOne() {
    ApiClient erin = client();
    String address = email("erin");
    erin.register(address, "the first password", "Erin");

    Response wrong =
        erin.postJson(
            "/api/me/password",
            Map.of("currentPassword", "not it", "newPassword", "a new strong password"));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().get("errors").get("currentPassword").asString()).contains("wrong");
    Response weak =
        erin.postJson(
            "/api/me/password",
            Map.of("currentPassword", "the first password", "newPassword", "password"));
    assertThat(weak.status()).isEqualTo(400);
    assertThat(client().login(address, "the first password").status()).isEqualTo(200);

    Response changed =
        erin.postJson(
            "/api/me/password",
            Map.of(
                "currentPassword", "the first password", "newPassword", "a new strong password"));
    assertThat(changed.status()).isEqualTo(204);
    assertThat(client().login(address, "the first password").status()).isEqualTo(401);
    assertThat(client().login(address, "a new strong password").status()).isEqualTo(200);
  }

  @Test
  void behindTlsTheSessionAndCsrfCookiesAreSecureAndSameSite() {
    ApiClient proxied = client();
    proxied.get("/api/auth/csrf"); // over plain HTTP, as the test client cannot keep secure cookies
    proxied
        .withHeader("X-Forwarded-Proto", "https")
        .withHeader("X-Forwarded-Host", "quire.example")
        .withOrigin("https://quire.example");

    Response registered = proxied.register(email("tls"), "a good long password", "T");

    assertThat(registered.status()).isEqualTo(201);
    var cookies = registered.headers().getOrDefault("set-cookie", java.util.List.of());
    assertThat(cookies)
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith("SESSION=")
                    .contains("Secure", "HttpOnly", "SameSite=Lax"));
    Response plain = client().get("/api/auth/csrf");
    assertThat(plain.headers().getOrDefault("set-cookie", java.util.List.of()))
        .allSatisfy(c -> assertThat(c).doesNotContain("Secure"));
  }
}
