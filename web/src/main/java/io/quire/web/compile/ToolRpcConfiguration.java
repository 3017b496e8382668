package io.quire.web.compile;

import io.quire.common.compile.rpc.ToolCodec;
import io.quire.common.contract.MessageCodec;
import io.quire.common.messaging.QueueTopology;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ToolRpcConfiguration {

  @Bean(destroyMethod = "close")
  ToolRpcClient toolRpcClient(
      ConnectionFactory connectionFactory,
      QueueTopology topology,
      MessageCodec codec,
      ToolRpcProperties properties) {
    return new ToolRpcClient(
        connectionFactory, topology, new ToolCodec(codec.mapper()), properties.replyTimeout());
  }
}
