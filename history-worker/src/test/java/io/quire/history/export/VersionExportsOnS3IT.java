package io.quire.history.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.quire.common.blob.S3BlobStore;
import io.quire.common.blob.S3Location;
import io.quire.common.contract.HistoryExportJob;
import io.quire.common.history.FileState;
import io.quire.common.history.Version;
import io.quire.common.history.VersionExport;
import io.quire.common.history.VersionExportStore;
import io.quire.common.history.VersionStore;
import io.quire.common.history.VersionZip;
import io.quire.common.messaging.JobHandler;
import io.quire.testsupport.TestMongo;
import io.quire.testsupport.TestS3;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Version zips built into an S3 bucket (S3Proxy, run by the tests): the zip is an object of its own
 * next to the blobs it was built from, a crashed attempt's unfinished multipart upload is aborted
 * when another attempt wins, and expired exports leave nothing in the bucket.
 */
class VersionExportsOnS3IT {
  private static final JobHandler.Delivery DELIVERY =
      new JobHandler.Delivery("history.export", false, 0);

  private MongoClient client;
  private String bucket;
  private S3BlobStore blobs;
  private S3Client admin;
  private VersionStore versions;
  private VersionExportStore exports;
  private VersionExportHandler handler;

  @BeforeEach
  void connect() {
    String uri = TestMongo.freshDatabaseUri();
    client = MongoClients.create(uri);
    MongoDatabase database = client.getDatabase(uri.substring(uri.lastIndexOf('/') + 1));
    bucket = TestS3.freshBucket();
    blobs = TestS3.store(bucket);
    admin = TestS3.client();
    versions = new VersionStore(database);
    exports = new VersionExportStore(database, blobs);
    handler =
        new VersionExportHandler(versions, exports, new VersionZip(blobs), Duration.ofHours(1));
  }

  @AfterEach
  void close() {
    blobs.close();
    admin.close();
    client.close();
  }

  @Test
  void theZipIsAnObjectInTheBucketHoldingEveryFileByteForByte() throws IOException {
    byte[] figure = random(2 * S3Location.MIN_PART_SIZE + 5);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("figures/big.bin", figure);
    files.put("main.tex", "\\section{S3}\n".getBytes());
    version(1, files);
    VersionExport export = exports.create("p1", 1, 0, "u1", Instant.now().plusSeconds(600));

    handler.handle(job(export), DELIVERY);

    assertThat(exports.find("p1", export.id()).orElseThrow().status())
        .isEqualTo(VersionExport.Status.READY);
    Map<String, byte[]> zipped = unzip(exports.open(export.id()).orElseThrow());
    assertThat(zipped.get("figures/big.bin")).isEqualTo(figure);
    assertThat(zipped.get("main.tex")).isEqualTo(files.get("main.tex"));
    assertThat(keys("exports/")).hasSize(1);
  }

  @Test
  void aCrashedAttemptsUnfinishedUploadIsAbortedWhenAnotherAttemptWins() throws IOException {
    version(1, Map.of("main.tex", "one\n".getBytes()));
    VersionExport export = exports.create("p1", 1, 0, "u1", Instant.now().plusSeconds(600));
    // a worker that died after sending the first part of its zip
    exports.start(export.id()).orElseThrow().stream()
        .write(new byte[S3Location.MIN_PART_SIZE + 1], 0, S3Location.MIN_PART_SIZE + 1);
    assertThat(admin.listMultipartUploads(b -> b.bucket(bucket)).uploads()).hasSize(1);

    handler.handle(job(export), DELIVERY);
    handler.handle(job(export), DELIVERY);

    assertThat(admin.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    assertThat(keys("exports/")).hasSize(1);
    assertThat(unzip(exports.open(export.id()).orElseThrow())).containsOnlyKeys("main.tex");
  }

  @Test
  void expiredExportsLeaveNothingInTheBucket() {
    version(1, Map.of("main.tex", "one\n".getBytes()));
    VersionExportHandler shortLived =
        new VersionExportHandler(versions, exports, new VersionZip(blobs), Duration.ofMillis(1));
    VersionExport old = exports.create("p1", 1, 0, "u1", Instant.now().plusSeconds(600));
    shortLived.handle(job(old), DELIVERY);
    assertThat(keys("exports/")).hasSize(1);

    assertThat(exports.deleteExpired(Instant.now().plusSeconds(1))).isEqualTo(1);

    assertThat(keys("exports/")).isEmpty();
    assertThat(keys("blobs/")).isNotEmpty();
  }

  // --- steps ---

  private void version(long number, Map<String, byte[]> content) {
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
    assertThat(
            versions.insert(
                new Version(
                    "p1", number, 0, List.of("u1"), now, now, files, List.of(), Map.of(), 1)))
        .isTrue();
  }

  /** Object keys under a prefix (S3Proxy's file system backend also lists directories). */
  private List<String> keys(String prefix) {
    return admin.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .filter(key -> !key.endsWith("/"))
        .toList();
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

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
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
