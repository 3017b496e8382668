package io.quire.common.history;

import com.mongodb.client.MongoDatabase;
import io.quire.common.blob.BlobStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The history stores, defined once for the services that read and write versions (web and
 * history-worker); each creates its indexes when built, so services that do not import this never
 * do.
 */
@Configuration(proxyBeanMethods = false)
public class HistoryStoresConfiguration {

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
  VersionExportStore versionExportStore(MongoDatabase database, BlobStore blobs) {
    return new VersionExportStore(database, blobs);
  }
}
