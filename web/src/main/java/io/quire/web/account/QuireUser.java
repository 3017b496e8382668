package io.quire.web.account;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in user as Spring Security sees it, kept in the (Redis) session as JSON. It carries
 * the password hash only while a sign-in checks the password: the authentication manager erases it
 * right after ({@link CredentialsContainer}), so no session ever holds it, and the hash is never
 * written to JSON in any case.
 *
 * @param sessionEpoch the account's session epoch when this user signed in; a password change moves
 *     the account's epoch on, which ends every session holding an older one (ADR 0022)
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@class")
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class QuireUser implements UserDetails, CredentialsContainer, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final String id;
  private final String email;
  private final String name;
  private final Role role;
  private final boolean disabled;
  private final long sessionEpoch;
  @JsonIgnore private transient String passwordHash;

  public QuireUser(
      String id, String email, String name, Role role, String passwordHash, boolean disabled) {
    this(id, email, name, role, passwordHash, disabled, 0);
  }

  public QuireUser(
      String id,
      String email,
      String name,
      Role role,
      String passwordHash,
      boolean disabled,
      long sessionEpoch) {
    this.id = id;
    this.email = email;
    this.name = name;
    this.role = role;
    this.passwordHash = passwordHash;
    this.disabled = disabled;
    this.sessionEpoch = sessionEpoch;
  }

  /** Read back from a session: never with a hash. */
  @JsonCreator
  static QuireUser fromSession(
      @JsonProperty("id") String id,
      @JsonProperty("email") String email,
      @JsonProperty("name") String name,
      @JsonProperty("role") Role role,
      @JsonProperty("disabled") boolean disabled,
      @JsonProperty("sessionEpoch") long sessionEpoch) {
    return new QuireUser(id, email, name, role, null, disabled, sessionEpoch);
  }

  public static QuireUser of(User user) {
    return new QuireUser(
        user.id(),
        user.email(),
        user.name(),
        user.role(),
        user.passwordHash(),
        user.disabled(),
        user.sessionEpoch());
  }

  /** The same user with a new session epoch, and without a hash. */
  QuireUser withSessionEpoch(long epoch) {
    return new QuireUser(id, email, name, role, null, disabled, epoch);
  }

  public String id() {
    return id;
  }

  public String email() {
    return email;
  }

  public String name() {
    return name;
  }

  public Role role() {
    return role;
  }

  public boolean disabled() {
    return disabled;
  }

  public long sessionEpoch() {
    return sessionEpoch;
  }

  /** The bcrypt hash while a sign-in checks it; {@code null} once erased. */
  public String passwordHash() {
    return passwordHash;
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  @Override
  public void eraseCredentials() {
    passwordHash = null;
  }

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
  }

  @Override
  public String getPassword() {
    return passwordHash;
  }

  @Override
  public String getUsername() {
    return email;
  }

  @Override
  public boolean isEnabled() {
    return !disabled;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof QuireUser user
        && id.equals(user.id)
        && sessionEpoch == user.sessionEpoch
        && role == user.role
        && disabled == user.disabled;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, sessionEpoch);
  }

  /** Never shows the hash, also not in logs. */
  @Override
  public String toString() {
    return "QuireUser[" + id + ", " + email + "]";
  }
}
