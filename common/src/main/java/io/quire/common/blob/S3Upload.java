package io.quire.common.blob;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One object streamed into S3: held in memory up to one part; an object that fits is one {@code
 * PutObject} at {@link #close()}, a larger one becomes a multipart upload whose parts go up as they
 * fill. S3 shows the object only when the upload completes, so readers never see a partial one; a
 * failed or aborted upload is aborted on S3's side too.
 */
final class S3Upload extends BlobUpload {
  private final S3Client s3;
  private final S3Location location;
  private final String key;
  private final byte[] part;
  private final List<CompletedPart> parts = new ArrayList<>();
  private int filled;
  private String uploadId;
  private boolean finished;

  S3Upload(S3Client s3, S3Location location, String key) {
    this.s3 = s3;
    this.location = location;
    this.key = key;
    this.part = new byte[location.partSize()];
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    if (finished) {
      throw new IllegalStateException("the upload of " + key + " is finished");
    }
    while (length > 0) {
      int n = Math.min(length, part.length - filled);
      System.arraycopy(bytes, offset, part, filled, n);
      filled += n;
      offset += n;
      length -= n;
      if (filled == part.length) {
        sendPart();
      }
    }
  }

  private void sendPart() {
    try {
      if (uploadId == null) {
        uploadId = s3.createMultipartUpload(location.multipartRequest(key)).uploadId();
      }
      int number = parts.size() + 1;
      UploadPartResponse sent =
          s3.uploadPart(
              b ->
                  b.bucket(location.bucket())
                      .key(key)
                      .uploadId(uploadId)
                      .partNumber(number)
                      .contentLength((long) filled),
              RequestBody.fromBytes(filled == part.length ? part : Arrays.copyOf(part, filled)));
      parts.add(CompletedPart.builder().partNumber(number).eTag(sent.eTag()).build());
      filled = 0;
    } catch (SdkException e) {
      throw abortAfter(
          S3Failures.of("upload part " + (parts.size() + 1) + " of " + key, location, e));
    }
  }

  @Override
  public void close() {
    if (finished) {
      return;
    }
    if (uploadId == null) {
      try {
        s3.putObject(location.putRequest(key), RequestBody.fromBytes(Arrays.copyOf(part, filled)));
        finished = true;
      } catch (SdkException e) {
        finished = true;
        throw S3Failures.of("store " + key, location, e);
      }
      return;
    }
    if (filled > 0) {
      sendPart();
    }
    try {
      s3.completeMultipartUpload(
          b ->
              b.bucket(location.bucket())
                  .key(key)
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(parts)));
      finished = true;
    } catch (SdkException e) {
      throw abortAfter(S3Failures.of("complete the upload of " + key, location, e));
    }
  }

  private BlobStoreException abortAfter(BlobStoreException failure) {
    try {
      abort();
    } catch (BlobStoreException abortFailure) {
      failure.addSuppressed(abortFailure);
    }
    return failure;
  }

  @Override
  public void abort() {
    if (finished) {
      return;
    }
    finished = true;
    if (uploadId != null) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(location.bucket()).key(key).uploadId(uploadId));
      } catch (SdkException e) {
        // the upload stays invisible; a bucket lifecycle rule (README) removes its parts
        throw S3Failures.of("abort the upload of " + key, location, e);
      }
    }
  }
}
