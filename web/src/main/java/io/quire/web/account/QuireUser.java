package io.quire.web.account;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in user as Spring Security sees it; kept in the (Redis) session, so only plain
 * serialisable fields.
 */
public record QuireUser(
    String id, String email, String name, Role role, String passwordHash, boolean disabled)
    implements UserDetails, Serializable {

  static QuireUser of(User user) {
    return new QuireUser(
        user.id(), user.email(), user.name(), user.role(), user.passwordHash(), user.disabled());
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
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

  /** Never shows the hash, also not in logs. */
  @Override
  public String toString() {
    return "QuireUser[" + id + ", " + email + "]";
  }
}
