package io.quire.common.compile.rpc;

/**
 * A question for compile-worker. Requests are read-only and cheap, so a request that reaches a
 * second worker after the first one died is simply answered again.
 */
public sealed interface ToolRequest
    permits SynctexForwardRequest, SynctexInverseRequest, WordCountRequest, ChktexRequest {

  /** Unique id, for logs; also the AMQP {@code message_id}. */
  String requestId();

  /** The project asked about. */
  String projectId();

  /** The user on whose behalf web asks. */
  String requestedBy();
}
