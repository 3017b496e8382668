package io.quire.web.account;

import java.time.Instant;

/**
 * A user account as stored in the {@code users} collection.
 *
 * @param sessionEpoch moves on with every password change; a session signed in at an older epoch
 *     has ended (0 for accounts that never changed their password)
 * @param emailVerified false only for an account that registered while verification was required
 *     and has not opened its verification link yet (ADR 0025)
 */
public record User(
    String id,
    String email,
    String passwordHash,
    String name,
    Role role,
    boolean disabled,
    Instant created,
    long sessionEpoch,
    boolean emailVerified) {

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}
