package io.quire.web.admin;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.quire.web.account.QuireUser;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Administrators' actions on queues, logged and kept in the {@code audit} collection. */
final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  /**
   * One recorded action.
   *
   * @param action e.g. {@code dead-letters.requeue}
   * @param target what it acted on, e.g. a queue
   */
  record Entry(
      Instant at,
      String actorId,
      String actorEmail,
      String action,
      String target,
      Map<String, Object> details) {}

  private final MongoCollection<Document> audit;
  private final Clock clock;

  AuditLog(MongoDatabase database, Clock clock) {
    this.audit = database.getCollection("audit");
    this.clock = clock;
    audit.createIndex(Indexes.descending("at"));
  }

  void record(QuireUser actor, String action, String target, Map<String, Object> details) {
    Instant now = clock.instant();
    LOG.info(
        "Audit: administrator {} ({}) did {} on {} {}",
        actor.email(),
        actor.id(),
        action,
        target,
        details);
    audit.insertOne(
        new Document("at", Date.from(now))
            .append("actorId", actor.id())
            .append("actorEmail", actor.email())
            .append("action", action)
            .append("target", target)
            .append("details", new Document(details)));
  }

  List<Entry> recent(int limit) {
    List<Entry> entries = new ArrayList<>();
    for (Document d : audit.find().sort(Sorts.descending("at")).limit(limit)) {
      Document details = d.get("details", Document.class);
      entries.add(
          new Entry(
              d.getDate("at").toInstant(),
              d.getString("actorId"),
              d.getString("actorEmail"),
              d.getString("action"),
              d.getString("target"),
              details == null ? Map.of() : new LinkedHashMap<>(details)));
    }
    return entries;
  }
}
