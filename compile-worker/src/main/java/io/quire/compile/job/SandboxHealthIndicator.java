package io.quire.compile.job;

import io.quire.compile.sandbox.SandboxRunner;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Up when the sandbox can run compiles now; down with the reason (the Docker engine does not
 * answer, the TeX image is missing, ...) otherwise. Part of the readiness group, so a worker that
 * would fail every compile is not reported ready.
 */
public final class SandboxHealthIndicator extends AbstractHealthIndicator {
  private final SandboxRunner sandbox;

  public SandboxHealthIndicator(SandboxRunner sandbox) {
    super("Sandbox health check failed");
    this.sandbox = sandbox;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.withDetail("sandbox", sandbox.name());
    sandbox
        .unavailableReason()
        .ifPresentOrElse(why -> builder.down().withDetail("reason", why), builder::up);
  }
}
