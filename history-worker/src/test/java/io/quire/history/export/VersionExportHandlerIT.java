package io.quire.history.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quire.common.blob.GridFsBlobStore;
import io.quire.common.contract.HistoryExportJob;
import io.quire.common.history.FileState;
import io.quire.common.history.Version;
import io.quire.common.history.VersionExport;
import io.quire.common.history.VersionExportStore;
import io.quire.common.history.VersionStore;
import io.quire.common.history.VersionZip;
import io.quire.common.messaging.JobHandler;
import io.quire.testsupport.TestMongo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The export handler and store against a real (embedded) MongoDB and GridFS, without a broker. */
class VersionExportHandlerIT {
  private static final JobHandler.Delivery DELIVERY =
      new JobHandler.Delivery("history.export", false, 0);

  private MongoClient client;
  private MongoDatabase database;
  private GridFsBlobStore blobs;
  private VersionStore versions;
  private VersionExportStore exports;
  private VersionExportHandler handler;

  @BeforeEach
  void connect() {
    String uri = TestMongo.freshDatabaseUri();
    client = MongoClients.create(uri);
    database = client.getDatabase(uri.substring(uri.lastIndexOf('/') + 1));
    blobs = new GridFsBlobStore(database);
    versions = new VersionStore(database);
    exports = new VersionExportStore(database, blobs);
    handler =
        new VersionExportHandler(versions, exports, new VersionZip(blobs), Duration.ofHours(1));
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void anExportInFlightPastTheLimitIsMarkedLostAndALateAttemptMayStillFinishIt() {
    version("p1", 3, Map.of("main.tex", "lost and found\n".getBytes(StandardCharsets.UTF_8)));
    VersionExport export = exports.create("p1", 3, 0, "u1", Instant.now().plusSeconds(600));
    Instant limit = Instant.now().minus(Duration.ofMinutes(10));
    assertThat(exports.failIfLost(export.id(), limit, "lost")).as("asked for just now").isFalse();

    database
        .getCollection("historyExports")
        .updateOne(
            Filters.eq("_id", new ObjectId(export.id())),
            Updates.set("created", Date.from(Instant.now().minus(Duration.ofMinutes(11)))));

    assertThat(exports.failIfLost(export.id(), limit, "lost")).isTrue();
    VersionExport lost = exports.find("p1", export.id()).orElseThrow();
    assertThat(lost.status()).isEqualTo(VersionExport.Status.FAILED);
    assertThat(lost.error()).isEqualTo("lost");

    handler.handle(job(export), DELIVERY);

    assertThat(exports.find("p1", export.id()).orElseThrow().status())
        .as("a late attempt still delivers")
        .isEqualTo(VersionExport.Status.READY);
    assertThat(exports.failIfLost(export.id(), Instant.now(), "lost")).as("ready").isFalse();
  }

  @Test
  void theZipHoldsEveryFileOfTheVersionByteForByte() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("main.tex", "caf\u00e9 \u2014 \\section{One}\r\n".getBytes(StandardCharsets.UTF_8));
    byte[] binary = new byte[300_000];
    new Random(7).nextBytes(binary);
    files.put("figures/plot.png", binary);
    files.put("empty.tex", new byte[0]);
    Version version = version("p1", 3, files);
    VersionExport export = exports.create("p1", 3, 0, "u1", Instant.now().plusSeconds(600));

    handler.handle(job(export), DELIVERY);

    VersionExport done = exports.find("p1", export.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(VersionExport.Status.READY);
    assertThat(done.files()).isEqualTo(3);
    assertThat(done.missing()).isEmpty();
    Map<String, byte[]> zipped = unzip(exports.open(export.id()).orElseThrow());
    assertThat(zipped.keySet()).containsExactlyInAnyOrderElementsOf(files.keySet());
    files.forEach((path, bytes) -> assertThat(zipped.get(path)).as(path).isEqualTo(bytes));
    assertThat(done.size()).isEqualTo(zipBytes(export.id()).length);
    assertThat(version.number()).isEqualTo(3);
  }

  @Test
  void aSecondDeliveryOfADoneJobAndARacingAttemptLeaveOneZip() throws IOException {
    version("p1", 1, Map.of("main.tex", "one\n".getBytes(StandardCharsets.UTF_8)));
    VersionExport export = exports.create("p1", 1, 0, "u1", Instant.now().plusSeconds(600));
    // an attempt that crashed after uploading some chunks
    Optional<VersionExportStore.Upload> crashed = exports.start(export.id());
    crashed.orElseThrow().stream().write(new byte[600_000]);
    assertThat(database.getCollection("exports.chunks").countDocuments()).isPositive();

    handler.handle(job(export), DELIVERY);
    assertThat(handler.isAlreadyDone(job(export))).isTrue();
    handler.handle(job(export), DELIVERY);

    assertThat(database.getCollection("exports.files").countDocuments()).isEqualTo(1);
    ObjectId kept = (ObjectId) database.getCollection("exports.files").find().first().get("_id");
    assertThat(database.getCollection("exports.chunks").distinct("files_id", ObjectId.class))
        .containsExactly(kept);
    assertThat(unzip(exports.open(export.id()).orElseThrow())).containsOnlyKeys("main.tex");
  }

  @Test
  void anExportOfAVersionThatIsGoneFailsWithAMessage() {
    VersionExport export = exports.create("p1", 9, 0, "u1", Instant.now().plusSeconds(600));

    handler.handle(job(export), DELIVERY);

    VersionExport failed = exports.find("p1", export.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo(VersionExport.Status.FAILED);
    assertThat(failed.error()).isEqualTo("Version 9 no longer exists.");
    assertThat(exports.open(export.id())).isEmpty();
  }

  @Test
  void aGivenUpJobMarksItsExportFailed() {
    VersionExport export = exports.create("p1", 2, 0, "u1", Instant.now().plusSeconds(600));

    handler.gaveUp(job(export), new IllegalStateException("database down"));

    assertThat(exports.find("p1", export.id()).orElseThrow().status())
        .isEqualTo(VersionExport.Status.FAILED);
  }

  @Test
  void expiredExportsAreDeletedWithTheirZipsAndLiveOnesKept() throws IOException {
    version("p1", 1, Map.of("main.tex", "one\n".getBytes(StandardCharsets.UTF_8)));
    VersionExportHandler shortLived =
        new VersionExportHandler(versions, exports, new VersionZip(blobs), Duration.ofMillis(1));
    VersionExport old = exports.create("p1", 1, 0, "u1", Instant.now().plusSeconds(600));
    shortLived.handle(job(old), DELIVERY);
    VersionExport live = exports.create("p1", 1, 0, "u1", Instant.now().plusSeconds(600));
    handler.handle(job(live), DELIVERY);
    // never swept: the store deletes chunkless files too
    VersionExport neverBuilt = exports.create("p1", 1, 0, "u1", Instant.now().minusSeconds(1));
    exports.start(neverBuilt.id()).orElseThrow().stream().write(new byte[300_000]);
    assertThat(database.getCollection("exports.files").countDocuments()).isEqualTo(2);

    ExportSweeper sweeper = new ExportSweeper(exports, Duration.ofMinutes(5));
    int deleted = exports.deleteExpired(Instant.now().plusSeconds(1));

    assertThat(deleted).isEqualTo(2);
    assertThat(exports.find("p1", old.id())).isEmpty();
    assertThat(exports.find("p1", neverBuilt.id())).isEmpty();
    assertThat(exports.find("p1", live.id())).isPresent();
    assertThat(database.getCollection("exports.files").countDocuments()).isEqualTo(1);
    assertThat(database.getCollection("exports.chunks").distinct("files_id", ObjectId.class))
        .containsExactly(database.getCollection("exports.files").find().first().getObjectId("_id"));
    assertThat(unzip(exports.open(live.id()).orElseThrow())).containsOnlyKeys("main.tex");
    assertThat(sweeper.sweep()).isZero();
  }

  // --- steps ---

  private Version version(String projectId, long number, Map<String, byte[]> content) {
    List<FileState> files =
        content.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(
                e ->
                    new FileState(
                        e.getKey(),
                        e.getKey().endsWith(".tex") ? FileState.DOC : FileState.FILE,
                        blobs.put(e.getValue()),
                        e.getValue().length,
                        e.getKey().endsWith(".tex") ? "doc-" + e.getKey() : null))
            .toList();
    Instant now = Instant.now();
    Version version =
        new Version(projectId, number, 0, List.of("u1"), now, now, files, List.of(), Map.of(), 1);
    assertThat(versions.insert(version)).isTrue();
    return version;
  }

  private static HistoryExportJob job(VersionExport export) {
    return new HistoryExportJob(
        UUID.randomUUID().toString(),
        export.projectId(),
        "u1",
        Instant.now(),
        export.id(),
        export.version());
  }

  private byte[] zipBytes(String exportId) throws IOException {
    try (InputStream in = exports.open(exportId).orElseThrow()) {
      return in.readAllBytes();
    }
  }

  private static Map<String, byte[]> unzip(InputStream stream) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(stream.readAllBytes()))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), in.readAllBytes());
      }
    }
    return entries;
  }
}
