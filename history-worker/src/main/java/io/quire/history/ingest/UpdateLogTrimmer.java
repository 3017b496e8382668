package io.quire.history.ingest;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Deletes document updates that are safely in versions and no longer needed by anyone. An update
 * goes only when all of these hold: a version holds a later state of its document; the document's
 * snapshot in {@code docs} is at or past it (the current text is snapshot + later updates, so those
 * must stay); at least {@code keep} newer updates exist (editors that reconnect pull from their
 * version); and it is older than {@code keepFor}.
 */
final class UpdateLogTrimmer {
  private final MongoCollection<Document> docs;
  private final MongoCollection<Document> updates;
  private final int keep;
  private final Duration keepFor;

  UpdateLogTrimmer(MongoDatabase database, int keep, Duration keepFor) {
    this.docs = database.getCollection("docs");
    this.updates = database.getCollection("docUpdates");
    this.keep = keep;
    this.keepFor = keepFor;
  }

  /**
   * @param versioned the update-log version of each document that the newest version holds
   * @return updates deleted
   */
  long trim(Map<String, Long> versioned) {
    long deleted = 0;
    Date cutoff = Date.from(Instant.now().minus(keepFor));
    for (Map.Entry<String, Long> entry : versioned.entrySet()) {
      String docId = entry.getKey();
      if (!ObjectId.isValid(docId) || entry.getValue() == null) {
        continue;
      }
      Document snapshot = docs.find(eq("_id", new ObjectId(docId))).first();
      if (snapshot == null) {
        continue;
      }
      long snapshotVersion = snapshot.get("version", Number.class).longValue();
      long upTo = Math.min(snapshotVersion, entry.getValue() - keep);
      if (upTo <= 0) {
        continue;
      }
      deleted +=
          updates
              .deleteMany(and(eq("docId", docId), lte("version", upTo), lt("ts", cutoff)))
              .getDeletedCount();
    }
    return deleted;
  }
}
