package io.quire.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.web.WebTestProperties;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Sign-in and registration throttling behind a proxy Quire trusts (so each test client can come
 * from an address of its own): guessers are slowed down, but nobody can lock the owner of an
 * account out, and no answer tells whether an address has an account.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoginThrottleIT {
  private static final String PASSWORD = "the right password";

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    registry.add("quire.trusted-proxies", () -> "127.0.0.1, ::1");
    registry.add("quire.accounts.login-throttle.per-account-total", () -> 30);
    registry.add("quire.accounts.registration-throttle.per-address", () -> 3);
  }

  @LocalServerPort int port;

  @Test
  void guessingFromManyAddressesDoesNotLockTheOwnerOut() {
    String victim = email("victim");
    String home = randomAddress();
    assertThat(from(home).register(victim, PASSWORD, "Victim").status()).isEqualTo(201);
    assertThat(from(home).login(victim, PASSWORD).status()).isEqualTo(200);

    // a botnet: every address a few guesses, far more than any per-account limit in total
    for (int i = 0; i < 40; i++) {
      Response guess = from(randomAddress()).login(victim, "guess " + i);
      assertThat(guess.status()).as("guess " + i).isIn(401, 429);
    }

    assertThat(from(home).login(victim, PASSWORD).status()).isEqualTo(200);
    // while the attack lasts, an address the account never signed in from waits
    Response elsewhere = from(randomAddress()).login(victim, PASSWORD);
    assertThat(elsewhere.status()).isEqualTo(429);
    assertThat(elsewhere.json().get("detail").asString()).contains("Too many sign-in attempts");
  }

  @Test
  void the11thAttemptOnOneAccountFromOneAddressIsRefusedEvenWithTheRightPassword() {
    String victim = email("victim");
    from(randomAddress()).register(victim, PASSWORD, "Victim");
    ApiClient guesser = from(randomAddress());
    for (int i = 1; i <= 10; i++) {
      assertThat(guesser.login(victim, "wrong guess " + i).status()).isEqualTo(401);
    }

    Response refused = guesser.login(victim, PASSWORD);

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().get("detail").asString()).contains("Too many sign-in attempts");
    assertThat(refused.json().get("retryAfterSeconds").asLong()).isPositive();
    // the owner, elsewhere, is not affected by that guesser
    assertThat(from(randomAddress()).login(victim, PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void the21stLoginAttemptFromOneAddressInAMinuteIsRefusedWith429() {
    ApiClient guesser = from(randomAddress());
    for (int i = 1; i <= 20; i++) {
      // a different account each time, so only the per-address limit can trip
      Response attempt = guesser.login(email("nobody" + i), "wrong password " + i);
      assertThat(attempt.status()).as("attempt " + i).isEqualTo(401);
    }

    Response refused = guesser.login(email("nobody21"), "wrong password");

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().get("detail").asString()).contains("from your address");
  }

  @Test
  void registrationIsThrottledPerAddress() {
    String address = randomAddress();
    for (int i = 1; i <= 3; i++) {
      Response created = from(address).register(email("reg" + i), PASSWORD, "R" + i);
      assertThat(created.status()).as("registration " + i).isEqualTo(201);
    }

    Response refused = from(address).register(email("reg4"), PASSWORD, "R4");

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().get("detail").asString()).contains("Too many registrations");
    assertThat(refused.json().get("retryAfterSeconds").asLong()).isPositive();
    assertThat(from(randomAddress()).register(email("reg5"), PASSWORD, "R5").status())
        .isEqualTo(201);
  }

  @Test
  void aFailedSignInSaysTheSameWhetherTheAccountExistsIsDisabledOrTheGuessIsWrong() {
    String known = email("known");
    ApiClient holder = from(randomAddress());
    String userId = holder.register(known, PASSWORD, "Known").json().get("id").asString();
    String disabled = email("disabled");
    String disabledId =
        from(randomAddress()).register(disabled, PASSWORD, "Gone").json().get("id").asString();
    ApiClient admin = from(randomAddress());
    assertThat(admin.login("admin@quire.local", "admin-password-1").status()).isEqualTo(200);
    assertThat(
            admin
                .postJson("/api/admin/users/" + disabledId + "/disabled", Map.of("disabled", true))
                .status())
        .isEqualTo(200);
    assertThat(userId).isNotBlank();

    Response unknown = from(randomAddress()).login(email("nobody"), PASSWORD);
    Response wrong = from(randomAddress()).login(known, "not the password");
    Response off = from(randomAddress()).login(disabled, PASSWORD);

    assertThat(unknown.status()).isEqualTo(wrong.status()).isEqualTo(off.status()).isEqualTo(401);
    assertThat(unknown.text()).isEqualTo(wrong.text()).isEqualTo(off.text());
  }

  private ApiClient from(String address) {
    return new ApiClient("http://localhost:" + port).withHeader("X-Forwarded-For", address);
  }

  /** An address of the documentation range 198.18.0.0/15, different in each call. */
  private static String randomAddress() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "198."
        + (18 + random.nextInt(2))
        + "."
        + random.nextInt(256)
        + "."
        + random.nextInt(256);
  }

  private static String email(String who) {
    return who + "-" + UUID.randomUUID() + "@example.org";
  }
}
