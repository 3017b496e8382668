package io.quire.web.account;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import io.quire.common.blob.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

/**
 * The secrets of e-mailed links ({@code emailTokens}): a token is {@code <id>.<secret>}; only the
 * secret's SHA-256 is stored, compared in constant time. A token works once, until it expires, and
 * only the newest of one account and purpose works.
 */
@Component
class EmailTokens {
  private static final int SECRET_BYTES = 32;

  /** What a token lets its holder do. */
  enum Purpose {
    PASSWORD_RESET,
    VERIFY_EMAIL
  }

  /** A valid token, not yet used up: {@link #use} ends it. */
  record Grant(String id, String userId, String email) {}

  private final MongoCollection<Document> tokens;
  private final SecureRandom random = new SecureRandom();

  EmailTokens(MongoDatabase database) {
    this.tokens = database.getCollection("emailTokens");
    tokens.createIndex(Indexes.ascending("userId", "purpose"));
  }

  /** A new token for the account's address; earlier ones of the same purpose stop working. */
  String issue(String userId, String email, Purpose purpose, Duration validFor) {
    tokens.deleteMany(and(eq("userId", userId), eq("purpose", purpose.name())));
    // expired tokens of anyone go too: nothing else removes them
    tokens.deleteMany(Filters.lt("expires", new Date()));
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ObjectId id = new ObjectId();
    tokens.insertOne(
        new Document("_id", id)
            .append("userId", userId)
            .append("email", email)
            .append("purpose", purpose.name())
            .append("hash", Hashes.sha256(secret))
            .append("expires", Date.from(Instant.now().plus(validFor))));
    return id.toHexString() + "." + secret;
  }

  /** The grant of a token that is valid for this purpose now, without using it up. */
  Optional<Grant> check(String token, Purpose purpose) {
    if (token == null) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot < 0 || !ObjectId.isValid(token.substring(0, dot))) {
      return Optional.empty();
    }
    Document stored = tokens.find(eq("_id", new ObjectId(token.substring(0, dot)))).first();
    if (stored == null
        || !purpose.name().equals(stored.getString("purpose"))
        || !stored.getDate("expires").toInstant().isAfter(Instant.now())
        || !MessageDigest.isEqual(
            Hashes.sha256(token.substring(dot + 1)).getBytes(StandardCharsets.US_ASCII),
            stored.getString("hash").getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    return Optional.of(
        new Grant(
            stored.getObjectId("_id").toHexString(),
            stored.getString("userId"),
            stored.getString("email")));
  }

  /**
   * Uses the token up; of two requests racing with one token, only one gets true.
   *
   * @return false when it was used (or replaced) meanwhile
   */
  boolean use(Grant grant) {
    return tokens.deleteOne(eq("_id", new ObjectId(grant.id()))).getDeletedCount() == 1;
  }

  /** Ends every token of the account for this purpose. */
  void revokeAll(String userId, Purpose purpose) {
    tokens.deleteMany(and(eq("userId", userId), eq("purpose", purpose.name())));
  }
}
