package io.quire.compile.config;

import io.quire.common.infra.QuireDataProperties;
import io.quire.common.ops.HeartbeatPublisher;
import io.quire.compile.job.SandboxHealthIndicator;
import io.quire.compile.sandbox.SandboxRunner;
import io.quire.compile.sandbox.SandboxSelector;
import io.quire.compile.sandbox.SandboxSettings;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the sandbox every compile and tool run goes through, and its health. */
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {
  /** The sandbox; the worker refuses to start when none is available (and unsafe is not set). */
  @Bean
  SandboxRunner sandboxRunner(
      CompileWorkerProperties properties,
      ToolsProperties tools,
      QuireDataProperties data,
      HeartbeatPublisher.Identity identity) {
    SandboxSettings defaults = SandboxSettings.defaults();
    Path workspaces = properties.workspaces(data);
    SandboxSettings.Docker docker =
        new SandboxSettings.Docker(
            properties.dockerHost(),
            properties.allowedImages(),
            properties.dockerUser(),
            workspaces,
            properties.hostWorkspaceDir() == null
                ? workspaces
                : properties.hostWorkspaceDir().toAbsolutePath(),
            defaults.docker().tmpBytes(),
            defaults.docker().userProcessLimit(),
            defaults.docker().pingTimeout());
    SandboxSettings.Bubblewrap standard = defaults.bubblewrap();
    // interactive and background consumers together need up to twice the slots, one uid each,
    // and each concurrent tool run (SyncTeX, texcount, chktex) one more
    SandboxSettings.Bubblewrap bubblewrap =
        new SandboxSettings.Bubblewrap(
            standard.bwrap(),
            standard.setpriv(),
            standard.prlimit(),
            properties.sandboxBaseUid(),
            Math.max(standard.slots(), properties.slots() * 2 + tools.concurrency()),
            standard.readOnlyPaths(),
            standard.tmpBytes(),
            standard.probeTimeout());
    return SandboxSelector.select(
        new SandboxSettings(
            SandboxSettings.Mode.parse(properties.sandbox()),
            defaults.defaultLimits(),
            bubblewrap,
            docker),
        identity.id());
  }

  /** The sandbox's state in the readiness group: no compile can run while it is down. */
  @Bean
  SandboxHealthIndicator sandboxHealthIndicator(SandboxRunner sandbox) {
    return new SandboxHealthIndicator(sandbox);
  }
}
