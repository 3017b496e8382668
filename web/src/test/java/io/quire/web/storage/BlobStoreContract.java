package io.quire.web.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.blob.BlobStore;
import io.quire.common.blob.BlobUpload;
import io.quire.common.blob.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * What every blob store does, run against each real one (GridFS in MongoDB, an S3-compatible
 * server): the services cannot tell them apart.
 */
abstract class BlobStoreContract {

  /** The store under test, on fresh, empty storage. */
  abstract BlobStore store();

  @Test
  void contentIsStoredOnceUnderItsHashAndReadBackWhole() throws IOException {
    byte[] content = "\\documentclass{article}".getBytes(StandardCharsets.UTF_8);

    String hash = store().put(content);

    assertThat(hash).isEqualTo(Hashes.sha256(content));
    assertThat(store().put(content)).isEqualTo(hash);
    assertThat(store().exists(hash)).isTrue();
    assertThat(store().get(hash)).hasValue(content);
    try (InputStream in = store().open(hash).orElseThrow()) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void anEmptyFileIsABlobToo() {
    String hash = store().put(new byte[0]);

    assertThat(store().get(hash)).hasValue(new byte[0]);
  }

  @Test
  void anUnknownOrMalformedHashIsAnEmptyAnswerNotAnError() {
    String unknown = Hashes.sha256("never stored " + System.nanoTime());

    assertThat(store().exists(unknown)).isFalse();
    assertThat(store().get(unknown)).isEmpty();
    assertThat(store().open(unknown)).isEmpty();
    assertThat(store().get("../../etc/passwd")).isEmpty();
    assertThat(store().exists("ABC")).isFalse();
  }

  @Test
  void aFileOfTwentyMegabytesRoundTripsIntact() {
    byte[] large = random(20 * 1024 * 1024 + 17);

    String hash = store().put(large);

    assertThat(store().get(hash).orElseThrow()).isEqualTo(large);
  }

  @Test
  void aNamedObjectIsInvisibleUntilItsUploadCompletes() throws IOException {
    String name = new ObjectId().toHexString();
    byte[] zip = random(300_000);

    BlobUpload upload = store().create("exports", name);
    upload.write(zip, 0, 100_000);
    assertThat(store().open("exports", name)).isEmpty();
    upload.write(zip, 100_000, zip.length - 100_000);
    upload.close();

    try (InputStream in = store().open("exports", name).orElseThrow()) {
      assertThat(in.readAllBytes()).isEqualTo(zip);
    }
  }

  @Test
  void aNamedObjectStreamedInSmallWritesPastSixteenMegabytesRoundTrips() throws IOException {
    String name = new ObjectId().toHexString();
    byte[] large = random(17 * 1024 * 1024 + 3);

    try (BlobUpload upload = store().create("exports", name)) {
      for (int offset = 0; offset < large.length; offset += 64 * 1024) {
        upload.write(large, offset, Math.min(64 * 1024, large.length - offset));
      }
    }

    try (InputStream in = store().open("exports", name).orElseThrow()) {
      assertThat(in.readAllBytes()).isEqualTo(large);
    }
  }

  @Test
  void anAbortedUploadLeavesNothingToRead() {
    String name = new ObjectId().toHexString();

    BlobUpload upload = store().create("exports", name);
    upload.write(random(12 * 1024 * 1024), 0, 12 * 1024 * 1024);
    upload.abort();

    assertThat(store().open("exports", name)).isEmpty();
  }

  @Test
  void aDeletedNamedObjectIsGoneAndDeletingAgainIsNoError() {
    String name = new ObjectId().toHexString();
    try (BlobUpload upload = store().create("exports", name)) {
      upload.write(random(1000), 0, 1000);
    }

    store().delete("exports", name);
    store().delete("exports", name);
    store().delete("exports", "never-written");

    assertThat(store().open("exports", name)).isEmpty();
  }

  @Test
  void namedObjectsAndContentAreKeptApart() {
    byte[] content = random(100);
    String hash = store().put(content);

    assertThat(store().open("exports", hash)).isEmpty();
    assertThat(catchIllegal(() -> store().create("blobs", hash))).isTrue();
    assertThat(catchIllegal(() -> store().create("exports", "../blobs/" + hash))).isTrue();
    assertThat(store().get(hash)).hasValue(content);
  }

  @Test
  void theHealthCheckNamesTheStore() {
    assertThat(store().checkAccess()).isNotBlank();
  }

  static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static boolean catchIllegal(Runnable call) {
    try {
      call.run();
      return false;
    } catch (IllegalArgumentException e) {
      return true;
    }
  }
}
