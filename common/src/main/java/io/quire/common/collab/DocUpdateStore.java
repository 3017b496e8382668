package io.quire.common.collab;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * The {@code docUpdates} collection: the append-only edit log. Its unique index on {@code (docId,
 * version)} is the single point that orders concurrent editors: of two inserts of the same version
 * exactly one succeeds, whichever web instance they come from.
 */
public final class DocUpdateStore {
  private final MongoCollection<Document> updates;

  public DocUpdateStore(MongoDatabase database) {
    this.updates = database.getCollection("docUpdates");
    updates.createIndex(
        Indexes.ascending("docId", "version"), new IndexOptions().unique(true).name("docVersion"));
    updates.createIndex(Indexes.ascending("projectId"));
  }

  /**
   * Appends an update; it is durable when this returns true.
   *
   * @return false when its version exists already: someone else got there first
   */
  public boolean append(DocUpdate update) {
    try {
      updates.insertOne(
          new Document("docId", update.docId())
              .append("projectId", update.projectId())
              .append("version", update.version())
              .append("changes", update.changes().toJson())
              .append("userId", update.userId())
              .append("clientId", update.clientId())
              .append("ts", Date.from(update.ts())));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  /** The updates after {@code version}, oldest first, at most {@code limit} (0: all). */
  public List<DocUpdate> since(String docId, long version, int limit) {
    List<DocUpdate> found = new ArrayList<>();
    var query =
        updates
            .find(and(eq("docId", docId), gt("version", version)))
            .sort(Sorts.ascending("version"));
    if (limit > 0) {
      query = query.limit(limit);
    }
    query.forEach(d -> found.add(toUpdate(d)));
    return found;
  }

  public void deleteByProject(String projectId) {
    updates.deleteMany(eq("projectId", projectId));
  }

  private static DocUpdate toUpdate(Document d) {
    return new DocUpdate(
        d.getString("docId"),
        d.getString("projectId"),
        d.get("version", Number.class).longValue(),
        ChangeSet.fromJson(d.get("changes")),
        d.getString("userId"),
        d.getString("clientId"),
        d.getDate("ts").toInstant());
  }
}
