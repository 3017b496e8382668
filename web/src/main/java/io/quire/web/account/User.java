package io.quire.web.account;

import java.time.Instant;

/**
 * A user account as stored in the {@code users} collection.
 *
 * @param sessionEpoch moves on with every password change; a session signed in at an older epoch
 *     has ended (0 for accounts that never changed their password)
 */
public record User(
    String id,
    String email,
    String passwordHash,
    String name,
    Role role,
    boolean disabled,
    Instant created,
    long sessionEpoch) {

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
