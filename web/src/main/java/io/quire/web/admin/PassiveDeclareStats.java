package io.quire.web.admin;

import com.rabbitmq.client.AMQP;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Counts from AMQP passive declares: works with any broker, but knows only ready messages and
 * consumers (no unacknowledged count, no rates).
 */
final class PassiveDeclareStats implements QueueStatsSource {
  private final RabbitTemplate rabbit;

  PassiveDeclareStats(RabbitTemplate rabbit) {
    this.rabbit = rabbit;
  }

  @Override
  public String name() {
    return "amqp";
  }

  @Override
  public Map<String, QueueCounts> read(List<String> queues) {
    Map<String, QueueCounts> counts = new LinkedHashMap<>();
    for (String queue : queues) {
      AMQP.Queue.DeclareOk ok;
      try {
        // one channel per queue: a passive declare of a missing queue closes its channel
        ok = rabbit.execute(channel -> channel.queueDeclarePassive(queue));
      } catch (AmqpException e) {
        if (isNotFound(e)) {
          continue;
        }
        throw e;
      }
      if (ok != null) {
        counts.put(
            queue,
            new QueueCounts(ok.getMessageCount(), null, ok.getConsumerCount(), null, null, null));
      }
    }
    return counts;
  }

  private static boolean isNotFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("NOT_FOUND")) {
        return true;
      }
    }
    return false;
  }
}
