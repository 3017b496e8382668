package io.quire.web.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.web.WebTestProperties;
import io.quire.web.mail.Inbox.Mail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * E-mail against a real SMTP server (GreenMail) and the real broker: every message arrives with a
 * link that works, once; registration and password reset answer alike whatever the address; an
 * account whose address is not verified stays away from projects.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MailIT {
  private static final String PASSWORD = "a good long password";
  private static final Inbox INBOX = new Inbox().start();

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    registry.add("quire.public-url", () -> "https://quire.example");
    registry.add("quire.smtp.host", () -> "127.0.0.1");
    registry.add("quire.smtp.port", INBOX::port);
    registry.add("quire.smtp.security", () -> "none");
    registry.add("quire.mail.from", () -> "Quire <quire@quire.example>");
    registry.add("quire.mail.throttle.per-client-address", () -> 5);
    // each test speaks from an address of its own (X-Forwarded-For), so limits do not mix
    registry.add("quire.trusted-proxies", () -> "127.0.0.1, ::1");
  }

  @AfterAll
  static void stopInbox() {
    INBOX.close();
  }

  @LocalServerPort int port;
  @Autowired MongoDatabase database;

  private static final java.util.concurrent.atomic.AtomicInteger CLIENTS =
      new java.util.concurrent.atomic.AtomicInteger();
  private final String clientAddress = "198.51.100." + CLIENTS.incrementAndGet();

  @Test
  void aNewAccountVerifiesItsAddressByTheMailedLinkBeforeItMayUseProjects() {
    String address = email("new");
    ApiClient client = client();

    Response registered = client.register(address, PASSWORD, "New");

    assertThat(registered.status()).as(registered.text()).isEqualTo(202);
    assertThat(client.get("/api/me").status()).as("registration signs nobody in").isEqualTo(401);
    Mail mail = INBOX.await(address, 1);
    assertThat(mail.subject()).contains("Confirm your e-mail address");
    assertThat(mail.html()).contains("https://quire.example/verify-email#");
    String token = mail.token("https://quire.example/verify-email");

    assertThat(client.login(address, PASSWORD).status()).isEqualTo(200);
    assertThat(client.get("/api/me").json().get("emailVerified").asBoolean()).isFalse();
    Response refused = client.postJson("/api/projects", Map.of("name", "Paper"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.text()).contains("verif");
    assertThat(client.get("/api/projects").status()).isEqualTo(403);
    assertThat(client.get("/%61pi/projects").status()).as("an encoded spelling").isIn(400, 403);
    assertThat(client.postJson("/api/me/tokens", Map.of("name", "t")).status()).isEqualTo(403);
    assertThat(client.get("/pages/verify-email.html").status()).isEqualTo(200);

    Response verified = client.postJson("/api/auth/verify-email", Map.of("token", token));

    assertThat(verified.status()).as(verified.text()).isEqualTo(204);
    assertThat(client.get("/api/me").json().get("emailVerified").asBoolean()).isTrue();
    assertThat(client.postJson("/api/projects", Map.of("name", "Paper")).status()).isEqualTo(201);
    Response again = client.postJson("/api/auth/verify-email", Map.of("token", token));
    assertThat(again.status()).as("a link works once").isEqualTo(400);
  }

  @Test
  void registeringATakenAddressAnswersAsForANewOneAndTellsTheOwner() {
    String taken = email("taken");
    verifiedUser(taken);
    String fresh = email("fresh");

    ApiClient takenClient = client();
    ApiClient freshClient = client();
    Response forTaken = takenClient.register(taken, PASSWORD, "Someone Else");
    Response forFresh = freshClient.register(fresh, PASSWORD, "Someone Else");

    assertThat(forTaken.status()).isEqualTo(forFresh.status()).isEqualTo(202);
    assertThat(fieldNames(forTaken.json())).isEqualTo(fieldNames(forFresh.json()));
    assertThat(forTaken.json().get("next")).isEqualTo(forFresh.json().get("next"));
    assertThat(takenClient.get("/api/me").status()).isEqualTo(401);
    assertThat(freshClient.get("/api/me").status()).isEqualTo(401);
    Mail note = INBOX.await(taken, 2);
    assertThat(note.subject()).contains("Someone tried to register");
    assertThat(note.text()).contains("https://quire.example/reset-password");
    assertThat(INBOX.await(fresh, 1).subject()).contains("Confirm");
    // the taken address's owner still signs in with their own password
    assertThat(client().login(taken, PASSWORD).status()).isEqualTo(200);
    assertThat(client().login(taken, "another " + PASSWORD).status()).isEqualTo(401);
  }

  @Test
  void theResetLinkWorksOnceAndEndsEveryOtherSession() {
    String address = email("forgetful");
    ApiClient earlier = verifiedUser(address);
    assertThat(earlier.get("/api/projects").status()).isEqualTo(200);

    Response asked =
        client().postJson("/api/auth/password-reset", Map.of("email", address.toUpperCase()));

    assertThat(asked.status()).isEqualTo(202);
    Mail mail = INBOX.await(address, 2);
    assertThat(mail.subject()).contains("Reset your Quire password");
    assertThat(mail.text()).contains("60 minutes");
    String token = mail.token("https://quire.example/reset-password");
    assertThat(client().get("/reset-password").status()).isEqualTo(200);

    ApiClient browser = client();
    Response weak = confirm(browser, token, "short");
    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.text()).contains("password");
    Response done = confirm(browser, token, "a brand new password");
    assertThat(done.status()).as(done.text()).isEqualTo(204);

    assertThat(earlier.get("/api/projects").status()).as("the other session ended").isEqualTo(401);
    assertThat(client().login(address, PASSWORD).status()).isEqualTo(401);
    assertThat(client().login(address, "a brand new password").status()).isEqualTo(200);
    Response reused = confirm(client(), token, "yet another password");
    assertThat(reused.status()).as("the link works once").isEqualTo(400);
    assertThat(client().login(address, "a brand new password").status()).isEqualTo(200);
  }

  @Test
  void wrongExpiredReplacedAndOtherUsersTokensAreRefused() {
    String ada = email("ada");
    String bob = email("bob");
    verifiedUser(ada);
    verifiedUser(bob);
    requestReset(ada);
    String first = INBOX.await(ada, 2).token("https://quire.example/reset-password");
    requestReset(ada);
    String adaToken = INBOX.await(ada, 3).token("https://quire.example/reset-password");
    requestReset(bob);
    String bobToken = INBOX.await(bob, 2).token("https://quire.example/reset-password");
    String adaId = adaToken.substring(0, adaToken.indexOf('.'));
    String bobSecret = bobToken.substring(bobToken.indexOf('.') + 1);
    char last = adaToken.charAt(adaToken.length() - 1);

    List<String> refused = new ArrayList<>();
    refused.add(first); // replaced by a newer one
    refused.add(adaId + "." + bobSecret); // another user's secret
    refused.add(adaToken.substring(0, adaToken.length() - 1) + (last == 'A' ? 'B' : 'A'));
    refused.add(adaId);
    refused.add("not-a-token");
    refused.add(adaToken.replace('.', '-'));
    for (String token : refused) {
      assertThat(confirm(client(), token, "a brand new password").status())
          .as(token)
          .isEqualTo(400);
    }
    // a reset token is no verification token, and the other way round
    assertThat(client().postJson("/api/auth/verify-email", Map.of("token", adaToken)).status())
        .isEqualTo(400);

    // an hour passes
    database
        .getCollection("emailTokens")
        .updateMany(
            Filters.eq("userId", userId(ada)),
            Updates.set("expires", Date.from(Instant.now().minusSeconds(1))));
    assertThat(confirm(client(), adaToken, "a brand new password").status()).isEqualTo(400);
    assertThat(client().login(ada, PASSWORD).status()).isEqualTo(200);
    // Bob's own link still works for Bob only
    assertThat(confirm(client(), bobToken, "a brand new password").status()).isEqualTo(204);
    assertThat(client().login(ada, "a brand new password").status()).isEqualTo(401);
  }

  @Test
  void aVerificationLinkOfAnotherAccountIsRefusedWhileSignedIn() {
    String ada = email("ada-v");
    client().register(ada, PASSWORD, "Ada");
    String adaToken = INBOX.await(ada, 1).token("https://quire.example/verify-email");
    ApiClient mallory = verifiedUser(email("mallory"));

    Response refused = mallory.postJson("/api/auth/verify-email", Map.of("token", adaToken));

    assertThat(refused.status()).isEqualTo(403);
    ApiClient adaClient = client();
    adaClient.login(ada, PASSWORD);
    assertThat(adaClient.get("/api/me").json().get("emailVerified").asBoolean()).isFalse();
    assertThat(adaClient.postJson("/api/auth/verify-email", Map.of("token", adaToken)).status())
        .isEqualTo(204);
  }

  @Test
  void aDisabledAccountGetsNoResetLinkAndItsEarlierLinkStopsWorking() {
    String address = email("disabled");
    verifiedUser(address);
    requestReset(address);
    String token = INBOX.await(address, 2).token("https://quire.example/reset-password");
    ApiClient admin = client();
    assertThat(admin.login("admin@quire.local", "admin-password-1").status()).isEqualTo(200);
    Response disabled =
        admin.postJson(
            "/api/admin/users/" + userId(address) + "/disabled", Map.of("disabled", true));
    assertThat(disabled.status()).as(disabled.text()).isEqualTo(200);

    assertThat(requestReset(address).status()).isEqualTo(202);
    assertThat(confirm(client(), token, "a brand new password").status()).isEqualTo(400);

    // a later message would be the third; the one queued now would have arrived by the time a new
    // registration's verification reaches its own address
    String other = email("after-disabled");
    client().register(other, PASSWORD, "Other");
    INBOX.await(other, 1);
    assertThat(INBOX.to(address)).hasSize(2);
  }

  @Test
  void aResetForAnUnknownAddressAnswersTheSameAndSendsNothing() {
    String known = email("known");
    verifiedUser(known);
    String unknown = email("nobody");

    Response forKnown = requestReset(known);
    Response forUnknown = requestReset(unknown);

    assertThat(forKnown.status()).isEqualTo(forUnknown.status()).isEqualTo(202);
    assertThat(forKnown.text()).isEqualTo(forUnknown.text());
    INBOX.await(known, 2);
    assertThat(INBOX.to(unknown)).isEmpty();
  }

  @Test
  void resetRequestsAreLimitedPerClientAddressAndPerRecipient() {
    String address = email("flooded");
    verifiedUser(address);
    ApiClient attacker = client();
    for (int i = 0; i < 5; i++) {
      Response r = attacker.postJson("/api/auth/password-reset", Map.of("email", address));
      assertThat(r.status()).isEqualTo(202);
    }
    Response sixth = attacker.postJson("/api/auth/password-reset", Map.of("email", address));
    assertThat(sixth.status()).isEqualTo(429);
    assertThat(sixth.json().get("retryAfterSeconds").asLong()).isPositive();
    // only three reset messages reached the mailbox (plus the verification)
    INBOX.await(address, 4);
    assertThat(INBOX.to(address)).hasSize(4);
  }

  @Test
  void anInvitationIsMailedWithALinkThatJoinsTheProject() {
    ApiClient owner = verifiedUser(email("owner"));
    String project =
        owner.postJson("/api/projects", Map.of("name", "Paper")).json().get("id").asString();
    String invited = email("invited");

    Response answer =
        owner.postJson(
            "/api/projects/" + project + "/collaborators",
            Map.of("email", invited, "access", "readWrite"));

    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    assertThat(answer.json().get("delivered").asBoolean()).isTrue();
    Mail mail = INBOX.await(invited, 1);
    assertThat(mail.subject()).contains("Paper");
    String inviteId = answer.json().get("inviteId").asString();
    String secret = mail.token("https://quire.example/invite/" + inviteId);
    assertThat(answer.text()).as("the inviter never sees the secret").doesNotContain(secret);
    assertThat(mail.html()).contains("https://quire.example/invite/" + inviteId + "#" + secret);

    ApiClient guest = verifiedUser(invited);
    Response accepted =
        guest.postJson("/api/invites/" + inviteId + "/accept", Map.of("token", secret));
    assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
    assertThat(guest.get("/api/projects/" + project).json().get("access").asString())
        .isEqualTo("readWrite");
  }

  private ApiClient verifiedUser(String address) {
    int before = INBOX.to(address).size();
    Response registered = client().register(address, PASSWORD, "User");
    assertThat(registered.status()).as(registered.text()).isEqualTo(202);
    String token = INBOX.await(address, before + 1).token("https://quire.example/verify-email");
    ApiClient client = client();
    assertThat(client.postJson("/api/auth/verify-email", Map.of("token", token)).status())
        .isEqualTo(204);
    assertThat(client.login(address, PASSWORD).status()).isEqualTo(200);
    return client;
  }

  private Response requestReset(String address) {
    Response r = client().postJson("/api/auth/password-reset", Map.of("email", address));
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    return r;
  }

  private static Response confirm(ApiClient client, String token, String password) {
    return client.postJson(
        "/api/auth/password-reset/confirm", Map.of("token", token, "password", password));
  }

  private String userId(String address) {
    return database
        .getCollection("users")
        .find(Filters.eq("email", address))
        .first()
        .getObjectId("_id")
        .toHexString();
  }

  private ApiClient client() {
    return new ApiClient("http://localhost:" + port).withHeader("X-Forwarded-For", clientAddress);
  }

  private static String email(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>(node.propertyNames());
    java.util.Collections.sort(names);
    return names;
  }
}
