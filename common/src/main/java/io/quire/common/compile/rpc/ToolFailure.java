package io.quire.common.compile.rpc;

/**
 * Why a request has no answer.
 *
 * @param message for a human; says what to do when something can be done
 */
public record ToolFailure(Reason reason, String message) implements ToolReply {

  /** What went wrong, so web can choose the HTTP status. */
  public enum Reason {
    /** The request itself is wrong. */
    INVALID,
    /** What it refers to is gone, e.g. a build whose outputs expired. */
    NOT_FOUND,
    /** The tool ran past its time limit. */
    TIMED_OUT,
    /** The tool could not run or crashed: our fault, not the user's. */
    FAILED
  }

  public ToolFailure {
    if (reason == null) {
      throw new IllegalArgumentException("reason is required");
    }
    Checks.text(message, "message");
  }
}
