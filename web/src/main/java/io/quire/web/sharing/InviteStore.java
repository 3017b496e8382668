package io.quire.web.sharing;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import io.quire.common.project.Access;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

/**
 * The {@code invites} collection: invitations by e-mail address, one per project and address (a
 * second invitation replaces the first, and its link the first link). Only the SHA-256 of an
 * invitation's secret is stored: the secret is random and long, so a fast hash is enough, and a
 * copy of the database accepts nothing.
 */
@Component
class InviteStore {
  private final MongoCollection<Document> invites;

  InviteStore(MongoDatabase database) {
    this.invites = database.getCollection("invites");
    invites.createIndex(Indexes.ascending("projectId", "email"), new IndexOptions().unique(true));
  }

  /**
   * A pending invitation.
   *
   * @param tokenHash hex SHA-256 of the secret; null for an invitation made before invitations had
   *     secrets, which nobody can accept (the owner invites again for a link)
   */
  record Invite(
      String id,
      String projectId,
      String email,
      Access access,
      String invitedBy,
      Instant created,
      Instant expires,
      String tokenHash) {

    boolean expiredAt(Instant now) {
      return expires == null || !now.isBefore(expires);
    }
  }

  Invite put(
      String projectId,
      String email,
      Access access,
      String invitedBy,
      String tokenHash,
      Instant created,
      Instant expires) {
    Document existing = invites.find(and(eq("projectId", projectId), eq("email", email))).first();
    ObjectId id = existing == null ? new ObjectId() : existing.getObjectId("_id");
    Document doc =
        new Document("_id", id)
            .append("projectId", projectId)
            .append("email", email)
            .append("access", access.wireName())
            .append("invitedBy", invitedBy)
            .append("created", Date.from(created))
            .append("expires", Date.from(expires))
            .append("tokenHash", tokenHash);
    invites.replaceOne(eq("_id", id), doc, new ReplaceOptions().upsert(true));
    return toInvite(doc);
  }

  Optional<Invite> find(String inviteId) {
    if (!ObjectId.isValid(inviteId)) {
      return Optional.empty();
    }
    return Optional.ofNullable(invites.find(eq("_id", new ObjectId(inviteId))).first())
        .map(InviteStore::toInvite);
  }

  /**
   * Removes the invitation if it is still the one that was checked (same secret), so of two people
   * accepting one link at once, and of an acceptance racing a new invitation, only one wins.
   */
  boolean take(Invite invite) {
    return invites
            .deleteOne(
                and(eq("_id", new ObjectId(invite.id())), eq("tokenHash", invite.tokenHash())))
            .getDeletedCount()
        == 1;
  }

  List<Invite> forProject(String projectId) {
    List<Invite> found = new ArrayList<>();
    invites.find(eq("projectId", projectId)).forEach(d -> found.add(toInvite(d)));
    return found;
  }

  boolean delete(String projectId, String inviteId) {
    return ObjectId.isValid(inviteId)
        && invites
                .deleteOne(and(eq("_id", new ObjectId(inviteId)), eq("projectId", projectId)))
                .getDeletedCount()
            == 1;
  }

  private static Invite toInvite(Document d) {
    Date expires = d.getDate("expires");
    return new Invite(
        d.getObjectId("_id").toHexString(),
        d.getString("projectId"),
        d.getString("email"),
        Access.fromWire(d.getString("access")),
        d.getString("invitedBy"),
        d.getDate("created").toInstant(),
        expires == null ? null : expires.toInstant(),
        d.getString("tokenHash"));
  }
}
