package io.quire.web.admin;

import java.util.List;
import java.util.Map;

/** Reads queue counts from the broker. */
interface QueueStatsSource {

  /** Short name of the source for the dashboard ({@code management} or {@code amqp}). */
  String name();

  /**
   * Counts of the given queues, by full name; a queue the broker does not have is left out.
   *
   * @throws RuntimeException when the broker cannot be asked
   */
  Map<String, QueueCounts> read(List<String> queues);
}
