package io.quire.compile.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.blob.BlobStore;
import io.quire.common.compile.CompileStore;
import io.quire.common.contract.CompileJob;
import io.quire.common.contract.MessageCodec;
import io.quire.common.infra.QuireDataProperties;
import io.quire.common.messaging.JobListenerContainers;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.common.messaging.RetryPolicy;
import io.quire.common.ops.HeartbeatPublisher;
import io.quire.compile.job.AuxStateTransfer;
import io.quire.compile.job.CompileAttempts;
import io.quire.compile.job.CompileJobHandler;
import io.quire.compile.job.CompileLimits;
import io.quire.compile.job.CompileMetrics;
import io.quire.compile.job.CompileOutcomes;
import io.quire.compile.job.CompileRunner;
import io.quire.compile.job.RunningCompiles;
import io.quire.compile.job.StopCommandListener;
import io.quire.compile.job.WorkspaceQuota;
import io.quire.compile.preamble.FormatBuilder;
import io.quire.compile.preamble.PreambleCache;
import io.quire.compile.sandbox.SandboxRunner;
import io.quire.compile.workspace.WorkspaceSync;
import java.time.Duration;
import org.redisson.api.RedissonClient;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires compile jobs: the queues to the handler (interactive work never waits behind background
 * work), the handler to the steps it orders, and the stop commands to the running compiles.
 */
@Configuration(proxyBeanMethods = false)
class CompileWorkerConfiguration {

  @Bean
  CompileStore compileStore(
      RedissonClient redisson,
      MessageCodec codec,
      QueueTopology topology,
      CompileWorkerProperties properties) {
    return new CompileStore(
        redisson, codec.mapper(), topology.prefix(), properties.stateTtl(), properties.resultTtl());
  }

  @Bean
  WorkspaceSync workspaceSync(
      BlobStore blobs,
      MessageCodec codec,
      CompileWorkerProperties properties,
      QuireDataProperties data) {
    return new WorkspaceSync(properties.workspaces(data), blobs, codec.mapper());
  }

  /** The compiles running on this worker, so a stop command can reach them. */
  @Bean
  RunningCompiles runningCompiles() {
    return new RunningCompiles();
  }

  @Bean
  CompileMetrics compileMetrics(MeterRegistry meters) {
    return new CompileMetrics(meters);
  }

  /** The worker's limits on every compile, with the memory of the sandbox in use. */
  @Bean
  CompileLimits compileLimits(CompileWorkerProperties properties, SandboxRunner sandbox) {
    return new CompileLimits(
        properties.maxTimeout(),
        properties.memoryBytes(sandbox.name()),
        properties.maxProcesses(),
        properties.maxFileSize().toBytes(),
        properties.maxStdout().toBytes(),
        properties.cpus());
  }

  @Bean
  CompileRunner compileRunner(
      SandboxRunner sandbox,
      RunningCompiles running,
      WorkspaceQuota quota,
      CompileLimits limits,
      CompileMetrics metrics,
      CompileWorkerProperties properties) {
    return new CompileRunner(sandbox, running, quota, limits, metrics, properties.directRuns());
  }

  @Bean
  CompileAttempts compileAttempts(
      CompileRunner runner,
      CompileOutcomes outcomes,
      PreambleCache formats,
      CompileMetrics metrics) {
    return new CompileAttempts(runner, outcomes, formats, metrics);
  }

  @Bean
  CompileOutcomes compileOutcomes(
      CompileWorkerProperties properties,
      WorkspaceQuota quota,
      HeartbeatPublisher.Identity identity) {
    return new CompileOutcomes(
        properties.allowedImages(),
        properties.maxOutput().toBytes(),
        quota.maxBytes(),
        quota.maxEntries(),
        identity.id());
  }

  @Bean
  AuxStateTransfer auxStateTransfer(CompileStore store, CompileWorkerProperties properties) {
    return new AuxStateTransfer(store, properties.auxTtl());
  }

  @Bean
  CompileJobHandler compileJobHandler(
      CompileStore store,
      RedissonClient redisson,
      WorkspaceSync workspaces,
      CompileAttempts attempts,
      RunningCompiles running,
      CompileLimits limits,
      CompileOutcomes outcomes,
      AuxStateTransfer auxState,
      PreambleCache formats,
      FormatBuilder dumps,
      MessagePublisher publisher,
      CompileMetrics metrics,
      HeartbeatPublisher.Identity identity) {
    return new CompileJobHandler(
        store,
        redisson,
        workspaces,
        attempts,
        running,
        limits,
        outcomes,
        auxState,
        formats,
        dumps,
        publisher,
        metrics,
        identity.id());
  }

  /** How often a running compile's workspace is measured against its quota. */
  private static final Duration QUOTA_INTERVAL = Duration.ofMillis(250);

  @Bean(destroyMethod = "close")
  WorkspaceQuota workspaceQuota(CompileWorkerProperties properties) {
    return new WorkspaceQuota(
        properties.maxWorkspace().toBytes(), properties.maxWorkspaceFiles(), QUOTA_INTERVAL);
  }

  /** Every slot takes interactive jobs. */
  @Bean
  SimpleMessageListenerContainer interactiveCompiles(
      JobListenerContainers containers,
      QueueTopology topology,
      CompileJobHandler handler,
      CompileWorkerProperties properties) {
    return containers.create(
        topology.queue(JobQueue.COMPILE_INTERACTIVE),
        CompileJob.class,
        handler,
        properties.slots(),
        RetryPolicy.standard(),
        properties.maxTimeout().plus(Duration.ofSeconds(30)));
  }

  /**
   * Background jobs get one slot fewer (at least one), so an interactive compile always finds a
   * free slot instead of waiting behind a queue of background work.
   */
  @Bean
  SimpleMessageListenerContainer backgroundCompiles(
      JobListenerContainers containers,
      QueueTopology topology,
      CompileJobHandler handler,
      CompileWorkerProperties properties) {
    return containers.create(
        topology.queue(JobQueue.COMPILE_BACKGROUND),
        CompileJob.class,
        handler,
        Math.max(1, properties.slots() - 1),
        RetryPolicy.standard(),
        properties.maxTimeout().plus(Duration.ofSeconds(30)));
  }

  @Bean
  Queue compileControlQueue(QueueTopology topology) {
    return topology.instanceQueue("compile-control");
  }

  @Bean
  Binding compileControlBinding(Queue compileControlQueue, QueueTopology topology) {
    return BindingBuilder.bind(compileControlQueue)
        .to(new FanoutExchange(topology.controlExchange(), true, false));
  }

  @Bean
  SimpleMessageListenerContainer compileControl(
      ConnectionFactory connectionFactory,
      Queue compileControlQueue,
      MessageCodec codec,
      RunningCompiles running) {
    SimpleMessageListenerContainer container =
        new SimpleMessageListenerContainer(connectionFactory);
    container.setQueues(compileControlQueue);
    container.setMessageListener(new StopCommandListener(codec, running));
    return container;
  }
}
