package io.quire.common.blob;

import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Where and how an {@link S3BlobStore} writes.
 *
 * @param bucket the bucket, which must exist
 * @param prefix put before every key ({@code quire/}), so one bucket can hold several things; empty
 *     for none
 * @param encryption server-side encryption asked for on every write, or null for the bucket's
 *     default
 * @param kmsKeyId the KMS key for {@code aws:kms}, or null for the account's default key
 * @param partSize bytes per part of a multipart upload, and the size above which an upload is one
 *     (S3's minimum part size is 5 MiB)
 * @param description how the store names itself in errors and health details
 */
public record S3Location(
    String bucket,
    String prefix,
    ServerSideEncryption encryption,
    String kmsKeyId,
    int partSize,
    String description) {

  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

  public S3Location {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("an S3 blob store needs a bucket");
    }
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException(
          "the S3 part size must be at least 5 MiB (S3 refuses smaller parts), not " + partSize);
    }
    prefix = prefix == null ? "" : prefix;
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
  }

  String key(String area, String name) {
    return prefix + area + "/" + name;
  }

  PutObjectRequest putRequest(String key) {
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key);
    if (encryption != null) {
      request.serverSideEncryption(encryption).ssekmsKeyId(kmsKeyId);
    }
    return request.build();
  }

  CreateMultipartUploadRequest multipartRequest(String key) {
    CreateMultipartUploadRequest.Builder request =
        CreateMultipartUploadRequest.builder().bucket(bucket).key(key);
    if (encryption != null) {
      request.serverSideEncryption(encryption).ssekmsKeyId(kmsKeyId);
    }
    return request.build();
  }
}
