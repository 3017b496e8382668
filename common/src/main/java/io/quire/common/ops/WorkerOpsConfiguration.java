package io.quire.common.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.contract.MessageCodec;
import io.quire.common.infra.QuireDataProperties;
import io.quire.common.messaging.JobListenerContainers;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.WaitingJobs;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.redisson.api.RedissonClient;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What every worker has: the job listener containers and the heartbeats of the instance. Imported
 * by each worker application; running jobs are reported through the {@link RunningJobs} bean.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OpsProperties.class)
public class WorkerOpsConfiguration {

  @Bean
  RunningJobs runningJobs() {
    return new RunningJobs();
  }

  /** Listener containers of job queues; their jobs are reported in the heartbeats. */
  @Bean
  JobListenerContainers jobListenerContainers(
      ConnectionFactory connectionFactory,
      MessageCodec codec,
      MeterRegistry meters,
      RunningJobs runningJobs,
      WaitingJobs waitingJobs) {
    return new JobListenerContainers(connectionFactory, codec, meters, runningJobs, waitingJobs);
  }

  /** Who this instance is, in heartbeats, logs and compile results. */
  @Bean
  HeartbeatPublisher.Identity workerIdentity(QuireDataProperties data, Environment environment) {
    String pool = environment.getProperty("spring.application.name", "worker");
    String host = hostName();
    String id =
        data.instanceId() != null && !data.instanceId().isBlank()
            ? data.instanceId()
            : pool + "@" + host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
    return new HeartbeatPublisher.Identity(id, host, pool);
  }

  @Bean
  HeartbeatPublisher heartbeatPublisher(
      RedissonClient redisson,
      MessageCodec codec,
      QueueTopology topology,
      RunningJobs jobs,
      OpsProperties ops,
      HeartbeatPublisher.Identity identity) {
    return new HeartbeatPublisher(
        redisson, codec.mapper(), topology.prefix(), identity, jobs, ops.heartbeatInterval());
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
