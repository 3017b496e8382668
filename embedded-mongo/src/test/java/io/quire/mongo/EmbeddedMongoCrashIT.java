package io.quire.mongo;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import io.quire.testsupport.EmbeddedMongoProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded MongoDB as a process of its own, as {@code ./quire up} runs it, killed with SIGKILL
 * right after acknowledging its last write: every acknowledged write is there after a restart.
 */
class EmbeddedMongoCrashIT {
  private static final int WRITES = 300;

  @Test
  void everyAcknowledgedWriteSurvivesAKillRightAfterTheLastAcknowledgement(@TempDir Path dir)
      throws Exception {
    EmbeddedMongoProcess mongo = new EmbeddedMongoProcess(dir).start();
    List<Object> inserted = new ArrayList<>();
    try (MongoClient client = MongoClients.create(mongo.uri("quire"))) {
      MongoCollection<Document> docs = client.getDatabase("quire").getCollection("docs");
      docs.insertOne(new Document("_id", "counter").append("n", 0));
      docs.insertOne(new Document("_id", "doomed"));
      for (int i = 0; i < WRITES; i++) {
        docs.insertOne(new Document("_id", i).append("text", "update " + i));
        inserted.add(i);
        docs.updateOne(eq("_id", "counter"), Updates.inc("n", 1));
      }
      docs.deleteOne(eq("_id", "doomed"));
      mongo.kill();
    }

    try (EmbeddedMongoProcess restarted = mongo.start();
        MongoClient client = MongoClients.create(restarted.uri("quire"))) {
      MongoCollection<Document> docs = client.getDatabase("quire").getCollection("docs");
      List<Object> found = new ArrayList<>();
      docs.find(eq("text", new Document("$exists", true))).forEach(d -> found.add(d.get("_id")));
      assertThat(found).containsExactlyInAnyOrderElementsOf(inserted);
      assertThat(docs.find(eq("_id", "counter")).first().getInteger("n")).isEqualTo(WRITES);
      assertThat(docs.find(eq("_id", "doomed")).first()).isNull();
    }
  }

  @Test
  void anOrderlyStopKeepsEverythingToo(@TempDir Path dir) throws Exception {
    EmbeddedMongoProcess mongo = new EmbeddedMongoProcess(dir).start();
    try (MongoClient client = MongoClients.create(mongo.uri("quire"))) {
      client.getDatabase("quire").getCollection("docs").insertOne(new Document("_id", "a"));
    }
    mongo.stop();

    try (EmbeddedMongoProcess restarted = mongo.start();
        MongoClient client = MongoClients.create(restarted.uri("quire"))) {
      assertThat(client.getDatabase("quire").getCollection("docs").find(eq("_id", "a")).first())
          .isNotNull();
    }
  }
}
