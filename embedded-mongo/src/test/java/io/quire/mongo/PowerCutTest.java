package io.quire.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.h2.store.fs.FilePath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A power cut, simulated: the store's file is written through a file system that remembers what was
 * forced to the disk, and the server is then opened on only that. Every acknowledged write is in
 * it, so it is the fsync before each reply, not the process surviving, that keeps them.
 */
class PowerCutTest {
  private static final int WRITES = 50;

  @BeforeAll
  static void registerFileSystem() {
    FilePath.register(new PowerCutFileSystem());
  }

  @Test
  void everyAcknowledgedWriteIsInWhatTheDiskHoldsAfterAPowerCut(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("quire.mv.db");
    byte[] disk;
    try (EmbeddedMongoServer server =
            EmbeddedMongoServer.start(
                PowerCutFileSystem.SCHEME + ":" + file,
                dir,
                "127.0.0.1",
                0,
                Durability.COMMIT_AND_SYNC_BEFORE_REPLY);
        MongoClient client = MongoClients.create(server.connectionString("quire"))) {
      MongoCollection<Document> docs = client.getDatabase("quire").getCollection("docs");
      for (int i = 0; i < WRITES; i++) {
        docs.insertOne(new Document("_id", i));
      }
      // the power goes now: the disk keeps what was forced, the rest never reached it
      disk = PowerCutFileSystem.afterPowerCut(file.toString());
    }

    Path afterCut = dir.resolve("after-cut/quire.mv.db");
    Files.createDirectories(afterCut.getParent());
    Files.write(afterCut, disk);
    try (EmbeddedMongoServer server = EmbeddedMongoServer.start(afterCut, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(server.connectionString("quire"))) {
      assertThat(client.getDatabase("quire").getCollection("docs").countDocuments())
          .isEqualTo(WRITES);
    }
  }
}
