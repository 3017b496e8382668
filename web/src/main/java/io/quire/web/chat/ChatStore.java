package io.quire.web.chat;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

/**
 * The {@code chatMessages} collection (one document per message, written once) and {@code
 * chatReads} (one document per project and user: the id of the newest message they have read).
 * Messages are ordered by their ObjectId, which is also the paging cursor.
 */
@Component
class ChatStore {
  private final MongoCollection<Document> messages;
  private final MongoCollection<Document> reads;

  ChatStore(MongoDatabase database) {
    this.messages = database.getCollection("chatMessages");
    this.reads = database.getCollection("chatReads");
    messages.createIndex(
        Indexes.compoundIndex(Indexes.ascending("projectId"), Indexes.descending("_id")));
  }

  record Message(String id, String projectId, String userId, String text, Instant created) {}

  Message add(String projectId, String userId, String text, Instant created) {
    ObjectId id = new ObjectId();
    messages.insertOne(
        new Document("_id", id)
            .append("projectId", projectId)
            .append("userId", userId)
            .append("text", text)
            .append("created", Date.from(created)));
    return new Message(id.toHexString(), projectId, userId, text, created);
  }

  /** Up to {@code limit} messages older than {@code before} (all when null), newest first. */
  List<Message> page(String projectId, ObjectId before, int limit) {
    Bson filter =
        before == null
            ? eq("projectId", projectId)
            : and(eq("projectId", projectId), lt("_id", before));
    List<Message> page = new ArrayList<>();
    for (Document doc : messages.find(filter).sort(Sorts.descending("_id")).limit(limit)) {
      page.add(
          new Message(
              doc.getObjectId("_id").toHexString(),
              doc.getString("projectId"),
              doc.getString("userId"),
              doc.getString("text"),
              doc.getDate("created").toInstant()));
    }
    return page;
  }

  /** Marks every message of the project posted so far as read by the user. */
  void markRead(String projectId, String userId) {
    Document newest =
        messages.find(eq("projectId", projectId)).sort(Sorts.descending("_id")).limit(1).first();
    if (newest == null) {
      return;
    }
    reads.replaceOne(
        eq("_id", readId(projectId, userId)),
        new Document("_id", readId(projectId, userId))
            .append("projectId", projectId)
            .append("userId", userId)
            .append("lastRead", newest.getObjectId("_id")),
        new ReplaceOptions().upsert(true));
  }

  /** Messages of others posted after the user's last read one. */
  long unread(String projectId, String userId) {
    Optional<ObjectId> lastRead =
        Optional.ofNullable(reads.find(eq("_id", readId(projectId, userId))).first())
            .map(doc -> doc.getObjectId("lastRead"));
    Bson others = and(eq("projectId", projectId), ne("userId", userId));
    return messages.countDocuments(lastRead.map(id -> and(others, gt("_id", id))).orElse(others));
  }

  private static String readId(String projectId, String userId) {
    return projectId + ":" + userId;
  }
}
