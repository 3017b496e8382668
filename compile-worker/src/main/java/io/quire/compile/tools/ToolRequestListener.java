package io.quire.compile.tools;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.quire.common.compile.rpc.ToolCodec;
import io.quire.common.compile.rpc.ToolFailure;
import io.quire.common.compile.rpc.ToolReply;
import io.quire.common.compile.rpc.ToolRequest;
import io.quire.common.contract.UnreadableMessageException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * Takes questions from {@code <prefix>.compile.rpc} and sends each answer to the asker's reply
 * address (RabbitMQ's direct reply-to), with the request's correlation id. Thin: decoding, MDC and
 * the reply; the answer comes from {@link ToolRequestHandler}.
 */
public final class ToolRequestListener implements ChannelAwareMessageListener {
  private static final Logger LOG = LoggerFactory.getLogger(ToolRequestListener.class);

  private final ToolCodec codec;
  private final ToolRequestHandler handler;

  public ToolRequestListener(ToolCodec codec, ToolRequestHandler handler) {
    this.codec = codec;
    this.handler = handler;
  }

  @Override
  public void onMessage(Message message, Channel channel) throws IOException {
    MessageProperties properties = message.getMessageProperties();
    String replyTo = properties.getReplyTo();
    if (replyTo == null || replyTo.isBlank()) {
      LOG.warn("Dropping a question without a reply address ({})", properties.getMessageId());
      return;
    }
    ToolReply reply;
    try {
      ToolRequest request = codec.decodeRequest(message.getBody());
      MDC.put("jobId", request.requestId());
      MDC.put("projectId", request.projectId());
      reply = handler.answer(request);
    } catch (UnreadableMessageException e) {
      LOG.warn("Unreadable question {}: {}", properties.getMessageId(), e.getMessage());
      reply = new ToolFailure(ToolFailure.Reason.INVALID, "Unreadable request: " + e.getMessage());
    } finally {
      MDC.remove("jobId");
      MDC.remove("projectId");
    }
    AMQP.BasicProperties replyProperties =
        new AMQP.BasicProperties.Builder()
            .contentType(MessageProperties.CONTENT_TYPE_JSON)
            .contentEncoding("UTF-8")
            .type(ToolCodec.typeName(reply))
            .correlationId(properties.getCorrelationId())
            .build();
    // not mandatory: an asker that gave up and went away is no error of ours
    channel.basicPublish("", replyTo, false, replyProperties, codec.encode(reply));
  }
}
