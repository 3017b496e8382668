package io.quire.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMongoServerTest {

  @Test
  void dataWrittenBeforeAStopIsThereAfterARestart(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mongo/quire.mv.db");
    try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(server.connectionString("quire"))) {
      client.getDatabase("quire").getCollection("projects").insertOne(new Document("_id", "p1"));
    }

    try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(server.connectionString("quire"))) {
      MongoCollection<Document> projects = client.getDatabase("quire").getCollection("projects");
      assertThat(projects.find(new Document("_id", "p1")).first()).isNotNull();
    }
  }

  @Test
  void writesAskingForTheJournalOfAMajorityAreAcknowledged(@TempDir Path dir) throws Exception {
    // what every Quire service asks for (DurableWriteConcern); the embedded server is a standalone
    WriteConcern durable =
        WriteConcern.MAJORITY.withJournal(true).withWTimeout(10, TimeUnit.SECONDS);
    try (EmbeddedMongoServer server =
            EmbeddedMongoServer.start(dir.resolve("quire.mv.db"), "127.0.0.1", 0);
        MongoClient client = MongoClients.create(server.connectionString("quire"))) {
      MongoCollection<Document> projects =
          client.getDatabase("quire").getCollection("projects").withWriteConcern(durable);

      assertThat(projects.insertOne(new Document("_id", "p1")).wasAcknowledged()).isTrue();
      assertThat(projects.countDocuments()).isEqualTo(1);
    }
  }

  @Test
  void compactingTheFileKeepsEveryLiveDocument(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("quire.mv.db");
    try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(server.connectionString("quire"))) {
      MongoCollection<Document> docs = client.getDatabase("quire").getCollection("docs");
      for (int i = 0; i < 400; i++) {
        docs.insertOne(new Document("_id", i).append("text", "x".repeat(500)));
      }
      for (int i = 0; i < 400; i += 2) {
        docs.deleteOne(new Document("_id", i));
      }
      server.compactNow();
      docs.insertOne(new Document("_id", "after"));
    }

    try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(server.connectionString("quire"))) {
      MongoCollection<Document> docs = client.getDatabase("quire").getCollection("docs");
      assertThat(docs.countDocuments()).isEqualTo(201);
      assertThat(docs.find(new Document("_id", 399)).first().getString("text")).hasSize(500);
      assertThat(docs.find(new Document("_id", 0)).first()).isNull();
    }
  }
}
