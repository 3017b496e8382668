package io.quire.compile.job;

import io.quire.compile.sandbox.SandboxProcess;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The compiles running on this worker, by project, so a stop command can reach them. */
public final class RunningCompiles {
  private record Running(String jobId, SandboxProcess process) {}

  private final Map<String, Running> byProject = new ConcurrentHashMap<>();

  void started(String projectId, String jobId, SandboxProcess process) {
    byProject.put(projectId, new Running(jobId, process));
  }

  void finished(String projectId, String jobId) {
    byProject.computeIfPresent(projectId, (p, r) -> r.jobId().equals(jobId) ? null : r);
  }

  /**
   * Stops the project's running compile, if it runs here and is the target.
   *
   * @param targetJobId the compile to stop, or null for any
   * @return whether a compile was stopped
   */
  boolean stop(String projectId, String targetJobId) {
    Running running = byProject.get(projectId);
    if (running == null || (targetJobId != null && !targetJobId.equals(running.jobId()))) {
      return false;
    }
    running.process().stop();
    return true;
  }

  int count() {
    return byProject.size();
  }
}
