package io.quire.web.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.common.blob.BlobStore;
import io.quire.common.blob.BlobStoreException;
import io.quire.common.blob.BlobUpload;
import io.quire.common.blob.Hashes;
import io.quire.common.blob.S3BlobStore;
import io.quire.common.blob.S3Location;
import io.quire.testsupport.TestS3;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The blob store contract on a real S3-compatible server (S3Proxy, signatures checked), plus what
 * only S3 can do wrong: refused credentials, a missing bucket, an unreachable endpoint, an object
 * deleted behind Quire's back, and the key layout an administrator sees in the bucket.
 */
class S3BlobStoreIT extends BlobStoreContract {
  private static final int PART = S3Location.MIN_PART_SIZE;

  private String bucket;
  private S3BlobStore store;
  private S3Client admin;

  @BeforeEach
  void connect() {
    bucket = TestS3.freshBucket();
    store = store(bucket, "quire/", TestS3.secretKey(), TestS3.endpoint());
    admin = TestS3.client();
  }

  @AfterEach
  void close() {
    store.close();
    admin.close();
  }

  @Override
  BlobStore store() {
    return store;
  }

  private static S3BlobStore store(String bucket, String prefix, String secret, URI endpoint) {
    return store(bucket, prefix, secret, endpoint, null, new ArrayList<>());
  }

  /** A store whose client notes the headers of every request it sends in {@code sent}. */
  private static S3BlobStore store(
      String bucket,
      String prefix,
      String secret,
      URI endpoint,
      ServerSideEncryption encryption,
      List<SdkHttpRequest> sent) {
    ExecutionInterceptor recorder =
        new ExecutionInterceptor() {
          @Override
          public void beforeTransmission(
              Context.BeforeTransmission context, ExecutionAttributes attributes) {
            sent.add(context.httpRequest());
          }
        };
    S3Client client =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(Region.of(TestS3.REGION))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(TestS3.ACCESS_KEY, secret)))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(
                c -> c.retryStrategy(r -> r.maxAttempts(1)).addExecutionInterceptor(recorder))
            .build();
    return new S3BlobStore(
        client,
        new S3Location(bucket, prefix, encryption, null, PART, "S3 bucket " + bucket + " at test"));
  }

  @Test
  void everyWriteAsksForTheConfiguredServerSideEncryption() throws Exception {
    List<SdkHttpRequest> sent = new ArrayList<>();
    try (S3BlobStore encrypted =
        store(
            bucket,
            "quire/",
            TestS3.secretKey(),
            TestS3.endpoint(),
            ServerSideEncryption.AES256,
            sent)) {
      String small = encrypted.put(random(100));
      String large = encrypted.put(random(PART + 10));

      assertThat(encrypted.get(small)).hasValue(random(100));
      assertThat(encrypted.get(large)).hasValue(random(PART + 10));
    }

    List<SdkHttpRequest> creating =
        sent.stream()
            .filter(
                r ->
                    r.method() == SdkHttpMethod.PUT && r.rawQueryParameters().isEmpty()
                        || r.method() == SdkHttpMethod.POST
                            && r.rawQueryParameters().containsKey("uploads"))
            .toList();
    assertThat(creating).hasSize(2);
    assertThat(creating)
        .allSatisfy(
            r ->
                assertThat(r.firstMatchingHeader("x-amz-server-side-encryption"))
                    .hasValue("AES256"));
  }

  @Test
  void blobsAndNamedObjectsLieUnderThePrefixWhereAnAdministratorFindsThem() {
    String hash = store.put(random(10));
    String name = new ObjectId().toHexString();
    try (BlobUpload upload = store.create("exports", name)) {
      upload.write(random(10), 0, 10);
    }

    // S3Proxy's file system backend also lists its directories, as keys ending in a slash
    List<String> keys =
        admin.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
            .map(S3Object::key)
            .filter(key -> !key.endsWith("/"))
            .toList();

    assertThat(keys).containsExactlyInAnyOrder("quire/blobs/" + hash, "quire/exports/" + name);
  }

  @Test
  void aLargeFileGoesUpAsAMultipartUploadAndLeavesNoPartsBehind() {
    byte[] large = random(3 * PART + 1234);

    String hash = store.put(large);

    assertThat(admin.headObject(b -> b.bucket(bucket).key("quire/blobs/" + hash)).contentLength())
        .isEqualTo(large.length);
    assertThat(admin.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    assertThat(store.get(hash).orElseThrow()).isEqualTo(large);
  }

  @Test
  void anAbortedMultipartUploadIsAbortedOnTheServerToo() {
    BlobUpload upload = store.create("exports", new ObjectId().toHexString());
    upload.write(random(2 * PART), 0, 2 * PART);
    assertThat(admin.listMultipartUploads(b -> b.bucket(bucket)).uploads()).hasSize(1);

    upload.abort();

    assertThat(admin.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void anObjectDeletedBehindQuiresBackIsAMissingBlobAndTheRestIsStillThere() {
    String kept = store.put(random(1000));
    String lost = store.put(random(2000));
    admin.deleteObject(b -> b.bucket(bucket).key("quire/blobs/" + lost));

    assertThat(store.exists(lost)).isFalse();
    assertThat(store.get(lost)).isEmpty();
    assertThat(store.open(lost)).isEmpty();
    assertThat(store.get(kept)).hasValue(random(1000));
    // storing it again brings it back
    assertThat(store.put(random(2000))).isEqualTo(lost);
    assertThat(store.get(lost)).hasValue(random(2000));
  }

  @Test
  void refusedCredentialsAreAClearErrorAndLoseNothing() {
    String before = store.put(random(500));
    try (S3BlobStore wrong = store(bucket, "quire/", "not-the-secret", TestS3.endpoint())) {

      assertThatThrownBy(() -> wrong.put(random(600)))
          .isInstanceOf(BlobStoreException.class)
          .hasMessageContaining("S3 bucket " + bucket)
          .hasMessageContaining("refused the credentials");
      assertThatThrownBy(wrong::checkAccess).hasMessageContaining("refused the credentials");
      assertThatThrownBy(() -> wrong.get(before)).hasMessageContaining("refused the credentials");
    }

    assertThat(store.get(before)).hasValue(random(500));
    assertThat(store.exists(Hashes.sha256(random(600)))).isFalse();
  }

  @Test
  void aBucketThatDoesNotExistIsNamedInTheError() {
    try (S3BlobStore nowhere =
        store("no-such-bucket-" + System.nanoTime(), "", TestS3.secretKey(), TestS3.endpoint())) {
      assertThatThrownBy(nowhere::checkAccess)
          .isInstanceOf(BlobStoreException.class)
          .hasMessageContaining("does not exist");
    }
  }

  @Test
  void anEndpointThatDoesNotAnswerIsAClearError() {
    try (S3BlobStore unreachable =
        store(bucket, "", TestS3.secretKey(), URI.create("http://127.0.0.1:9"))) {
      assertThatThrownBy(() -> unreachable.put(random(10)))
          .isInstanceOf(BlobStoreException.class)
          .hasMessageContaining("not reachable");
    }
  }
}
