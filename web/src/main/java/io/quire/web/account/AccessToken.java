package io.quire.web.account;

import java.time.Instant;

/** A personal access token as listed to its owner (the secret itself is never stored). */
public record AccessToken(
    String id, String name, Instant created, Instant lastUsed, Instant expires, String prefix) {}
