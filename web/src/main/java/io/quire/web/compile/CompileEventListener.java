package io.quire.web.compile;

import io.quire.common.contract.CompileCompletedEvent;
import io.quire.common.contract.MessageCodec;
import io.quire.common.contract.UnreadableMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Takes the {@code compile.completed} events every web instance receives on a queue of its own:
 * wakes the requests waiting for that job here, then passes the event on inside this instance (the
 * collaboration socket tells the project's open editors).
 */
class CompileEventListener implements MessageListener {
  private static final Logger LOG = LoggerFactory.getLogger(CompileEventListener.class);

  private final MessageCodec codec;
  private final CompileWaiter waiter;
  private final ApplicationEventPublisher localEvents;

  CompileEventListener(
      MessageCodec codec, CompileWaiter waiter, ApplicationEventPublisher localEvents) {
    this.codec = codec;
    this.waiter = waiter;
    this.localEvents = localEvents;
  }

  @Override
  public void onMessage(Message message) {
    CompileCompletedEvent event;
    try {
      event = codec.decode(message.getBody(), CompileCompletedEvent.class);
    } catch (UnreadableMessageException e) {
      LOG.warn("Ignoring unreadable event: {}", e.getMessage());
      return;
    }
    MDC.put("jobId", event.jobId());
    MDC.put("projectId", event.projectId());
    try {
      waiter.completed(event.jobId());
      try {
        localEvents.publishEvent(event);
      } catch (RuntimeException e) {
        // redelivering would not help the editors, and they find the result by polling anyway
        LOG.warn("Could not tell open editors that compile {} ended", event.jobId(), e);
      }
    } finally {
      MDC.remove("jobId");
      MDC.remove("projectId");
    }
  }
}
