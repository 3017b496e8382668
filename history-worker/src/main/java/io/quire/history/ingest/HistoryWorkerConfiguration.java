package io.quire.history.ingest;

import com.mongodb.client.MongoDatabase;
import io.quire.common.blob.BlobStore;
import io.quire.common.contract.HistoryIngestJob;
import io.quire.common.history.LabelStore;
import io.quire.common.history.SnapshotDiff;
import io.quire.common.history.TreeChangeStore;
import io.quire.common.history.VersionStore;
import io.quire.common.messaging.JobListenerContainers;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.common.messaging.RetryPolicy;
import io.quire.common.project.DocStore;
import io.quire.common.project.ProjectStore;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the {@code history.ingest} queue to its handler and the stores it reads and writes. */
@Configuration(proxyBeanMethods = false)
class HistoryWorkerConfiguration {

  @Bean
  HistoryIngestHandler historyIngestHandler(
      ProjectStore projects,
      DocStore docs,
      BlobStore blobs,
      VersionStore versions,
      LabelStore labels,
      TreeChangeStore treeChanges,
      MongoDatabase database,
      HistoryWorkerProperties properties) {
    return new HistoryIngestHandler(
        projects,
        versions,
        labels,
        treeChanges,
        new SnapshotReader(docs, blobs, treeChanges),
        new SnapshotDiff(blobs),
        new UpdateLogTrimmer(database, properties.keepUpdates(), properties.keepUpdatesFor()),
        properties);
  }

  @Bean
  SimpleMessageListenerContainer historyIngest(
      JobListenerContainers containers,
      QueueTopology topology,
      HistoryIngestHandler handler,
      HistoryWorkerProperties properties) {
    return containers.create(
        topology.queue(JobQueue.HISTORY_INGEST),
        HistoryIngestJob.class,
        handler,
        properties.concurrency(),
        RetryPolicy.standard(),
        properties.shutdownTimeout());
  }
}
