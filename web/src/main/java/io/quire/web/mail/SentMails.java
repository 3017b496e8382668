package io.quire.web.mail;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/**
 * The ids of mail jobs already handed to the SMTP server, so a redelivery (web stopped between
 * sending and acknowledging) does not send the message twice. Kept for a week.
 */
class SentMails {
  private static final Duration KEPT = Duration.ofDays(7);
  private final MongoCollection<Document> sent;

  SentMails(MongoDatabase database) {
    this.sent = database.getCollection("mailSent");
    sent.createIndex(Indexes.ascending("sent"));
  }

  boolean contains(String jobId) {
    return sent.find(Filters.eq("_id", jobId)).first() != null;
  }

  void record(String jobId) {
    try {
      sent.insertOne(new Document("_id", jobId).append("sent", new Date()));
      sent.deleteMany(Filters.lt("sent", Date.from(Instant.now().minus(KEPT))));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
    }
  }
}
