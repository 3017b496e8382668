package io.quire.common.messaging;

import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;

/**
 * The RabbitMQ topology of Quire, declared once here and used by every service.
 *
 * <ul>
 *   <li>{@code <prefix>.jobs}: direct exchange; each job queue is bound by its own name.
 *   <li>Job queues: durable quorum queues with a delivery limit, dead-lettering to {@code
 *       <prefix>.dead}, which routes each to its {@code <queue>.dead} quorum queue.
 *   <li>{@code <prefix>.events}: topic exchange for {@code compile.completed.<projectId>} and
 *       friends.
 *   <li>{@code <prefix>.control}: fanout exchange whose messages reach every compile-worker.
 *   <li>{@code <prefix>.compile.rpc}: questions for any compile-worker (SyncTeX, word count,
 *       chktex), answered through direct reply-to; see {@link #compileRpcQueue()}.
 * </ul>
 *
 * <p>The prefix is {@code quire} in production; tests use a random one so runs never share queues.
 *
 * @param prefix name prefix of every exchange and queue
 * @param deliveryLimit deliveries after which the broker dead-letters a message that keeps failing
 *     (for example one that crashes its worker)
 */
public record QueueTopology(String prefix, int deliveryLimit) {

  /** The job queues, by their name without prefix. */
  public enum JobQueue {
    COMPILE_INTERACTIVE("compile.interactive"),
    COMPILE_BACKGROUND("compile.background"),
    HISTORY_INGEST("history.ingest"),
    HISTORY_EXPORT("history.export"),
    GIT_SYNC("git.sync"),
    MAIL_SEND("mail.send");

    private final String shortName;

    JobQueue(String shortName) {
      this.shortName = shortName;
    }

    public String shortName() {
      return shortName;
    }
  }

  public static final int DEFAULT_DELIVERY_LIMIT = 5;

  public static QueueTopology standard() {
    return new QueueTopology("quire", DEFAULT_DELIVERY_LIMIT);
  }

  public QueueTopology {
    if (prefix == null || !prefix.matches("[a-zA-Z0-9_.-]+")) {
      throw new IllegalArgumentException("invalid queue prefix: " + prefix);
    }
    if (deliveryLimit < 1) {
      throw new IllegalArgumentException("deliveryLimit must be at least 1");
    }
  }

  public String jobsExchange() {
    return prefix + ".jobs";
  }

  public String eventsExchange() {
    return prefix + ".events";
  }

  public String deadLetterExchange() {
    return prefix + ".dead";
  }

  public String controlExchange() {
    return prefix + ".control";
  }

  /**
   * The queue of request/reply questions for compile-worker, published to through the default
   * exchange. A classic queue without dead-lettering: a request is worth nothing once its asker
   * gave up, so requests carry an expiration and are never retried.
   */
  public String compileRpcQueue() {
    return prefix + ".compile.rpc";
  }

  /** Full name of a job queue; also its routing key on the jobs exchange. */
  public String queue(JobQueue queue) {
    return prefix + "." + queue.shortName();
  }

  /** Full name of the dead-letter queue of a job queue. */
  public String deadLetterQueue(JobQueue queue) {
    return queue(queue) + ".dead";
  }

  /** Routing key of an event on the events exchange, e.g. {@code compile.completed.<projectId>}. */
  public static String eventRoutingKey(String eventType, String projectId) {
    return eventType + "." + projectId;
  }

  /** Everything to declare; declaring is idempotent, so every service declares it all. */
  public Declarables declarables() {
    List<Declarable> all = new ArrayList<>();
    DirectExchange jobs = new DirectExchange(jobsExchange(), true, false);
    DirectExchange dead = new DirectExchange(deadLetterExchange(), true, false);
    all.add(jobs);
    all.add(dead);
    all.add(new TopicExchange(eventsExchange(), true, false));
    all.add(new FanoutExchange(controlExchange(), true, false));
    for (JobQueue jobQueue : JobQueue.values()) {
      Queue queue =
          QueueBuilder.durable(queue(jobQueue))
              .quorum()
              .deliveryLimit(deliveryLimit)
              .deadLetterExchange(deadLetterExchange())
              .deadLetterRoutingKey(queue(jobQueue))
              .build();
      Queue deadQueue = QueueBuilder.durable(deadLetterQueue(jobQueue)).quorum().build();
      all.add(queue);
      all.add(deadQueue);
      all.add(BindingBuilder.bind(queue).to(jobs).with(queue(jobQueue)));
      all.add(BindingBuilder.bind(deadQueue).to(dead).with(queue(jobQueue)));
    }
    all.add(QueueBuilder.durable(compileRpcQueue()).build());
    return new Declarables(all);
  }

  /** Every queue of the topology, dead-letter queues included. */
  public List<String> queueNames() {
    List<String> names = new ArrayList<>();
    for (JobQueue queue : JobQueue.values()) {
      names.add(queue(queue));
      names.add(deadLetterQueue(queue));
    }
    names.add(compileRpcQueue());
    return names;
  }

  /** Every exchange of the topology. */
  public List<String> exchangeNames() {
    return List.of(jobsExchange(), deadLetterExchange(), eventsExchange(), controlExchange());
  }

  /**
   * A queue of one service instance (events it forwards, control commands it obeys): exclusive and
   * deleted with the instance's connection. Declared without the leader-locator argument that
   * Spring's anonymous queues add, which older brokers refuse for classic queues.
   */
  public Queue instanceQueue(String purpose) {
    return new Queue(prefix + "." + purpose + "." + java.util.UUID.randomUUID(), false, true, true);
  }

  /** Bindings of a service's own event queue to the given event types of every project. */
  public List<Binding> eventBindings(Queue eventQueue, List<String> eventTypes) {
    TopicExchange events = new TopicExchange(eventsExchange(), true, false);
    return eventTypes.stream()
        .map(type -> BindingBuilder.bind(eventQueue).to(events).with(type + ".*"))
        .toList();
  }
}
