package io.quire.compile.sandbox;

/**
 * No sandbox of the configured kind can run here. Thrown at start-up so that a worker without a
 * working sandbox refuses to start instead of compiling untrusted documents unprotected.
 */
public class SandboxUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SandboxUnavailableException(String message) {
    super(message);
  }

  public SandboxUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
