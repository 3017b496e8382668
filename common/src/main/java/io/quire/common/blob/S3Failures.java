package io.quire.common.blob;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns what the AWS SDK throws into a {@link BlobStoreException} an administrator can act on. */
final class S3Failures {
  private S3Failures() {}

  static BlobStoreException of(String what, S3Location location, SdkException e) {
    String where = location.description();
    if (e instanceof S3Exception s3) {
      String code =
          s3.awsErrorDetails() == null || s3.awsErrorDetails().errorCode() == null
              ? "HTTP " + s3.statusCode()
              : s3.awsErrorDetails().errorCode();
      if (s3.statusCode() == 403) {
        return new BlobStoreException(
            where
                + " refused the credentials or their permission to "
                + what
                + " ("
                + code
                + "): check QUIRE_BLOB_S3_ACCESS_KEY/_SECRET_KEY or the bucket policy",
            e);
      }
      if ("NoSuchBucket".equals(code)
          || (s3.statusCode() == 404 && what.equals("reach the bucket"))) {
        return new BlobStoreException(where + " does not exist (" + code + ")", e);
      }
      return new BlobStoreException(
          where + " could not " + what + " (" + code + ": " + s3.getMessage() + ")", e);
    }
    if (e instanceof SdkClientException) {
      return new BlobStoreException(
          where + " is not reachable to " + what + ": " + e.getMessage(), e);
    }
    return new BlobStoreException(where + " could not " + what + ": " + e.getMessage(), e);
  }
}
