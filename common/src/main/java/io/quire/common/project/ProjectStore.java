package io.quire.common.project;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import io.quire.common.contract.Compiler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/** The {@code projects} collection. */
public final class ProjectStore {
  private final MongoCollection<Document> projects;

  public ProjectStore(MongoDatabase database) {
    this.projects = database.getCollection("projects");
    projects.createIndex(Indexes.ascending("ownerId"));
    projects.createIndex(Indexes.ascending("collaborators.userId"));
  }

  public Project create(
      String name, String ownerId, List<Entity> entities, String rootPath, Compiler compiler) {
    ObjectId id = new ObjectId();
    Date now = new Date();
    Document doc =
        new Document("_id", id)
            .append("name", name)
            .append("ownerId", ownerId)
            .append("collaborators", List.of())
            .append("rootPath", rootPath)
            .append("compiler", compiler.wireName())
            .append("treeVersion", 1L)
            .append("entities", entities.stream().map(ProjectStore::entityDoc).toList())
            .append("created", now)
            .append("updated", now)
            .append("trashed", false)
            .append("shareVersion", 0L)
            .append("deleted", false);
    projects.insertOne(doc);
    return toProject(doc);
  }

  public Optional<Project> find(String id) {
    if (!ObjectId.isValid(id)) {
      return Optional.empty();
    }
    return Optional.ofNullable(
            projects.find(and(eq("_id", new ObjectId(id)), ne("deleted", true))).first())
        .map(ProjectStore::toProject);
  }

  /** Projects a user owns or collaborates on, trashed ones included. */
  public List<Project> listFor(String userId) {
    List<Project> found = new ArrayList<>();
    projects
        .find(
            and(ne("deleted", true), or(eq("ownerId", userId), eq("collaborators.userId", userId))))
        .forEach(doc -> found.add(toProject(doc)));
    return found;
  }

  /**
   * Replaces the tree if nobody changed it since {@code expectedTreeVersion}.
   *
   * @return false when the tree changed meanwhile (reload and try again)
   */
  public boolean replaceTree(String id, long expectedTreeVersion, List<Entity> entities) {
    UpdateResult result =
        projects.updateOne(
            and(eq("_id", new ObjectId(id)), eq("treeVersion", expectedTreeVersion)),
            Updates.combine(
                Updates.set("entities", entities.stream().map(ProjectStore::entityDoc).toList()),
                Updates.inc("treeVersion", 1L),
                Updates.set("updated", new Date())));
    return result.getModifiedCount() == 1;
  }

  /**
   * Changes what is given (not null) of a project's settings.
   *
   * @param texImage the TeX image to compile in (checked against the server's list by the caller)
   */
  public void updateSettings(
      String id, String name, String rootPath, Compiler compiler, String texImage) {
    List<Bson> updates = new ArrayList<>();
    if (texImage != null) {
      updates.add(Updates.set("texImage", texImage));
    }
    if (name != null) {
      updates.add(Updates.set("name", name));
    }
    if (rootPath != null) {
      updates.add(Updates.set("rootPath", rootPath));
    }
    if (compiler != null) {
      updates.add(Updates.set("compiler", compiler.wireName()));
    }
    if (updates.isEmpty()) {
      return;
    }
    updates.add(Updates.set("updated", new Date()));
    projects.updateOne(eq("_id", new ObjectId(id)), Updates.combine(updates));
  }

  public void setTrashed(String id, boolean trashed) {
    projects.updateOne(
        eq("_id", new ObjectId(id)),
        Updates.combine(Updates.set("trashed", trashed), Updates.set("updated", new Date())));
  }

  /** Marks a project deleted; its documents and blobs are collected separately. */
  public void markDeleted(String id) {
    projects.updateOne(eq("_id", new ObjectId(id)), Updates.set("deleted", true));
  }

  /**
   * Who may use a project, as one unit: changed only through {@link #updateSharing}.
   *
   * @param readToken read link token, null when link sharing is off
   * @param writeToken write link token, null when link sharing is off
   */
  public record Sharing(
      String ownerId, List<Collaborator> collaborators, String readToken, String writeToken) {
    public Sharing {
      collaborators = List.copyOf(collaborators);
    }
  }

