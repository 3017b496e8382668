package io.quire.common.history;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lte;

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
 * The {@code treeChanges} collection: one entry per project tree version, written by whoever
 * changed the tree and read by history-worker for the authors of tree changes. Unique on {@code
 * (projectId, treeVersion)}, so writing an entry twice keeps one.
 */
public final class TreeChangeStore {
  private final MongoCollection<Document> changes;

  public TreeChangeStore(MongoDatabase database) {
    this.changes = database.getCollection("treeChanges");
    changes.createIndex(
        Indexes.ascending("projectId", "treeVersion"),
        new IndexOptions().unique(true).name("projectTreeVersion"));
  }

  public void record(TreeChange change) {
    try {
      changes.insertOne(
          new Document("projectId", change.projectId())
              .append("treeVersion", change.treeVersion())
              .append("userId", change.userId())
              .append("ts", Date.from(change.ts())));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
    }
  }

  /** Changes after {@code treeVersion} up to {@code upTo}, oldest first. */
  public List<TreeChange> between(String projectId, long treeVersion, long upTo) {
    List<TreeChange> found = new ArrayList<>();
    changes
        .find(
            and(
                eq("projectId", projectId),
                gt("treeVersion", treeVersion),
                lte("treeVersion", upTo)))
        .sort(Sorts.ascending("treeVersion"))
        .forEach(
            d ->
                found.add(
                    new TreeChange(
                        d.getString("projectId"),
                        d.get("treeVersion", Number.class).longValue(),
                        d.getString("userId"),
                        d.getDate("ts").toInstant())));
    return found;
  }

  /** Forgets the changes already taken into history. */
  public void deleteUpTo(String projectId, long treeVersion) {
    changes.deleteMany(and(eq("projectId", projectId), lte("treeVersion", treeVersion)));
  }
}
