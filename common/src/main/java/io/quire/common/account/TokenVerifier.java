package io.quire.common.account;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import io.quire.common.blob.Hashes;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Checks a personal access token against the {@code tokens} collection (only SHA-256 hashes are
 * stored) and the account it belongs to in {@code users}. Shared by web (bearer tokens) and
 * git-worker (tokens as git passwords), so both refuse exactly the same tokens: unknown, revoked
 * (deleted), expired, or belonging to a disabled or deleted account. Each token carries its {@link
 * TokenScope scopes}; a token stored before scopes existed (no {@code scopes} field) keeps the
 * reach it had, {@link TokenScope#LEGACY}, until it is revoked (ADR 0021).
 */
public final class TokenVerifier {
  /** Recognisable prefix of every token, so a leaked token can be spotted by secret scanners. */
  public static final String PREFIX = "qpat_";

  private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

  private final MongoCollection<Document> tokens;
  private final MongoCollection<Document> users;

  public TokenVerifier(MongoDatabase database) {
    this.tokens = database.getCollection("tokens");
    this.users = database.getCollection("users");
  }

  /**
   * A stored token that exists and has not expired.
   *
   * @param legacy stored before tokens had scopes: its scopes are {@link TokenScope#LEGACY}
   */
  public record StoredToken(String id, String userId, Set<TokenScope> scopes, boolean legacy) {
    public StoredToken {
      scopes = scopes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(scopes));
    }

    public boolean allows(TokenScope needed) {
      return TokenScope.allows(scopes, needed);
    }
  }

  /** The active account behind a token, and what the token may do. */
  public record TokenUser(
      String userId, String name, String email, boolean admin, Set<TokenScope> scopes) {
    public boolean allows(TokenScope needed) {
      return TokenScope.allows(scopes, needed);
    }
  }

  /** Whether a secret has the form of a token (and so is worth a lookup). */
  public static boolean looksLikeToken(String secret) {
    return secret != null && secret.startsWith(PREFIX) && secret.length() > PREFIX.length();
  }

  /**
   * The token, when it exists and has not expired; notes its use (at most once a minute, to keep
   * writes down). Does not look at the account: see {@link #verify}.
   */
  public Optional<StoredToken> find(String secret) {
    if (!looksLikeToken(secret)) {
      return Optional.empty();
    }
    Document doc = tokens.find(eq("hash", Hashes.sha256(secret))).first();
    if (doc == null) {
      return Optional.empty();
    }
    Date expires = doc.getDate("expires");
    Instant now = Instant.now();
    if (expires != null && expires.toInstant().isBefore(now)) {
      return Optional.empty();
    }
    Date lastUsed = doc.getDate("lastUsed");
    if (lastUsed == null || lastUsed.toInstant().plus(LAST_USED_GRANULARITY).isBefore(now)) {
      tokens.updateOne(eq("_id", doc.getObjectId("_id")), Updates.set("lastUsed", Date.from(now)));
    }
    String userId = doc.getString("userId");
    if (userId == null) {
      return Optional.empty();
    }
    List<String> names = doc.getList("scopes", String.class);
    boolean legacy = names == null;
    Set<TokenScope> scopes = legacy ? TokenScope.LEGACY : TokenScope.fromWireNames(names);
    return Optional.of(
        new StoredToken(doc.getObjectId("_id").toHexString(), userId, scopes, legacy));
  }

  /** The account of a valid token, unless that account is disabled or gone. */
  public Optional<TokenUser> verify(String secret) {
    return find(secret).flatMap(this::activeUser);
  }

  private Optional<TokenUser> activeUser(StoredToken token) {
    String userId = token.userId();
    if (!ObjectId.isValid(userId)) {
      return Optional.empty();
    }
    Document user = users.find(eq("_id", new ObjectId(userId))).first();
    if (user == null || user.getBoolean("disabled", false)) {
      return Optional.empty();
    }
    return Optional.of(
        new TokenUser(
            userId,
            user.getString("name"),
            user.getString("email"),
            "ADMIN".equals(user.getString("role")),
            token.scopes()));
  }
}
