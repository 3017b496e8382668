package io.quire.web.compile;

import io.quire.common.compile.rpc.ToolCodec;
import io.quire.common.compile.rpc.ToolFailure;
import io.quire.common.compile.rpc.ToolReply;
import io.quire.common.compile.rpc.ToolRequest;
import io.quire.common.contract.UnreadableMessageException;
import io.quire.common.messaging.QueueTopology;
import io.quire.web.system.ApiException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpMessageReturnedException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.http.HttpStatus;

/**
 * Asks compile-worker a question and waits for the answer: request/reply over {@code
 * <prefix>.compile.rpc} with RabbitMQ's direct reply-to, so no reply queue is declared per request
 * or per instance. Each failure becomes a problem detail: no worker running (503, at once, without
 * waiting for the timeout), no answer in time (504), the worker's own refusal (400/404/504/502).
 *
 * <p>Its own {@link RabbitTemplate}, not the application's: a reply timeout and direct reply-to are
 * settings of the whole template, and a second template bean would replace Spring Boot's.
 */
class ToolRpcClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ToolRpcClient.class);

  private final RabbitTemplate template;
  private final QueueTopology topology;
  private final ToolCodec codec;
  private final Duration replyTimeout;

  ToolRpcClient(
      ConnectionFactory connectionFactory,
      QueueTopology topology,
      ToolCodec codec,
      Duration replyTimeout) {
    this.topology = topology;
    this.codec = codec;
    this.replyTimeout = replyTimeout;
    this.template = new RabbitTemplate(connectionFactory);
    template.setReplyTimeout(replyTimeout.toMillis());
    // a request no queue takes comes back at once instead of timing out
    template.setMandatory(true);
  }

  /**
   * Sends the request and returns the answer.
   *
   * @throws ApiException with the status for the user when there is no answer of that type
   */
  <T extends ToolReply> T ask(ToolRequest request, Class<T> expected) {
    requireAWorker();
    Message reply;
    try {
      reply = template.sendAndReceive("", topology.compileRpcQueue(), message(request));
    } catch (AmqpMessageReturnedException e) {
      throw noWorker();
    } catch (AmqpException e) {
      LOG.warn("Could not ask the compile workers {}: {}", request.requestId(), e.toString());
      throw brokerDown();
    }
    if (reply == null) {
      LOG.warn("No compile worker answered {} within {}", request.requestId(), replyTimeout);
      throw new ApiException(
          HttpStatus.GATEWAY_TIMEOUT,
          "No answer",
          "No compile worker answered within "
              + replyTimeout.toSeconds()
              + " s; they may all be busy. Try again.");
    }
    ToolReply answer;
    try {
      answer = codec.decodeReply(reply.getBody());
    } catch (UnreadableMessageException e) {
      LOG.error("Unreadable answer to {}: {}", request.requestId(), e.getMessage());
      throw badAnswer();
    }
    if (answer instanceof ToolFailure failure) {
      throw refusal(failure);
    }
    if (!expected.isInstance(answer)) {
      LOG.error(
          "Answer to {} is a {}, not a {}",
          request.requestId(),
          ToolCodec.typeName(answer),
          expected.getSimpleName());
      throw badAnswer();
    }
    return expected.cast(answer);
  }

  @Override
  public void close() {
    template.destroy();
  }

  private Message message(ToolRequest request) {
    MessageProperties properties = new MessageProperties();
    properties.setMessageId(request.requestId());
    properties.setType(ToolCodec.typeName(request));
    properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    properties.setContentEncoding("UTF-8");
    properties.setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT);
    // nobody waits for the answer after the timeout: the broker drops the question by then
    properties.setExpiration(Long.toString(replyTimeout.toMillis()));
    return new Message(codec.encode(request), properties);
  }

  /** Answers 503 at once when no worker listens, rather than after the whole reply timeout. */
  private void requireAWorker() {
    Integer consumers;
    try {
      consumers =
          template.execute(
              channel ->
                  channel.queueDeclarePassive(topology.compileRpcQueue()).getConsumerCount());
    } catch (AmqpException e) {
      LOG.warn("Could not look for compile workers: {}", e.toString());
      throw brokerDown();
    }
    if (consumers == null || consumers == 0) {
      throw noWorker();
    }
  }

  private static ApiException refusal(ToolFailure failure) {
    return switch (failure.reason()) {
      case INVALID -> ApiException.badRequest(failure.message());
      case NOT_FOUND -> ApiException.notFound(failure.message());
      case TIMED_OUT ->
          new ApiException(HttpStatus.GATEWAY_TIMEOUT, "Took too long", failure.message());
      case FAILED -> new ApiException(HttpStatus.BAD_GATEWAY, "Tool failed", failure.message());
    };
  }

  private static ApiException noWorker() {
    return ApiException.unavailable(
        "No compile worker is running to answer this; try again in a moment.");
  }

  private static ApiException brokerDown() {
    return ApiException.unavailable(
        "The compile workers cannot be reached right now; try again in a moment.");
  }

  private static ApiException badAnswer() {
    return new ApiException(
        HttpStatus.BAD_GATEWAY, "Bad answer", "The compile worker gave an answer web cannot read.");
  }
}
