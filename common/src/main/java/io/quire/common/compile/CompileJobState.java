package io.quire.common.compile;

import io.quire.common.contract.CompilePriority;
import io.quire.common.contract.CompileResult;
import io.quire.common.contract.CompileStatus;
import java.time.Instant;

/**
 * Where a compile job is: queued, running, or done with its result.
 *
 * @param supersededBy a newer compile of the same project by the same user that replaced this one
 *     while it was queued; its result answers for this job
 * @param cancelled stop was requested while it was queued
 */
public record CompileJobState(
    String jobId,
    String projectId,
    String requestedBy,
    CompilePriority priority,
    String cacheKey,
    CompileStatus status,
    Instant enqueuedAt,
    Instant startedAt,
    String workerId,
    String supersededBy,
    boolean cancelled,
    CompileResult result) {

  public static CompileJobState queued(
      String jobId,
      String projectId,
      String requestedBy,
      CompilePriority priority,
      String cacheKey,
      Instant at) {
    return new CompileJobState(
        jobId,
        projectId,
        requestedBy,
        priority,
        cacheKey,
        CompileStatus.QUEUED,
        at,
        null,
        null,
        null,
        false,
        null);
  }

  public CompileJobState running(String worker, Instant at) {
    return new CompileJobState(
        jobId,
        projectId,
        requestedBy,
        priority,
        cacheKey,
        CompileStatus.RUNNING,
        enqueuedAt,
        at,
        worker,
        supersededBy,
        cancelled,
        null);
  }

  public CompileJobState done(CompileResult finalResult) {
    return new CompileJobState(
        jobId,
        projectId,
        requestedBy,
        priority,
        cacheKey,
        finalResult.status(),
        enqueuedAt,
        startedAt,
        workerId,
        supersededBy,
        cancelled,
        finalResult);
  }

  public CompileJobState supersededBy(String newerJobId) {
    return new CompileJobState(
        jobId,
        projectId,
        requestedBy,
        priority,
        cacheKey,
        status,
        enqueuedAt,
        startedAt,
        workerId,
        newerJobId,
        cancelled,
        result);
  }

  public CompileJobState cancel() {
    return new CompileJobState(
        jobId,
        projectId,
        requestedBy,
        priority,
        cacheKey,
        status,
        enqueuedAt,
        startedAt,
        workerId,
        supersededBy,
        true,
        result);
  }

  public boolean isFinal() {
    return status.isFinal();
  }
}
