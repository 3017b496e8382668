package io.quire.common.contract;

import java.time.Instant;

/**
 * Every job, event and command that crosses RabbitMQ. The wire form is JSON whose {@code type} is a
 * logical name (never a class name) and whose {@code schemaVersion} selects the record layout; see
 * {@link MessageCodec}.
 */
public sealed interface QuireMessage
    permits CompileJob,
        CompileCompletedEvent,
        StopCompileCommand,
        HistoryIngestJob,
        HistoryExportJob,
        GitSyncJob,
        ProjectChangedEvent,
        MailJob {

  /** Unique id of this job or event; also the AMQP {@code message_id} and the idempotency key. */
  String jobId();

  /** The project the message is about. */
  String projectId();

  /** Id of the user (or {@code system}) on whose behalf the message was sent. */
  String requestedBy();

  /** When the originating request was made. */
  Instant requestedAt();

  /** The logical type name written to the wire. */
  default String type() {
    return MessageType.of(getClass()).typeName();
  }

  /** The schema version this record writes. */
  default int schemaVersion() {
    return MessageType.of(getClass()).currentVersion();
  }
}
