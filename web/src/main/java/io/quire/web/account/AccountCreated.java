package io.quire.web.account;

/**
 * Published when an account comes into being (registration or created by an administrator), so
 * other features can act on it, such as turning pending invitations into memberships.
 */
public record AccountCreated(String userId, String email) {}
