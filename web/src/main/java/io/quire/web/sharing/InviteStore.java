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
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

/**
 * The {@code invites} collection: invitations to addresses that have no account yet. One per
 * project and address (a second invitation replaces the first); taken up when the address
 * registers.
 */
@Component
class InviteStore {
  private final MongoCollection<Document> invites;

  InviteStore(MongoDatabase database) {
    this.invites = database.getCollection("invites");
    invites.createIndex(Indexes.ascending("projectId", "email"), new IndexOptions().unique(true));
    invites.createIndex(Indexes.ascending("email"));
  }

  record Invite(String id, String projectId, String email, Access access, Instant created) {}

  Invite put(String projectId, String email, Access access, String invitedBy) {
    Document existing = invites.find(and(eq("projectId", projectId), eq("email", email))).first();
    ObjectId id = existing == null ? new ObjectId() : existing.getObjectId("_id");
    Document doc =
        new Document("_id", id)
            .append("projectId", projectId)
            .append("email", email)
            .append("access", access.wireName())
            .append("invitedBy", invitedBy)
            .append("created", new Date());
    invites.replaceOne(eq("_id", id), doc, new ReplaceOptions().upsert(true));
    return toInvite(doc);
  }

  List<Invite> forProject(String projectId) {
    List<Invite> found = new ArrayList<>();
    invites.find(eq("projectId", projectId)).forEach(d -> found.add(toInvite(d)));
    return found;
  }

  List<Invite> forEmail(String email) {
    List<Invite> found = new ArrayList<>();
    invites.find(eq("email", email)).forEach(d -> found.add(toInvite(d)));
    return found;
  }

  boolean delete(String projectId, String inviteId) {
    return ObjectId.isValid(inviteId)
        && invites
                .deleteOne(and(eq("_id", new ObjectId(inviteId)), eq("projectId", projectId)))
                .getDeletedCount()
            == 1;
  }

  void deleteById(String inviteId) {
    invites.deleteOne(eq("_id", new ObjectId(inviteId)));
  }

  private static Invite toInvite(Document d) {
    return new Invite(
        d.getObjectId("_id").toHexString(),
        d.getString("projectId"),
        d.getString("email"),
        Access.fromWire(d.getString("access")),
        d.getDate("created").toInstant());
  }
}