  /**
   * Changes owner, collaborators and link tokens together, as one conditional update on a {@code
   * shareVersion} counter; when someone else changed them meanwhile the change is computed again on
   * the fresh state, so two owners' edits of the collaborator list never overwrite each other.
   *
   * @param change computes the new sharing from the current one; may throw to refuse
   * @return the project after the change, empty when it does not exist
   */
  public Optional<Project> updateSharing(String id, UnaryOperator<Sharing> change) {
    if (!ObjectId.isValid(id)) {
      return Optional.empty();
    }
    for (int attempt = 0; attempt < 20; attempt++) {
      Document doc = projects.find(and(eq("_id", new ObjectId(id)), ne("deleted", true))).first();
      if (doc == null) {
        return Optional.empty();
      }
      Project current = toProject(doc);
      Sharing before =
          new Sharing(
              current.ownerId(),
              current.collaborators(),
              current.readToken(),
              current.writeToken());
      Sharing after = change.apply(before);
      if (after.equals(before)) {
        return Optional.of(current);
      }
      Number version = doc.get("shareVersion", Number.class);
      Bson sameVersion =
          version == null ? exists("shareVersion", false) : eq("shareVersion", version.longValue());
      UpdateResult result =
          projects.updateOne(
              and(eq("_id", new ObjectId(id)), sameVersion),
              Updates.combine(
                  Updates.set("ownerId", after.ownerId()),
                  Updates.set(
                      "collaborators",
                      after.collaborators().stream().map(ProjectStore::collaboratorDoc).toList()),
                  Updates.set("readToken", after.readToken()),
                  Updates.set("writeToken", after.writeToken()),
                  Updates.set("shareVersion", (version == null ? 0L : version.longValue()) + 1)));
      if (result.getModifiedCount() == 1) {
        return find(id);
      }
    }
    throw new IllegalStateException("sharing of project " + id + " keeps changing");
  }

  /** The project of an id, or projects whose name contains the text (any case): for admins. */
  public List<Project> findByIdOrName(String text, int limit) {
    List<Project> found = new ArrayList<>();
    if (ObjectId.isValid(text)) {
      find(text).ifPresent(found::add);
      return found;
    }
    projects
        .find(and(ne("deleted", true), regex("name", Pattern.quote(text), "i")))
        .limit(limit)
        .forEach(doc -> found.add(toProject(doc)));
    return found;
  }

  private static Document collaboratorDoc(Collaborator c) {
    return new Document("userId", c.userId())
        .append("access", c.access().wireName())
        .append("viaLink", c.viaLink());
  }

  static Document entityDoc(Entity e) {
    Document doc = new Document("path", e.path()).append("kind", e.kind().wireName());
    if (e.docId() != null) {
      doc.append("docId", e.docId());
    }
    if (e.sha256() != null) {
      doc.append("sha256", e.sha256()).append("size", e.size());
    }
    return doc;
  }

  static Entity toEntity(Document doc) {
    EntityKind kind = EntityKind.valueOf(doc.getString("kind").toUpperCase(java.util.Locale.ROOT));
    Number size = doc.get("size", Number.class);
    return new Entity(
        doc.getString("path"),
        kind,
        doc.getString("docId"),
        doc.getString("sha256"),
        size == null ? 0 : size.longValue());
  }

  static Project toProject(Document doc) {
    List<Collaborator> collaborators = new ArrayList<>();
    for (Document c : doc.getList("collaborators", Document.class, List.of())) {
      collaborators.add(
          new Collaborator(
              c.getString("userId"),
              Access.fromWire(c.getString("access")),
              c.getBoolean("viaLink", false)));
    }
    List<Entity> entities =
        doc.getList("entities", Document.class, List.of()).stream()
            .map(ProjectStore::toEntity)
            .toList();
    return new Project(
        doc.getObjectId("_id").toHexString(),
        doc.getString("name"),
        doc.getString("ownerId"),
        collaborators,
        doc.getString("rootPath"),
        Compiler.fromWire(doc.getString("compiler")),
        doc.get("treeVersion", Number.class).longValue(),
        entities,
        instant(doc.getDate("created")),
        instant(doc.getDate("updated")),
        doc.getBoolean("trashed", false),
        doc.getString("readToken"),
        doc.getString("writeToken"),
        doc.getString("texImage"));
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
