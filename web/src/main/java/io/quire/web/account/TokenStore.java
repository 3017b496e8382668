package io.quire.web.account;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.quire.common.account.TokenScope;
import io.quire.common.account.TokenVerifier;
import io.quire.common.blob.Hashes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

/**
 * Personal access tokens, for the API ({@code Authorization: Bearer}) and as git passwords. Only a
 * SHA-256 of each token is stored: the tokens are 256-bit random, so a fast hash is enough and a
 * lookup by hash needs no scan. Revoking deletes the record. Checking a token is {@link
 * TokenVerifier}, which git-worker uses too. Every token is stored with its scopes; a record
 * without a {@code scopes} field was made before scopes existed and keeps its old reach (ADR 0021).
 */
@Component
public class TokenStore {
  /** Recognisable prefix, so a leaked token can be spotted by secret scanners. */
  public static final String PREFIX = TokenVerifier.PREFIX;

  private final MongoCollection<Document> tokens;
  private final SecureRandom random = new SecureRandom();
  private final TokenVerifier verifier;

  TokenStore(MongoDatabase database) {
    this.tokens = database.getCollection("tokens");
    tokens.createIndex(Indexes.ascending("hash"), new IndexOptions().unique(true));
    tokens.createIndex(Indexes.ascending("userId"));
    this.verifier = new TokenVerifier(database);
  }

  /** A created token: the secret is shown to the user once and then only its hash exists. */
  public record Created(AccessToken token, String secret) {}

  public Created create(String userId, String name, Set<TokenScope> scopes, Instant expires) {
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("a token needs at least one scope");
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ObjectId id = new ObjectId();
    Instant now = Instant.now();
    Document doc =
        new Document("_id", id)
            .append("userId", userId)
            .append("name", name)
            .append("scopes", TokenScope.wireNames(scopes))
            .append("hash", Hashes.sha256(secret))
            .append("prefix", secret.substring(0, PREFIX.length() + 4))
            .append("created", Date.from(now))
            .append("expires", expires == null ? null : Date.from(expires));
    tokens.insertOne(doc);
    return new Created(toToken(doc), secret);
  }

  /** The token, when it is valid and not expired (the account is not checked); notes its use. */
  public Optional<TokenVerifier.StoredToken> authenticate(String secret) {
    return verifier.find(secret);
  }

  public List<AccessToken> list(String userId) {
    List<AccessToken> found = new ArrayList<>();
    tokens.find(eq("userId", userId)).forEach(d -> found.add(toToken(d)));
    return found;
  }

  /** Revokes a token of the user; false when there is no such token of theirs. */
  public boolean revoke(String userId, String tokenId) {
    if (!ObjectId.isValid(tokenId)) {
      return false;
    }
    return tokens
            .deleteOne(and(eq("_id", new ObjectId(tokenId)), eq("userId", userId)))
            .getDeletedCount()
        == 1;
  }

  public void revokeAll(String userId) {
    tokens.deleteMany(eq("userId", userId));
  }

  private static AccessToken toToken(Document d) {
    List<String> scopes = d.getList("scopes", String.class);
    boolean legacy = scopes == null;
    return new AccessToken(
        d.getObjectId("_id").toHexString(),
        d.getString("name"),
        legacy ? TokenScope.wireNames(TokenScope.LEGACY) : List.copyOf(scopes),
        instant(d.getDate("created")),
        instant(d.getDate("lastUsed")),
        instant(d.getDate("expires")),
        d.getString("prefix"),
        legacy);
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
