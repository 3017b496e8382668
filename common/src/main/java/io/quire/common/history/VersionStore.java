package io.quire.common.history;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.result.UpdateResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@code versions} collection. The unique index on {@code (projectId, number)} makes adding a
 * version a single serialisation point (two workers never both write version n+1), and serves
 * listing newest first page by page without reading older versions. Each version holds its whole
 * snapshot, so loading one never replays anything; listings leave the snapshot out.
 */
public final class VersionStore {
  private static final Bson SUMMARY = Projections.exclude("files", "docVersions");

  private final MongoCollection<Document> versions;

  public VersionStore(MongoDatabase database) {
    this.versions = database.getCollection("versions");
    versions.createIndex(
        Indexes.ascending("projectId", "number"),
        new IndexOptions().unique(true).name("projectNumber"));
  }

  /** The newest version with its snapshot, empty when the project has no history yet. */
  public Optional<Version> latest(String projectId) {
    return Optional.ofNullable(
            versions.find(eq("projectId", projectId)).sort(Sorts.descending("number")).first())
        .map(VersionStore::toVersion);
  }

  /** One version with its snapshot. */
  public Optional<Version> find(String projectId, long number) {
    return Optional.ofNullable(
            versions.find(and(eq("projectId", projectId), eq("number", number))).first())
        .map(VersionStore::toVersion);
  }

  /**
   * Versions newest first without their snapshots.
   *
   * @param before only versions with a smaller number; null for the newest
   */
  public List<Version> page(String projectId, Long before, int limit) {
    Bson filter =
        before == null
            ? eq("projectId", projectId)
            : and(eq("projectId", projectId), lt("number", before));
    FindIterable<Document> found =
        versions.find(filter).projection(SUMMARY).sort(Sorts.descending("number")).limit(limit);
    List<Version> page = new ArrayList<>();
    found.forEach(d -> page.add(toVersion(d)));
    return page;
  }

  /**
   * Adds a version.
   *
   * @return false when that number exists already: someone else added it first
   */
  public boolean insert(Version version) {
    try {
      versions.insertOne(toDocument(version));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Replaces the newest version by an extended one, if nobody changed it since it was read at
   * {@code expectedRevision}; the replacement carries {@code expectedRevision + 1}.
   *
   * @return false when it changed meanwhile (reload and try again)
   */
  public boolean extend(Version extended, long expectedRevision) {
    Document replacement = toDocument(extended).append("revision", expectedRevision + 1);
    UpdateResult result =
        versions.replaceOne(
            and(
                eq("projectId", extended.projectId()),
                eq("number", extended.number()),
                eq("revision", expectedRevision)),
            replacement);
    return result.getModifiedCount() == 1;
  }

  public long count(String projectId) {
    return versions.countDocuments(eq("projectId", projectId));
  }

  public void deleteByProject(String projectId) {
    versions.deleteMany(eq("projectId", projectId));
  }

  private static Document toDocument(Version v) {
    Document docVersions = new Document();
    v.docVersions().forEach(docVersions::append);
    return new Document("projectId", v.projectId())
        .append("number", v.number())
        .append("revision", v.revision())
        .append("authors", v.authors())
        .append("startedAt", Date.from(v.startedAt()))
        .append("endedAt", Date.from(v.endedAt()))
        .append("treeVersion", v.treeVersion())
        .append("files", v.files().stream().map(VersionStore::fileDocument).toList())
        .append("changes", v.changes().stream().map(VersionStore::changeDocument).toList())
        .append("docVersions", docVersions);
  }

  private static Document fileDocument(FileState f) {
    Document d =
        new Document("path", f.path())
            .append("kind", f.kind())
            .append("hash", f.hash())
            .append("size", f.size());
    if (f.docId() != null) {
      d.append("docId", f.docId());
    }
    return d;
  }

  private static Document changeDocument(FileChange c) {
    Document d = new Document("path", c.path()).append("type", c.type());
    if (c.from() != null) {
      d.append("from", c.from());
    }
    return d.append("linesAdded", c.linesAdded()).append("linesRemoved", c.linesRemoved());
  }

  private static Version toVersion(Document d) {
    List<FileState> files = new ArrayList<>();
    for (Document f : d.getList("files", Document.class, List.of())) {
      files.add(
          new FileState(
              f.getString("path"),
              f.getString("kind"),
              f.getString("hash"),
              f.get("size", Number.class).longValue(),
              f.getString("docId")));
    }
    List<FileChange> changes = new ArrayList<>();
    for (Document c : d.getList("changes", Document.class, List.of())) {
      changes.add(
          new FileChange(
              c.getString("path"),
              c.getString("type"),
              c.getString("from"),
              c.get("linesAdded", Number.class).intValue(),
              c.get("linesRemoved", Number.class).intValue()));
    }
    Map<String, Long> docVersions = new LinkedHashMap<>();
    Document stored = d.get("docVersions", Document.class);
    if (stored != null) {
      stored.forEach((docId, version) -> docVersions.put(docId, ((Number) version).longValue()));
    }
    return new Version(
        d.getString("projectId"),
        d.get("number", Number.class).longValue(),
        d.get("revision", Number.class).longValue(),
        d.getList("authors", String.class, List.of()),
        instant(d.getDate("startedAt")),
        instant(d.getDate("endedAt")),
        files,
        changes,
        docVersions,
        d.get("treeVersion", Number.class).longValue());
  }

  private static Instant instant(Date date) {
    return date == null ? Instant.EPOCH : date.toInstant();
  }
}
