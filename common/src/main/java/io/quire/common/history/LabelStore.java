package io.quire.common.history;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.ObjectId;

/** The {@code labels} collection: names users gave to versions. */
public final class LabelStore {
  private final MongoCollection<Document> labels;

  public LabelStore(MongoDatabase database) {
    this.labels = database.getCollection("labels");
    labels.createIndex(Indexes.ascending("projectId", "version"));
  }

  public Label create(String projectId, long version, String comment, String userId) {
    ObjectId id = new ObjectId();
    Instant now = Instant.now();
    labels.insertOne(
        new Document("_id", id)
            .append("projectId", projectId)
            .append("version", version)
            .append("comment", comment)
            .append("userId", userId)
            .append("created", Date.from(now)));
    return new Label(id.toHexString(), projectId, version, comment, userId, now);
  }

  /** The labels of some versions of a project, oldest first. */
  public List<Label> forVersions(String projectId, Collection<Long> versions) {
    List<Label> found = new ArrayList<>();
    labels
        .find(and(eq("projectId", projectId), in("version", versions)))
        .sort(Sorts.ascending("created"))
        .forEach(d -> found.add(toLabel(d)));
    return found;
  }

  public boolean isLabelled(String projectId, long version) {
    return labels.countDocuments(and(eq("projectId", projectId), eq("version", version))) > 0;
  }

  public Optional<Label> find(String projectId, String labelId) {
    if (!ObjectId.isValid(labelId)) {
      return Optional.empty();
    }
    return Optional.ofNullable(
            labels.find(and(eq("_id", new ObjectId(labelId)), eq("projectId", projectId))).first())
        .map(LabelStore::toLabel);
  }

  /** Deletes a label of a project; false when there was none. */
  public boolean delete(String projectId, String labelId) {
    if (!ObjectId.isValid(labelId)) {
      return false;
    }
    return labels
            .deleteOne(and(eq("_id", new ObjectId(labelId)), eq("projectId", projectId)))
            .getDeletedCount()
        == 1;
  }

  private static Label toLabel(Document d) {
    return new Label(
        d.getObjectId("_id").toHexString(),
        d.getString("projectId"),
        d.get("version", Number.class).longValue(),
        d.getString("comment"),
        d.getString("userId"),
        d.getDate("created").toInstant());
  }
}
