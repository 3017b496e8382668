package io.quire.history.export;

import io.quire.common.blob.BlobStore;
import io.quire.common.contract.HistoryExportJob;
import io.quire.common.history.VersionExportStore;
import io.quire.common.history.VersionStore;
import io.quire.common.history.VersionZip;
import io.quire.common.messaging.JobListenerContainers;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.common.messaging.RetryPolicy;
import io.quire.history.ingest.HistoryWorkerProperties;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the {@code history.export} queue to its handler, and the sweeper of expired zips. */
@Configuration(proxyBeanMethods = false)
class ExportConfiguration {

  @Bean
  VersionExportHandler versionExportHandler(
      VersionStore versions,
      VersionExportStore exports,
      BlobStore blobs,
      HistoryWorkerProperties properties) {
    return new VersionExportHandler(
        versions, exports, new VersionZip(blobs), properties.exportTtl());
  }

  @Bean
  SimpleMessageListenerContainer historyExport(
      JobListenerContainers containers,
      QueueTopology topology,
      VersionExportHandler handler,
      HistoryWorkerProperties properties) {
    return containers.create(
        topology.queue(JobQueue.HISTORY_EXPORT),
        HistoryExportJob.class,
        handler,
        properties.exportConcurrency(),
        RetryPolicy.standard(),
        properties.shutdownTimeout());
  }

  @Bean
  ExportSweeper exportSweeper(VersionExportStore exports, HistoryWorkerProperties properties) {
    return new ExportSweeper(exports, properties.exportSweepInterval());
  }
}
