package io.quire.web.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.web.account.QuireUser;
import io.quire.web.account.Role;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Every failed sign-in costs one bcrypt comparison, whether the address is unknown, the account
 * disabled or the password wrong, so the answer's timing does not tell them apart.
 */
class SignInTimingTest {
  private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
  private final AtomicInteger comparisons = new AtomicInteger();

  /** The real bcrypt, counting its comparisons. */
  private final PasswordEncoder counting =
      new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
          return bcrypt.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
          comparisons.incrementAndGet();
          return bcrypt.matches(raw, encoded);
        }
      };

  private final Map<String, QuireUser> accounts =
      Map.of(
          "active@example.org",
          new QuireUser(
              "1", "active@example.org", "A", Role.USER, bcrypt.encode("right password"), false),
          "disabled@example.org",
          new QuireUser(
              "2", "disabled@example.org", "D", Role.USER, bcrypt.encode("right password"), true));

  private final UserDetailsService users =
      email -> {
        QuireUser user = accounts.get(email);
        if (user == null) {
          throw new UsernameNotFoundException("no such user");
        }
        // a fresh copy per sign-in, as the real service loads one: a successful sign-in erases
        // the hash of the user it returned
        return new QuireUser(
            user.id(),
            user.email(),
            user.name(),
            user.role(),
            user.passwordHash(),
            user.disabled());
      };

  private final AuthenticationManager manager =
      new SecurityConfiguration().authenticationManager(users, counting);

  @Test
  void aDisabledAccountIsCheckedAfterThePasswordComparison() {
    assertRefusedAfterOneComparison("disabled@example.org", "right password");
    assertRefusedAfterOneComparison("disabled@example.org", "wrong password");
  }

  @Test
  void anUnknownAddressAndAWrongPasswordCostOneComparisonToo() {
    assertRefusedAfterOneComparison("nobody@example.org", "right password");
    assertRefusedAfterOneComparison("active@example.org", "wrong password");
  }

  @Test
  void theRightPasswordOfAnActiveAccountSignsIn() {
    var result =
        manager.authenticate(
            UsernamePasswordAuthenticationToken.unauthenticated(
                "active@example.org", "right password"));

    assertThat(result.isAuthenticated()).isTrue();
  }

  private void assertRefusedAfterOneComparison(String email, String password) {
    // the unknown-user path hashes a dummy password once before its first comparison
    manager.authenticate(
        UsernamePasswordAuthenticationToken.unauthenticated(
            "active@example.org", "right password"));
    comparisons.set(0);

    assertThatThrownBy(
            () ->
                manager.authenticate(
                    UsernamePasswordAuthenticationToken.unauthenticated(email, password)))
        .isInstanceOf(AuthenticationException.class);
    assertThat(comparisons).as(email + " / " + password).hasValue(1);
  }
}
