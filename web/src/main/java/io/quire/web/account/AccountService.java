package io.quire.web.account;

import io.quire.web.system.ApiException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
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
  private final SiteSettings settings;
  private final TokenStore tokens;
  private final ApplicationEventPublisher events;
  private final SecureRandom random = new SecureRandom();

  AccountService(
      UserStore users,
      PasswordEncoder encoder,
      SiteSettings settings,
      TokenStore tokens,
      ApplicationEventPublisher events) {
    this.users = users;
    this.encoder = encoder;
    this.settings = settings;
    this.tokens = tokens;
    this.events = events;
  }

  /** Self-service registration, refused while an administrator has closed it. */
  public User register(String email, String password, String name) {
    if (!settings.registrationOpen()) {
      throw ApiException.forbidden(
          "Registration is closed on this server; ask an administrator for an account.");
    }
    return create(email, password, name, Role.USER);
  }

  /**
   * Self-service registration whose address must be verified, refused while registration is closed.
   * The password is checked and hashed whether the address is free or not, so both answer alike and
   * in about the same time (ADR 0025).
   *
   * @return the new account, or empty when the address has one already
   */
  public Optional<User> registerIfFree(String email, String password, String name) {
    if (!settings.registrationOpen()) {
      throw ApiException.forbidden(
          "Registration is closed on this server; ask an administrator for an account.");
    }
    checkPassword(password, email);
    Optional<User> user =
        users.insert(email, encoder.encode(password), name.trim(), Role.USER, false);
    user.ifPresent(u -> events.publishEvent(new AccountCreated(u.id(), u.email())));
    return user;
  }

  /** An account created by an administrator, with a generated password when none is given. */
  public record Created(User user, String generatedPassword) {}

  public Created createByAdmin(String email, String password, String name, Role role) {
    boolean generate = password == null || password.isBlank();
    String chosen = generate ? generatePassword() : password;
    return new Created(create(email, chosen, name, role), generate ? chosen : null);
  }

  private User create(String email, String password, String name, Role role) {
    checkPassword(password, email);
    User user =
        users
            .insert(email, encoder.encode(password), name.trim(), role)
            .orElseThrow(
                () ->
                    ApiException.conflict("An account with this e-mail address already exists.")
                        .with(
                            "errors",
                            java.util.Map.of(
                                "email", "An account with this e-mail address already exists.")));
    events.publishEvent(new AccountCreated(user.id(), user.email()));
    return user;
  }

  /**
   * Disabling also revokes the account's tokens and ends its sessions: a session is refused on its
   * next request, an open collaboration socket is closed at once.
   */
  public void setDisabled(String userId, boolean disabled) {
    if (!users.setDisabled(userId, disabled)) {
      throw ApiException.notFound("No such user.");
    }
    if (disabled) {
      tokens.revokeAll(userId);
      events.publishEvent(new SessionsEnded(userId, null, -1, "This account was disabled."));
    }
  }

  /** Deletes an account with its tokens; its sessions and sockets end as when disabled. */
  public void delete(String userId) {
    tokens.revokeAll(userId);
    if (!users.delete(userId)) {
      throw ApiException.notFound("No such user.");
    }
    events.publishEvent(new SessionsEnded(userId, null, -1, "This account was deleted."));
  }

  private String generatePassword() {
    byte[] bytes = new byte[15];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public Optional<User> find(String id) {
    return users.findById(id);
  }

  /**
   * Changes the password and ends every other session of the account (and their sockets): the
   * account's session epoch moves on, and only {@code keptSessionId} is told the new one.
   *
   * @return the account's new session epoch, for the session that made the change
   */
  public long changePassword(
      String userId, String current, String replacement, String keptSessionId) {
    User user = users.findById(userId).orElseThrow(() -> ApiException.notFound("No such user."));
    if (!encoder.matches(current, user.passwordHash())) {
      throw ApiException.badRequest("The current password is wrong.")
          .with("errors", java.util.Map.of("currentPassword", "The current password is wrong."));
    }
    checkPassword(replacement, user.email());
    long epoch = users.updatePasswordHash(userId, encoder.encode(replacement));
    events.publishEvent(
        new SessionsEnded(
            userId,
            keptSessionId,
            epoch,
            "The password of this account was changed in another session."));
    return epoch;
  }

  /** Names the field, so a form can show the message next to it. */
  private static ApiException passwordProblem(String message) {
    return ApiException.badRequest(message).with("errors", java.util.Map.of("password", message));
  }

  /** Refuses passwords that are short, common, or the e-mail address itself. */
  static void checkPassword(String password, String email) {
    if (password == null || password.length() < 8) {
      throw passwordProblem("The password must have at least 8 characters.");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (COMMON_PASSWORDS.contains(lower)
        || lower.chars().distinct().count() < 4
        || lower.equals(UserStore.normaliseEmail(email))) {
      throw passwordProblem("This password is too easy to guess; choose another.");
    }
  }
}
