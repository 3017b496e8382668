package io.quire.compile.job;

import io.quire.common.contract.MessageCodec;
import io.quire.common.contract.StopCompileCommand;
import io.quire.common.contract.UnreadableMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;

/**
 * Receives stop commands broadcast to every compile-worker (each has its own exclusive queue on the
 * control exchange) and stops the compile if it runs here.
 */
public final class StopCommandListener implements MessageListener {
  private static final Logger LOG = LoggerFactory.getLogger(StopCommandListener.class);

  private final MessageCodec codec;
  private final RunningCompiles running;

  public StopCommandListener(MessageCodec codec, RunningCompiles running) {
    this.codec = codec;
    this.running = running;
  }

  @Override
  public void onMessage(Message message) {
    StopCompileCommand command;
    try {
      command = codec.decode(message.getBody(), StopCompileCommand.class);
    } catch (UnreadableMessageException e) {
      LOG.warn("Ignoring unreadable control message: {}", e.getMessage());
      return;
    }
    if (running.stop(command.projectId(), command.targetJobId())) {
      LOG.info("Stopped the compile of project {} on request", command.projectId());
    }
  }
}
