package io.quire.common.history;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@code versions} collection. The unique index on {@code (projectId, number)} makes adding a
 * version a single serialisation point (two workers never both write version n+1). Each version
 * holds its whole snapshot, so loading one never replays anything; listings leave the snapshot out.
 *
 * <p>Numbers have no gaps, so a page of versions is a known set of numbers: it is read by exact
 * keys ({@code key} = project and number, unique) rather than by a range sorted on the server, and
 * the newest number comes from {@code versionHeads}, one small document per project raised after
 * every insert. Both are point lookups on any MongoDB-compatible server, including the embedded one
 * that ignores secondary indexes, so listing the newest page costs the same with ten versions or
 * ten thousand.
 */
public final class VersionStore {
  private static final Bson SUMMARY = Projections.exclude("files", "docVersions");

  private final MongoCollection<Document> versions;
  private final MongoCollection<Document> heads;

  public VersionStore(MongoDatabase database) {
    this.versions = database.getCollection("versions");
    this.heads = database.getCollection("versionHeads");
    versions.createIndex(
        Indexes.ascending("projectId", "number"),
        new IndexOptions().unique(true).name("projectNumber"));
    // sparse: versions written before keys existed have none until addMissingKeys gives them one
    versions.createIndex(
        Indexes.ascending("key"), new IndexOptions().unique(true).sparse(true).name("key"));
    addMissingKeys();
  }

  /** Versions written before {@code key} existed get theirs. */
  private void addMissingKeys() {
    List<Document> missing = new ArrayList<>();
    versions
        .find(Filters.exists("key", false))
        .projection(Projections.include("projectId", "number"))
        .into(missing);
    for (Document d : missing) {
      versions.updateOne(
          eq("_id", d.get("_id")),
          Updates.set(
              "key", key(d.getString("projectId"), d.get("number", Number.class).longValue())));
    }
  }

  /** The newest version with its snapshot, empty when the project has no history yet. */
  public Optional<Version> latest(String projectId) {
    long newest = newestNumber(projectId);
    return newest == 0 ? Optional.empty() : find(projectId, newest);
  }

  /** One version with its snapshot. */
  public Optional<Version> find(String projectId, long number) {
    return Optional.ofNullable(versions.find(eq("key", key(projectId, number))).first())
        .map(VersionStore::toVersion);
  }

  /**
   * The newest version's number, 0 when there is none: the head, and any version written after it
   * by a writer that has not raised the head yet (or stopped before it could).
   */
  public long newestNumber(String projectId) {
    Document head = heads.find(eq("_id", projectId)).first();
    long newest;
    if (head == null) {
      // history written before heads existed, or none: find it once the slow way
      Document found =
          versions
              .find(eq("projectId", projectId))
              .projection(Projections.include("number"))
              .sort(Sorts.descending("number"))
              .first();
      newest = found == null ? 0 : found.get("number", Number.class).longValue();
      if (newest > 0) {
        raiseHead(projectId, newest);
      }
    } else {
      newest = head.get("number", Number.class).longValue();
    }
    long probed = newest;
    while (exists(projectId, probed + 1)) {
      probed++;
    }
    if (probed > newest) {
      raiseHead(projectId, probed);
    }
    return probed;
  }

  /**
   * Versions newest first without their snapshots.
   *
   * @param before only versions with a smaller number; null for the newest
   */
  public List<Version> page(String projectId, Long before, int limit) {
    long newest = newestNumber(projectId);
    long top = before == null ? newest : Math.min(before - 1, newest);
    if (top < 1 || limit < 1) {
      return List.of();
    }
    long bottom = Math.max(1, top - limit + 1);
    List<String> keys = new ArrayList<>();
    for (long n = top; n >= bottom; n--) {
      keys.add(key(projectId, n));
    }
    List<Version> page = new ArrayList<>();
    versions.find(in("key", keys)).projection(SUMMARY).forEach(d -> page.add(toVersion(d)));
    if (page.size() < keys.size()) {
      // a gap (never written by this store): read the range instead
      page.clear();
      versions
          .find(and(eq("projectId", projectId), lt("number", top + 1)))
          .projection(SUMMARY)
          .sort(Sorts.descending("number"))
          .limit(limit)
          .forEach(d -> page.add(toVersion(d)));
    }
    page.sort(Comparator.comparingLong(Version::number).reversed());
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
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
    raiseHead(version.projectId(), version.number());
    return true;
  }

  private void raiseHead(String projectId, long number) {
    try {
      heads.updateOne(
          eq("_id", projectId), Updates.max("number", number), new UpdateOptions().upsert(true));
    } catch (MongoWriteException e) {
      // two first upserts raced: the other created the head; raise it now that it exists
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      heads.updateOne(eq("_id", projectId), Updates.max("number", number));
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
                eq("key", key(extended.projectId(), extended.number())),
                eq("revision", expectedRevision)),
            replacement);
    return result.getModifiedCount() == 1;
  }

  public long count(String projectId) {
    return versions.countDocuments(eq("projectId", projectId));
  }

  public void deleteByProject(String projectId) {
    versions.deleteMany(eq("projectId", projectId));
    heads.deleteOne(eq("_id", projectId));
  }

  private boolean exists(String projectId, long number) {
    return versions
            .find(eq("key", key(projectId, number)))
            .projection(Projections.include("_id"))
            .first()
        != null;
  }

  private static String key(String projectId, long number) {
    return projectId + ":" + number;
  }

  private static Document toDocument(Version v) {
    Document docVersions = new Document();
    v.docVersions().forEach(docVersions::append);
    return new Document("projectId", v.projectId())
        .append("number", v.number())
        .append("key", key(v.projectId(), v.number()))
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
