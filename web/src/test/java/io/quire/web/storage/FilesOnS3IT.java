package io.quire.web.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.quire.common.blob.Hashes;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.testsupport.TestS3;
import io.quire.web.WebTestProperties;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * web with {@code QUIRE_BLOB_STORE=s3} on a real S3-compatible server: files go to the bucket (none
 * to GridFS), come back byte for byte (a 20 MB one too), download in the project zip, and an object
 * lost from the bucket is a clear 404 that leaves the rest of the project alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FilesOnS3IT {
  private static final Map<String, String> S3 = TestS3.blobStoreProperties();

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    S3.forEach((key, value) -> registry.add(key, () -> value));
  }

  @LocalServerPort int port;
  @Autowired MongoDatabase database;

  private ApiClient alice;
  private String project;

  @BeforeEach
  void createProject() {
    alice = new ApiClient("http://localhost:" + port);
    alice.register("s3-" + UUID.randomUUID() + "@example.org", "correct horse battery", "A");
    project = alice.postJson("/api/projects", Map.of("name", "On S3")).json().get("id").asString();
  }

  @Test
  void filesRoundTripThroughTheBucketAndNotGridFs() {
    byte[] figure = BlobStoreContract.random(70_000);
    byte[] data = BlobStoreContract.random(20 * 1024 * 1024);

    assertThat(put("intro.tex", "\\section{S3}".getBytes(StandardCharsets.UTF_8))).isEqualTo(201);
    assertThat(put("figures/plot.png", figure)).isEqualTo(201);
    assertThat(put("data/huge.bin", data)).isEqualTo(201);

    assertThat(alice.get(file("intro.tex")).text()).isEqualTo("\\section{S3}");
    assertThat(alice.get(file("figures/plot.png")).body()).isEqualTo(figure);
    assertThat(alice.get(file("data/huge.bin")).body()).isEqualTo(data);
    try (S3Client admin = TestS3.client()) {
      String bucket = S3.get("quire.blob.s3.bucket");
      for (byte[] content : new byte[][] {figure, data}) {
        String key = "blobs/" + Hashes.sha256(content);
        assertThat(admin.headObject(b -> b.bucket(bucket).key(key)).contentLength())
            .isEqualTo(content.length);
      }
    }
    assertThat(database.getCollection("blobs.files").countDocuments()).isZero();
    Response zip = alice.get("/api/projects/" + project + "/download.zip");
    assertThat(zip.status()).isEqualTo(200);
  }

  @Test
  void aFileWhoseObjectWasLostFromTheBucketIsAClear404AndTheRestIsThere() {
    byte[] lost = BlobStoreContract.random(1234);
    byte[] kept = BlobStoreContract.random(4321);
    put("lost.bin", lost);
    put("kept.bin", kept);
    try (S3Client admin = TestS3.client()) {
      admin.deleteObject(
          b -> b.bucket(S3.get("quire.blob.s3.bucket")).key("blobs/" + Hashes.sha256(lost)));
    }

    Response missing = alice.get(file("lost.bin"));

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("detail").asString()).contains("content of lost.bin is gone");
    assertThat(alice.get(file("kept.bin")).body()).isEqualTo(kept);
    assertThat(alice.get("/api/projects/" + project + "/tree").text()).contains("lost.bin");
  }

  private int put(String path, byte[] content) {
    return alice.put(file(path), content).status();
  }

  private String file(String path) {
    return "/api/projects/" + project + "/files/" + path;
  }
}
