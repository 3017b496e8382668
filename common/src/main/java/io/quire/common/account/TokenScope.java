package io.quire.common.account;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a personal access token may be used for. A token carries one or more scopes; nothing a token
 * does is allowed by more than the scopes it was created with (ADR 0021).
 */
public enum TokenScope {
  /** Clone, fetch and push over the git bridge, and nothing else. */
  GIT("git"),
  /** Reading the API: {@code GET} and {@code HEAD}. */
  API_READ("api:read"),
  /** The whole API (reading and writing) and the collaboration socket; not the admin endpoints. */
  API("api"),
  /** The admin endpoints, for an administrator's token only. */
  ADMIN("admin");

  /**
   * The reach of a token stored before tokens had scopes: everything such a token could do then
   * (the admin endpoints still only for an administrator). It lasts until the token is revoked.
   */
  public static final Set<TokenScope> LEGACY = EnumSet.allOf(TokenScope.class);

  private final String wireName;

  TokenScope(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the API and in stored tokens. */
  public String wireName() {
    return wireName;
  }

  public static Optional<TokenScope> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }

  /** The valid names, for messages. */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(TokenScope::wireName).toList();
  }

  /** The stored names of some scopes, in this enum's order. */
  public static List<String> wireNames(Collection<TokenScope> scopes) {
    return Arrays.stream(values()).filter(scopes::contains).map(TokenScope::wireName).toList();
  }

  /** Scopes from stored names; names this version does not know grant nothing. */
  public static Set<TokenScope> fromWireNames(Collection<String> names) {
    return names.stream()
        .map(TokenScope::fromWire)
        .flatMap(Optional::stream)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(TokenScope.class)));
  }

  /** Whether a token with {@code granted} may do what needs {@code needed}. */
  public static boolean allows(Set<TokenScope> granted, TokenScope needed) {
    return granted.contains(needed) || (needed == API_READ && granted.contains(API));
  }
}
