package io.quire.common.blob;

import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Blobs in an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage, S3Proxy…). Content-addressed blobs
 * are objects {@code <prefix>blobs/<sha256>}, named objects {@code <prefix><area>/<name>}. Uploads
 * larger than the part size go up as multipart uploads, streamed part by part, so memory per upload
 * is one part whatever the object's size. Two writers racing on new content may both upload it; the
 * copies are identical.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
  private final S3Client s3;
  private final S3Location location;

  public S3BlobStore(S3Client s3, S3Location location) {
    this.s3 = s3;
    this.location = location;
  }

  @Override
  public String put(byte[] content) {
    String hash = Hashes.sha256(content);
    if (exists(hash)) {
      return hash;
    }
    String key = blobKey(hash);
    if (content.length <= location.partSize()) {
      try {
        s3.putObject(location.putRequest(key), RequestBody.fromBytes(content));
      } catch (SdkException e) {
        throw S3Failures.of("store blob " + hash, location, e);
      }
    } else {
      try (S3Upload upload = new S3Upload(s3, location, key)) {
        upload.write(content, 0, content.length);
      }
    }
    return hash;
  }

  @Override
  public Optional<byte[]> get(String sha256) {
    if (!Hashes.isSha256(sha256)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(blobKey(sha256))).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw S3Failures.of("read blob " + sha256, location, e);
    }
  }

  @Override
  public Optional<InputStream> open(String sha256) {
    if (!Hashes.isSha256(sha256)) {
      return Optional.empty();
    }
    return openKey(blobKey(sha256), "blob " + sha256);
  }

  @Override
  public boolean exists(String sha256) {
    if (!Hashes.isSha256(sha256)) {
      return false;
    }
    try {
      s3.headObject(b -> b.bucket(location.bucket()).key(blobKey(sha256)));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false; // a HEAD answer has no body, so not always the NoSuchKey code
      }
      throw S3Failures.of("look up blob " + sha256, location, e);
    } catch (SdkException e) {
      throw S3Failures.of("look up blob " + sha256, location, e);
    }
  }

  @Override
  public BlobUpload create(String area, String name) {
    ObjectNames.check(area, name);
    return new S3Upload(s3, location, location.key(area, name));
  }

  @Override
  public Optional<InputStream> open(String area, String name) {
    ObjectNames.check(area, name);
    return openKey(location.key(area, name), area + "/" + name);
  }

  @Override
  public void delete(String area, String name) {
    ObjectNames.check(area, name);
    String key = location.key(area, name);
    try {
      s3.deleteObject(b -> b.bucket(location.bucket()).key(key));
      // parts of an upload whose writer died cost storage until aborted
      ListMultipartUploadsResponse pending =
          s3.listMultipartUploads(b -> b.bucket(location.bucket()).prefix(key));
      for (MultipartUpload upload : pending.uploads()) {
        if (upload.key().equals(key)) {
          s3.abortMultipartUpload(
              AbortMultipartUploadRequest.builder()
                  .bucket(location.bucket())
                  .key(key)
                  .uploadId(upload.uploadId())
                  .build());
        }
      }
    } catch (SdkException e) {
      throw S3Failures.of("delete " + area + "/" + name, location, e);
    }
  }

  @Override
  public String checkAccess() {
    try {
      s3.headBucket(b -> b.bucket(location.bucket()));
    } catch (SdkException e) {
      throw S3Failures.of("reach the bucket", location, e);
    }
    return location.description();
  }

  /** Closes the S3 client (its connection pool): the store owns it. */
  @Override
  public void close() {
    s3.close();
  }

  private Optional<InputStream> openKey(String key, String what) {
    try {
      return Optional.of(s3.getObject(b -> b.bucket(location.bucket()).key(key)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw S3Failures.of("read " + what, location, e);
    }
  }

  private String blobKey(String sha256) {
    return location.prefix() + ObjectNames.BLOBS + "/" + sha256;
  }
}
