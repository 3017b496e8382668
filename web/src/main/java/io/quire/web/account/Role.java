package io.quire.web.account;

/** What a user may do beyond their own projects. */
public enum Role {
  USER,
  ADMIN
}
