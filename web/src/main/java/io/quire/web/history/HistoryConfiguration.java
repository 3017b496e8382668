package io.quire.web.history;

import io.quire.common.blob.BlobStore;
import io.quire.common.history.SnapshotDiff;
import io.quire.common.history.VersionZip;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class HistoryConfiguration {

  @Bean
  VersionZip versionZip(BlobStore blobs) {
    return new VersionZip(blobs);
  }

  @Bean
  SnapshotDiff snapshotDiff(BlobStore blobs) {
    return new SnapshotDiff(blobs);
  }
}
