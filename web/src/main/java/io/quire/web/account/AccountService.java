package io.quire.web.account;

import io.quire.web.system.ApiException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Account rules: password strength, unique addresses, password changes. */
@Service
public class AccountService {
  private static final Set<String> COMMON_PASSWORDS =
      Set.of(
          "password",
          "password1",
          "12345678",
          "123456789",
          "1234567890",
          "qwertyuiop",
          "iloveyou",
          "letmein1",
          "abcdefgh",
          "passw0rd",
          "11111111",
          "00000000",
          "qwerty123",
          "football",
          "baseball",
          "welcome1",
          "sunshine",
          "princess",
          "admin123");

  private final UserStore users;
  private final PasswordEncoder encoder;

  AccountService(UserStore users, PasswordEncoder encoder) {
    this.users = users;
    this.encoder = encoder;
  }

  public User register(String email, String password, String name) {
    checkPassword(password, email);
    return users
        .insert(email, encoder.encode(password), name.trim(), Role.USER)
        .orElseThrow(
            () -> ApiException.conflict("An account with this e-mail address already exists."));
  }

  public Optional<User> find(String id) {
    return users.findById(id);
  }

  public void changePassword(String userId, String current, String replacement) {
    User user = users.findById(userId).orElseThrow(() -> ApiException.notFound("No such user."));
    if (!encoder.matches(current, user.passwordHash())) {
      throw ApiException.badRequest("The current password is wrong.");
    }
    checkPassword(replacement, user.email());
    users.updatePasswordHash(userId, encoder.encode(replacement));
  }

  /** Refuses passwords that are short, common, or the e-mail address itself. */
  static void checkPassword(String password, String email) {
    if (password == null || password.length() < 8) {
      throw ApiException.badRequest("The password must have at least 8 characters.");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (COMMON_PASSWORDS.contains(lower)
        || lower.chars().distinct().count() < 4
        || lower.equals(UserStore.normaliseEmail(email))) {
      throw ApiException.badRequest("This password is too easy to guess; choose another.");
    }
  }
}
