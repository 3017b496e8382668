package io.quire.compile.job;

import io.quire.common.blob.Hashes;
import io.quire.common.compile.CompileStore;
import io.quire.common.contract.CompileJob;
import io.quire.common.contract.ManifestEntry;
import io.quire.compile.workspace.AuxState;
import io.quire.compile.workspace.Workspace;
import io.quire.compile.workspace.WorkspaceSync.SyncReport;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a project's warm state between workers: after each compile its aux files and the record
 * of its last run go to the store (fenced by the project's lock), and a workspace this worker never
 * had starts from them, as warm as the workspace of the worker that saved them.
 */
public final class AuxStateTransfer {
  private static final Logger LOG = LoggerFactory.getLogger(AuxStateTransfer.class);

  private final CompileStore store;
  private final Duration ttl;

  /**
   * @param ttl how long a project's saved state is kept
   */
  public AuxStateTransfer(CompileStore store, Duration ttl) {
    this.store = store;
    this.ttl = ttl;
  }

  /**
   * A workspace this worker never had starts from the aux state the last compile of the project
   * saved, on whichever worker; with its run record it is as warm as that worker's was.
   *
   * @param previous the last run this workspace recorded, if it was not fresh
   * @return the last run the workspace's generated files belong to, and what changed since
   */
  DirectRun.Since restoreIfFresh(
      CompileJob job, SyncReport sync, Set<String> projectFiles, LastRun previous) {
    if (!sync.workspace().fresh()) {
      return new DirectRun.Since(previous, sync.changed());
    }
    Optional<byte[]> archive = store.auxState(job.projectId());
    if (archive.isEmpty()) {
      return new DirectRun.Since(null, sync.changed());
    }
    int restored = AuxState.restore(archive.get(), sync.workspace().sources(), projectFiles);
    LOG.info("Restored {} aux files of project {}", restored, job.projectId());
    RunRecord record = store.runRecord(job.projectId()).map(RunRecord::decode).orElse(null);
    if (record == null || !record.auxSha256().equals(Hashes.sha256(archive.get()))) {
      return new DirectRun.Since(null, sync.changed());
    }
    return new DirectRun.Since(record.lastRun(), record.changedFrom(manifestHashes(job)));
  }

  /**
   * Saves the aux state and the run record of this compile, for a worker that never saw the
   * project. A newer compile's state is never overwritten (the lock's fencing token decides); a
   * state that cannot be saved only means a cold start elsewhere.
   */
  void save(CompileJob job, Workspace workspace, Set<String> projectFiles, long token) {
    try {
      AuxState.Packed packed = AuxState.packState(workspace.sources(), projectFiles);
      byte[] archive = packed.archive();
      LastRun last = LastRun.read(workspace.root());
      if (last == null || !packed.complete()) {
        // a worker restoring an archive that lacks files must let latexmk see what is missing
        last = new LastRun(last == null ? "" : last.options(), false, 0);
      }
      String record = new RunRecord(last, Hashes.sha256(archive), manifestHashes(job)).encode();
      if (!store.saveAuxStateFenced(job.projectId(), token, archive, record, ttl)) {
        LOG.info(
            "A newer compile of project {} saved its state; the state of job {} is dropped",
            job.projectId(),
            job.jobId());
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not save the aux state of project {}; a worker that never saw it starts cold: {}",
          job.projectId(),
          e.toString());
    }
  }

  private static Map<String, String> manifestHashes(CompileJob job) {
    return job.manifest().stream()
        .collect(Collectors.toMap(ManifestEntry::path, ManifestEntry::sha256));
  }
}
