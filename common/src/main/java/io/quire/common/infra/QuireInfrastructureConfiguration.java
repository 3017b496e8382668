package io.quire.common.infra;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.quire.common.blob.BlobStore;
import io.quire.common.contract.MessageCodec;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.RedisWaitingJobs;
import io.quire.common.messaging.WaitingJobs;
import io.quire.common.project.DocStore;
import io.quire.common.project.ProjectStore;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The connections every service shares: MongoDB, Redis (Redisson), the queue topology, a confirming
 * publisher, and the project, document and blob stores. Imported by each application class.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  QuireConnectionProperties.class,
  QuireDataProperties.class,
  QuireBlobProperties.class
})
public class QuireInfrastructureConfiguration {

  /** Writes are acknowledged once journaled by a majority (see {@link DurableWriteConcern}). */
  @Bean(destroyMethod = "close")
  MongoClient mongoClient(QuireConnectionProperties properties) {
    return MongoClients.create(mongoClientSettings(properties.mongo().uri()));
  }

  static MongoClientSettings mongoClientSettings(String uri) {
    ConnectionString connection = new ConnectionString(uri);
    return MongoClientSettings.builder()
        .applyConnectionString(connection)
        .writeConcern(DurableWriteConcern.of(connection))
        .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
        .applyToSocketSettings(b -> b.connectTimeout(5, TimeUnit.SECONDS))
        .build();
  }

  @Bean
  MongoDatabase mongoDatabase(MongoClient client, QuireConnectionProperties properties) {
    String name = new ConnectionString(properties.mongo().uri()).getDatabase();
    return client.getDatabase(name == null ? "quire" : name);
  }

  @Bean(destroyMethod = "shutdown")
  RedissonClient redissonClient(QuireConnectionProperties properties) {
    Config config = new Config();
    config.useSingleServer().setAddress(properties.redis().url()).setConnectionMinimumIdleSize(2);
    return Redisson.create(config);
  }

  @Bean
  QueueTopology queueTopology(QuireConnectionProperties properties) {
    return new QueueTopology(properties.amqp().prefix(), properties.amqp().deliveryLimit());
  }

  /** Declared by Spring AMQP's admin on every (re)connection. */
  @Bean
  Declarables quireTopology(QueueTopology topology) {
    return topology.declarables();
  }

  @Bean
  MessageCodec messageCodec() {
    return new MessageCodec();
  }

  @Bean
  MessagePublisher messagePublisher(
      RabbitTemplate template,
      QueueTopology topology,
      MessageCodec codec,
      QuireConnectionProperties properties,
      WaitingJobs waitingJobs) {
    return new MessagePublisher(
        template, topology, codec, properties.amqp().confirmTimeout(), waitingJobs);
  }

  /** When each waiting job was queued, for the queue dashboard. */
  @Bean
  WaitingJobs waitingJobs(RedissonClient redisson, QueueTopology topology) {
    return new RedisWaitingJobs(redisson, topology.prefix());
  }

  /**
   * The blob store ({@code QUIRE_BLOB_STORE}): GridFS in the same database, or an S3-compatible
   * bucket. An S3 store's client is closed with the context.
   */
  @Bean
  BlobStore blobStore(QuireBlobProperties properties, MongoDatabase database) {
    return BlobStores.create(properties, database);
  }

  @Bean
  ProjectStore projectStore(MongoDatabase database) {
    return new ProjectStore(database);
  }

  @Bean
  DocStore docStore(MongoDatabase database) {
    return new DocStore(database);
  }

  @Bean
  MongoHealthIndicator mongoHealthIndicator(MongoDatabase database) {
    return new MongoHealthIndicator(database);
  }

  /** {@code blobs} in the readiness group: the store answers and takes the credentials. */
  @Bean
  BlobStoreHealthIndicator blobsHealthIndicator(BlobStore blobs) {
    return new BlobStoreHealthIndicator(blobs);
  }

  @Bean
  RedisHealthIndicator redisHealthIndicator(RedissonClient redisson) {
    return new RedisHealthIndicator(redisson);
  }
}
