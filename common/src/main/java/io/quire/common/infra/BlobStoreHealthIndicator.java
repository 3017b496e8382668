package io.quire.common.infra;

import io.quire.common.blob.BlobStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Up when the blob store answers and accepts this service's credentials; part of the readiness
 * group, so a service whose bucket refuses it says why instead of failing every upload.
 */
public class BlobStoreHealthIndicator extends AbstractHealthIndicator {
  private final BlobStore blobs;

  public BlobStoreHealthIndicator(BlobStore blobs) {
    super("Blob store health check failed");
    this.blobs = blobs;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.up().withDetail("store", blobs.checkAccess());
  }
}
