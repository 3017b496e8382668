package io.quire.web.account;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

/** The {@code users} collection. E-mail addresses are unique and stored lower-cased. */
@Component
public class UserStore {
  private final MongoCollection<Document> users;

  UserStore(MongoDatabase database) {
    this.users = database.getCollection("users");
    users.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
  }

  /** Normalises an address the way it is stored and looked up. */
  public static String normaliseEmail(String email) {
    return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Inserts a user; the unique index decides races between two registrations of one address.
   *
   * @return the new user, or empty when the address is taken
   */
  public Optional<User> insert(String email, String passwordHash, String name, Role role) {
    return insert(email, passwordHash, name, role, true);
  }

  /**
   * As {@link #insert(String, String, String, Role)}, for an account whose address may still need
   * verifying.
   */
  public Optional<User> insert(
      String email, String passwordHash, String name, Role role, boolean emailVerified) {
    ObjectId id = new ObjectId();
    Instant now = Instant.now();
    Document doc =
        new Document("_id", id)
            .append("email", normaliseEmail(email))
            .append("passwordHash", passwordHash)
            .append("name", name)
            .append("role", role.name())
            .append("disabled", false)
            .append("created", Date.from(now));
    if (!emailVerified) {
      doc.append("emailVerified", false);
    }
    try {
      users.insertOne(doc);
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return Optional.empty();
      }
      throw e;
    }
    return Optional.of(toUser(doc));
  }

  public Optional<User> findByEmail(String email) {
    return Optional.ofNullable(users.find(eq("email", normaliseEmail(email))).first())
        .map(UserStore::toUser);
  }

  public Optional<User> findById(String id) {
    if (!ObjectId.isValid(id)) {
      return Optional.empty();
    }
    return Optional.ofNullable(users.find(eq("_id", new ObjectId(id))).first())
        .map(UserStore::toUser);
  }

  /**
   * Stores a new password hash and moves the account's session epoch on, in one update, so no
   * session signed in before it can go on.
   *
   * @return the new session epoch
   */
  public long updatePasswordHash(String id, String passwordHash) {
    Document after =
        users.findOneAndUpdate(
            eq("_id", new ObjectId(id)),
            Updates.combine(
                Updates.set("passwordHash", passwordHash), Updates.inc("sessionEpoch", 1L)),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    return after == null ? 0 : sessionEpoch(after);
  }

  private static long sessionEpoch(Document doc) {
    Object epoch = doc.get("sessionEpoch");
    return epoch instanceof Number n ? n.longValue() : 0;
  }

  /**
   * Marks the address verified, if it is still the account's address.
   *
   * @return false when there is no such account or its address is another one now
   */
  public boolean markVerified(String id, String email) {
    return ObjectId.isValid(id)
        && users
                .updateOne(
                    Filters.and(eq("_id", new ObjectId(id)), eq("email", normaliseEmail(email))),
                    Updates.set("emailVerified", true))
                .getMatchedCount()
            == 1;
  }

  public void updateRole(String id, Role role) {
    users.updateOne(eq("_id", new ObjectId(id)), Updates.set("role", role.name()));
  }

  /**
   * @return false when there is no such user
   */
  public boolean setDisabled(String id, boolean disabled) {
    return ObjectId.isValid(id)
        && users
                .updateOne(eq("_id", new ObjectId(id)), Updates.set("disabled", disabled))
                .getMatchedCount()
            == 1;
  }

  public boolean delete(String id) {
    return ObjectId.isValid(id)
        && users.deleteOne(eq("_id", new ObjectId(id))).getDeletedCount() == 1;
  }

  /** Users whose address or name contains the text (any case), newest first. */
  public List<User> search(String text, int limit) {
    Bson filter =
        text == null || text.isBlank()
            ? new Document()
            : or(
                regex("email", Pattern.quote(text.strip()), "i"),
                regex("name", Pattern.quote(text.strip()), "i"));
    List<User> found = new ArrayList<>();
    users
        .find(filter)
        .sort(Sorts.descending("created"))
        .limit(limit)
        .forEach(d -> found.add(toUser(d)));
    return found;
  }

  static User toUser(Document doc) {
    return new User(
        doc.getObjectId("_id").toHexString(),
        doc.getString("email"),
        doc.getString("passwordHash"),
        doc.getString("name"),
        Role.valueOf(doc.getString("role")),
        doc.getBoolean("disabled", false),
        doc.getDate("created").toInstant(),
        sessionEpoch(doc),
        // accounts from before verification existed, and those made by administrators, have none
        doc.getBoolean("emailVerified", true));
  }
}
