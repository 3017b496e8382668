package io.quire.history.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.quire.common.history.FileState;
import io.quire.common.history.Version;
import io.quire.common.history.VersionStore;
import io.quire.testsupport.TestMongo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The version store's paging and newest-version bookkeeping against the embedded MongoDB. */
class VersionStoreIT {
  private MongoClient client;
  private MongoDatabase database;
  private VersionStore store;

  @BeforeEach
  void connect() {
    String uri = TestMongo.freshDatabaseUri();
    client = MongoClients.create(uri);
    database = client.getDatabase(uri.substring(uri.lastIndexOf('/') + 1));
    store = new VersionStore(database);
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void pagesGoNewestFirstWithoutSnapshotsAndStopAtVersionOne() {
    for (int n = 1; n <= 45; n++) {
      assertThat(store.insert(version("p", n))).isTrue();
      assertThat(store.insert(version("other", n))).isTrue();
    }

    List<Version> newest = store.page("p", null, 20);
    assertThat(newest).extracting(Version::number).startsWith(45L, 44L).endsWith(26L).hasSize(20);
    assertThat(newest).allSatisfy(v -> assertThat(v.files()).isEmpty());
    assertThat(newest).allSatisfy(v -> assertThat(v.projectId()).isEqualTo("p"));
    assertThat(store.page("p", 26L, 20)).extracting(Version::number).startsWith(25L).endsWith(6L);
    assertThat(store.page("p", 6L, 20))
        .extracting(Version::number)
        .containsExactly(5L, 4L, 3L, 2L, 1L);
    assertThat(store.page("p", 1L, 20)).isEmpty();
    assertThat(store.page("p", 1000L, 3))
        .extracting(Version::number)
        .containsExactly(45L, 44L, 43L);
    assertThat(store.page("nobody", null, 20)).isEmpty();
    assertThat(store.latest("p").orElseThrow().files()).hasSize(1);
    assertThat(store.insert(version("p", 45))).as("a number is written once").isFalse();
  }

  @Test
  void aVersionWrittenWithoutRaisingTheHeadIsStillTheNewest() {
    store.insert(version("p", 1));
    store.insert(version("p", 2));
    // a writer that stopped between inserting version 3 and raising the head
    database.getCollection("versions").insertOne(documentOf(version("p", 3)));

    assertThat(store.newestNumber("p")).isEqualTo(3);
    assertThat(store.page("p", null, 10)).extracting(Version::number).containsExactly(3L, 2L, 1L);
    assertThat(database.getCollection("versionHeads").find().first().get("number", Number.class))
        .isEqualTo(3L);
  }

  @Test
  void versionsWrittenBeforeKeysAndHeadsExistedAreFoundAndGetThem() {
    store.insert(version("p", 1));
    store.insert(version("p", 2));
    database
        .getCollection("versions")
        .updateMany(new Document(), new Document("$unset", new Document("key", "")));
    database.getCollection("versionHeads").deleteMany(new Document());

    VersionStore reopened = new VersionStore(database);

    assertThat(reopened.latest("p").orElseThrow().number()).isEqualTo(2);
    assertThat(reopened.find("p", 1)).isPresent();
    assertThat(reopened.page("p", null, 20)).extracting(Version::number).containsExactly(2L, 1L);
  }

  private static Version version(String projectId, long number) {
    Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(number);
    return new Version(
        projectId,
        number,
        0,
        List.of("u1"),
        at,
        at,
        List.of(new FileState("main.tex", FileState.DOC, "a".repeat(64), 3, "d1")),
        List.of(),
        Map.of("d1", number),
        number);
  }

  /** What the store writes for a version, written here without the store. */
  private Document documentOf(Version v) {
    MongoDatabase scratch = client.getDatabase("scratch" + System.nanoTime());
    VersionStore other = new VersionStore(scratch);
    other.insert(v);
    Document written = scratch.getCollection("versions").find().first();
    scratch.drop();
    written.remove("_id");
    return written;
  }
}
