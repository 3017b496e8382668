package io.quire.compile.tools;

import io.quire.common.compile.rpc.ToolFailure;

/** A question that cannot be answered, with the reason web turns into an HTTP status. */
final class ToolException extends RuntimeException {
  private final ToolFailure.Reason reason;

  ToolException(ToolFailure.Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  ToolException(ToolFailure.Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  ToolFailure toFailure() {
    return new ToolFailure(reason, getMessage());
  }

  ToolFailure.Reason reason() {
    return reason;
  }
}
