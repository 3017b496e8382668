package io.quire.common.infra;

import com.mongodb.client.MongoDatabase;
import io.quire.common.blob.BlobStore;
import io.quire.common.blob.GridFsBlobStore;
import io.quire.common.blob.S3BlobStore;
import io.quire.common.blob.S3Location;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Builds the blob store {@link QuireBlobProperties} asks for. */
final class BlobStores {
  private BlobStores() {}

  static BlobStore create(QuireBlobProperties properties, MongoDatabase database) {
    return switch (properties.store()) {
      case GRIDFS -> new GridFsBlobStore(database);
      case S3 -> new S3BlobStore(s3Client(properties.s3()), location(properties.s3()));
    };
  }

  static S3Location location(QuireBlobProperties.S3 s3) {
    if (s3.bucket() == null || s3.bucket().isBlank()) {
      throw new IllegalArgumentException(
          "QUIRE_BLOB_STORE=s3 needs QUIRE_BLOB_S3_BUCKET, the bucket to keep blobs in");
    }
    ServerSideEncryption encryption =
        switch (s3.serverSideEncryption()) {
          case NONE -> null;
          case AES256 -> ServerSideEncryption.AES256;
          case AWS_KMS -> ServerSideEncryption.AWS_KMS;
        };
    String kmsKey = blankToNull(s3.kmsKeyId());
    if (kmsKey != null && encryption != ServerSideEncryption.AWS_KMS) {
      throw new IllegalArgumentException(
          "QUIRE_BLOB_S3_KMS_KEY_ID is set, but QUIRE_BLOB_S3_SERVER_SIDE_ENCRYPTION is not"
              + " aws-kms");
    }
    String endpoint = blankToNull(s3.endpoint());
    String where =
        "S3 bucket " + s3.bucket() + (endpoint == null ? " in " + s3.region() : " at " + endpoint);
    return new S3Location(
        s3.bucket(), s3.prefix(), encryption, kmsKey, (int) s3.partSize().toBytes(), where);
  }

  static S3Client s3Client(QuireBlobProperties.S3 s3) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(s3.region()))
            .forcePathStyle(s3.pathStyle())
            .credentialsProvider(credentials(s3))
            // checksums only where S3 demands them: many S3-compatible servers refuse the
            // trailing checksums the SDK otherwise sends with every upload
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .maxConnections(64)
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(60)));
    String endpoint = blankToNull(s3.endpoint());
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
    }
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(QuireBlobProperties.S3 s3) {
    String accessKey = blankToNull(s3.accessKey());
    String secretKey = blankToNull(s3.secretKey());
    if (accessKey == null && secretKey == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    if (accessKey == null || secretKey == null) {
      throw new IllegalArgumentException(
          "set both QUIRE_BLOB_S3_ACCESS_KEY and QUIRE_BLOB_S3_SECRET_KEY, or neither (for the"
              + " AWS default credentials chain)");
    }
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
