package io.quire.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
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
}
