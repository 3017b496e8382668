package io.quire.git.repo;

import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;

/** Names and addresses of Quire users, for commit authors. */
public final class Authors {
  /** Who commits, and who authors a change nobody can be named for. */
  public static final PersonIdent QUIRE = new PersonIdent("Quire", "quire@localhost");

  private final MongoCollection<Document> users;

  public Authors(MongoDatabase database) {
    this.users = database.getCollection("users");
  }

  /** The users of these ids that still exist, in a stable order. */
  public List<PersonIdent> of(Collection<String> userIds) {
    List<ObjectId> ids =
        userIds.stream().filter(ObjectId::isValid).distinct().map(ObjectId::new).toList();
    List<PersonIdent> found = new ArrayList<>();
    if (ids.isEmpty()) {
      return found;
    }
    users
        .find(in("_id", ids))
        .forEach(
            u ->
                found.add(
                    new PersonIdent(
                        u.getString("name") == null ? "Quire user" : u.getString("name"),
                        u.getString("email") == null ? "" : u.getString("email"))));
    found.sort(java.util.Comparator.comparing(PersonIdent::getEmailAddress));
    return found;
  }
}
