package io.quire.web.compile;

import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.compile.CompileStore;
import io.quire.common.contract.MessageCodec;
import io.quire.common.contract.MessageType;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology;
import io.quire.web.project.ProjectLimits;
import java.util.List;
import org.redisson.api.RedissonClient;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CompileConfiguration {

  @Bean
  CompileStore compileStore(
      RedissonClient redisson,
      MessageCodec codec,
      QueueTopology topology,
      WebCompileProperties properties) {
    return new CompileStore(
        redisson, codec.mapper(), topology.prefix(), properties.stateTtl(), properties.resultTtl());
  }

  @Bean
  CompileService compileService(
      ManifestBuilder manifests,
      CompileStore store,
      MessagePublisher publisher,
      QueueTopology topology,
      WebCompileProperties properties,
      ProjectLimits limits,
      MeterRegistry meters,
      TexImages images) {
    return new CompileService(
        manifests, store, publisher, topology, properties, limits, meters, images);
  }

  @Bean
  TexImages texImages(WebCompileProperties properties) {
    return new TexImages(properties);
  }

  @Bean
  CompileWaiter compileWaiter(CompileStore store) {
    return new CompileWaiter(store);
  }

  @Bean
  CompileEventListener compileEventListener(
      MessageCodec codec, CompileWaiter waiter, ApplicationEventPublisher localEvents) {
    return new CompileEventListener(codec, waiter, localEvents);
  }

  /** This instance's own queue of compile completions. */
  @Bean
  Queue compileEventsQueue(QueueTopology topology) {
    return topology.instanceQueue("web-compile-events");
  }

  @Bean
  Declarables compileEventsBindings(Queue compileEventsQueue, QueueTopology topology) {
    return new Declarables(
        topology.eventBindings(
            compileEventsQueue, List.of(MessageType.COMPILE_COMPLETED.typeName())));
  }

  @Bean
  SimpleMessageListenerContainer compileEvents(
      ConnectionFactory connectionFactory,
      Queue compileEventsQueue,
      CompileEventListener listener) {
    SimpleMessageListenerContainer container =
        new SimpleMessageListenerContainer(connectionFactory);
    container.setQueues(compileEventsQueue);
    container.setMessageListener(listener);
    return container;
  }
}
