package io.quire.web.account;

import java.time.Instant;

/** A user account as stored in the {@code users} collection. */
public record User(
    String id,
    String email,
    String passwordHash,
    String name,
    Role role,
    boolean disabled,
    Instant created) {

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
