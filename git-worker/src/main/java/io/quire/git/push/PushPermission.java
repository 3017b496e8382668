package io.quire.git.push;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import io.quire.common.project.Access;
import io.quire.common.project.AccessPolicy;
import io.quire.common.project.Project;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Whether a user may push to a project as things stand now: read from the stored account (a
 * disabled or deleted account may not; an administrator may) and the stored project, with the one
 * access policy web uses. The pre-receive hook asks it under the project's lock, just before a push
 * is applied, so access taken away while the pack was arriving is honoured.
 */
public final class PushPermission {
  private final MongoCollection<Document> users;

  public PushPermission(MongoDatabase database) {
    this.users = database.getCollection("users");
  }

  boolean allows(Project project, String userId) {
    if (!ObjectId.isValid(userId)) {
      return false;
    }
    Document user =
        users
            .find(eq("_id", new ObjectId(userId)))
            .projection(Projections.include("role", "disabled"))
            .first();
    if (user == null || user.getBoolean("disabled", false)) {
      return false;
    }
    boolean admin = "ADMIN".equals(user.getString("role"));
    return AccessPolicy.allows(project, userId, admin, Access.READ_WRITE);
  }
}
