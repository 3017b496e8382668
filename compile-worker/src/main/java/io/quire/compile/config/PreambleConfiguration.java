package io.quire.compile.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.contract.MessageCodec;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.ops.HeartbeatPublisher;
import io.quire.compile.preamble.FormatBuilder;
import io.quire.compile.preamble.FormatFiles;
import io.quire.compile.preamble.FormatStore;
import io.quire.compile.preamble.PreambleCache;
import io.quire.compile.preamble.TexIdentity;
import io.quire.compile.sandbox.SandboxRunner;
import java.time.Clock;
import org.redisson.api.RedissonClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the preamble cache: its formats in Redis and in workspaces, the plan and the dump. */
@Configuration(proxyBeanMethods = false)
class PreambleConfiguration {
  @Bean
  FormatStore formatStore(
      RedissonClient redisson,
      MessageCodec codec,
      QueueTopology topology,
      CompileWorkerProperties properties) {
    return new FormatStore(
        redisson,
        codec.mapper(),
        topology.prefix(),
        properties.formatCacheSize().toBytes(),
        properties.auxTtl(),
        Clock.systemUTC());
  }

  @Bean
  FormatFiles formatFiles(MessageCodec codec) {
    return new FormatFiles(codec.mapper());
  }

  @Bean
  PreambleCache preambleCache(
      FormatStore formats,
      FormatFiles files,
      CompileWorkerProperties properties,
      MeterRegistry meters,
      SandboxRunner sandbox) {
    return new PreambleCache(
        formats,
        new TexIdentity(),
        files,
        new PreambleCache.Settings(properties.formatCache(), properties.formatMinCompiles()),
        meters,
        sandbox.name());
  }

  @Bean
  FormatBuilder formatBuilder(
      FormatStore formats,
      FormatFiles files,
      SandboxRunner sandbox,
      MeterRegistry meters,
      HeartbeatPublisher.Identity identity) {
    return new FormatBuilder(formats, files, sandbox, meters, identity.id(), Clock.systemUTC());
  }
}
