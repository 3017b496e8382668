package io.quire.common.infra;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where blobs are kept: project files, document and history snapshots, version exports.
 *
 * @param store {@code gridfs} (default: GridFS in the same MongoDB) or {@code s3} ({@code
 *     QUIRE_BLOB_STORE})
 * @param s3 the bucket when {@code store} is {@code s3} ({@code QUIRE_BLOB_S3_*})
 */
@Validated
@ConfigurationProperties("quire.blob")
public record QuireBlobProperties(
    @NotNull @DefaultValue("gridfs") Store store, @Valid @NotNull @DefaultValue S3 s3) {

  public enum Store {
    GRIDFS,
    S3
  }

  public enum Encryption {
    /** the bucket's own default (S3 encrypts with its managed keys unless told otherwise) */
    NONE,
    /** {@code AES256}: S3-managed keys (SSE-S3) */
    AES256,
    /** {@code aws:kms}: keys in AWS KMS (SSE-KMS), {@code kmsKeyId} or the account's default */
    AWS_KMS
  }

  /**
   * @param endpoint the S3 API's URL for an S3-compatible server ({@code http://minio:9000}); empty
   *     for AWS, which derives it from the region
   * @param region the bucket's region ({@code us-east-1} also for most S3-compatible servers)
   * @param bucket the bucket; it must exist
   * @param prefix put before every key, so one bucket can serve several installations
   * @param pathStyle {@code http://host/bucket/key} instead of {@code http://bucket.host/key}: most
   *     S3-compatible servers need it
   * @param accessKey access key id; empty for the AWS default credentials chain (environment,
   *     profile, container or instance role)
   * @param secretKey secret access key, with {@code accessKey}
   * @param serverSideEncryption encryption asked for on every write
   * @param kmsKeyId the KMS key for {@code aws-kms}; empty for the account's default
   * @param partSize uploads above this go up as multipart uploads in parts of this size (at least
   *     5MB); memory per running upload is one part
   */
  public record S3(
      String endpoint,
      @NotBlank @DefaultValue("us-east-1") String region,
      String bucket,
      @DefaultValue("") String prefix,
      @DefaultValue("false") boolean pathStyle,
      String accessKey,
      String secretKey,
      @NotNull @DefaultValue("none") Encryption serverSideEncryption,
      String kmsKeyId,
      @NotNull @DefaultValue("8MB") DataSize partSize) {}
}
