package io.quire.web.project;

import com.mongodb.client.MongoDatabase;
import io.quire.common.blob.BlobStore;
import io.quire.common.blob.GridFsBlobStore;
import io.quire.common.project.DocStore;
import io.quire.common.project.ProjectStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ProjectsConfiguration {

  @Bean
  ProjectStore projectStore(MongoDatabase database) {
    return new ProjectStore(database);
  }

  @Bean
  DocStore docStore(MongoDatabase database) {
    return new DocStore(database);
  }

  @Bean
  BlobStore blobStore(MongoDatabase database) {
    return new GridFsBlobStore(database);
  }
}
