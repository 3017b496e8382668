package io.quire.web.history;

import com.mongodb.client.MongoDatabase;
import io.quire.common.blob.BlobStore;
import io.quire.common.history.LabelStore;
import io.quire.common.history.SnapshotDiff;
import io.quire.common.history.TreeChangeStore;
import io.quire.common.history.VersionExportStore;
import io.quire.common.history.VersionStore;
import io.quire.common.history.VersionZip;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class HistoryConfiguration {

  @Bean
  VersionStore versionStore(MongoDatabase database) {
    return new VersionStore(database);
  }

  @Bean
  LabelStore labelStore(MongoDatabase database) {
    return new LabelStore(database);
  }

  @Bean
  TreeChangeStore treeChangeStore(MongoDatabase database) {
    return new TreeChangeStore(database);
  }

  @Bean
  VersionExportStore versionExportStore(MongoDatabase database) {
    return new VersionExportStore(database);
  }

  @Bean
  VersionZip versionZip(BlobStore blobs) {
    return new VersionZip(blobs);
  }

  @Bean
  SnapshotDiff snapshotDiff(BlobStore blobs) {
    return new SnapshotDiff(blobs);
  }
}
