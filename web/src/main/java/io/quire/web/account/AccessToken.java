package io.quire.web.account;

import java.time.Instant;
import java.util.List;

/**
 * A personal access token as listed to its owner (the secret itself is never stored).
 *
 * @param scopes what the token may be used for ({@code git}, {@code api:read}, {@code api}, {@code
 *     admin})
 * @param expires when it stops working; {@code null} only for a token created to never expire (or
 *     created before tokens expired by default)
 * @param legacy created before tokens had scopes: it keeps the reach it had until revoked
 */
public record AccessToken(
    String id,
    String name,
    List<String> scopes,
    Instant created,
    Instant lastUsed,
    Instant expires,
    String prefix,
    boolean legacy) {}
