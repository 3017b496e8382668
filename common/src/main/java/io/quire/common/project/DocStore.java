package io.quire.common.project;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.ObjectId;

/** The {@code docs} collection: the latest text of every editable document. */
public final class DocStore {
  private final MongoCollection<Document> docs;

  public DocStore(MongoDatabase database) {
    this.docs = database.getCollection("docs");
    docs.createIndex(Indexes.ascending("projectId"));
  }

  public Doc create(String projectId, String text) {
    ObjectId id = new ObjectId();
    docs.insertOne(
        new Document("_id", id)
            .append("projectId", projectId)
            .append("text", text)
            .append("version", 0L));
    return new Doc(id.toHexString(), projectId, text, 0);
  }

  public Optional<Doc> find(String docId) {
    if (!ObjectId.isValid(docId)) {
      return Optional.empty();
    }
    return Optional.ofNullable(docs.find(eq("_id", new ObjectId(docId))).first())
        .map(DocStore::toDoc);
  }

  public List<Doc> findByProject(String projectId) {
    List<Doc> found = new ArrayList<>();
    docs.find(eq("projectId", projectId)).forEach(d -> found.add(toDoc(d)));
    return found;
  }

  /** Replaces the text as one new version; returns the document after the change. */
  public Optional<Doc> replaceText(String docId, String text) {
    Document updated =
        docs.findOneAndUpdate(
            eq("_id", new ObjectId(docId)),
            Updates.combine(Updates.set("text", text), Updates.inc("version", 1L)),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    return Optional.ofNullable(updated).map(DocStore::toDoc);
  }

  public void delete(String docId) {
    if (ObjectId.isValid(docId)) {
      docs.deleteOne(eq("_id", new ObjectId(docId)));
    }
  }

  public void deleteByProject(String projectId) {
    docs.deleteMany(eq("projectId", projectId));
  }

  private static Doc toDoc(Document d) {
    return new Doc(
        d.getObjectId("_id").toHexString(),
        d.getString("projectId"),
        d.getString("text"),
        d.get("version", Number.class).longValue());
  }
}
