package io.quire.git.http;

import io.quire.common.project.Access;
import io.quire.git.GitProperties;
import io.quire.git.push.PushHook;
import io.quire.git.repo.GitRepositories;
import io.quire.git.repo.ProjectSnapshots;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.resolver.ReceivePackFactory;
import org.eclipse.jgit.transport.resolver.RepositoryResolver;
import org.eclipse.jgit.transport.resolver.ServiceNotEnabledException;
import org.eclipse.jgit.transport.resolver.UploadPackFactory;

/**
 * What JGit's servlet asks for: the repository of a request, and configured upload (fetch) and
 * receive (push) sessions.
 */
final class GitServletFactories {
  private static final int IO_TIMEOUT_SECONDS = 600;
  static final String READ_ONLY =
      "You have read-only access to this project: you cannot push to it.";

  private final GitRepositories repositories;
  private final ProjectSnapshots snapshots;
  private final PushHook.Factory pushHooks;
  private final GitProperties properties;

  GitServletFactories(
      GitRepositories repositories,
      ProjectSnapshots snapshots,
      PushHook.Factory pushHooks,
      GitProperties properties) {
    this.repositories = repositories;
    this.snapshots = snapshots;
    this.pushHooks = pushHooks;
    this.properties = properties;
  }

  RepositoryResolver<HttpServletRequest> resolver() {
    return (request, name) -> {
      GitRequest git = GitRequest.of(request);
      String id = name.endsWith(".git") ? name.substring(0, name.length() - 4) : name;
      if (!id.equals(git.projectId())) {
        throw new RepositoryNotFoundException(name);
      }
      return repositories.open(id);
    };
  }

  /** Every fetch first brings {@code main} up to the project's current state. */
  UploadPackFactory<HttpServletRequest> uploadPacks() {
    return (request, repo) -> {
      GitRequest git = GitRequest.of(request);
      if (snapshots.sync(git.projectId()).isEmpty()) {
        throw new ServiceNotEnabledException("project " + git.projectId() + " is gone");
      }
      UploadPack upload = new UploadPack(repo);
      upload.setTimeout(IO_TIMEOUT_SECONDS);
      return upload;
    };
  }

  /**
   * Pushes: only by callers with write access; objects checked, sizes capped, {@code main} only and
   * fast-forward only; the hook checks the rest (write access again, as it stands then) and applies
   * the push to the project.
   */
  ReceivePackFactory<HttpServletRequest> receivePacks() {
    return (request, repo) -> {
      GitRequest git = GitRequest.of(request);
      // the filter refuses these already; this holds even if a request reached JGit another way
      if (!git.access().allows(Access.READ_WRITE)) {
        throw new ServiceNotEnabledException(READ_ONLY);
      }
      ensureMain(git, repo);
      ReceivePack receive = new ReceivePack(repo);
      receive.setTimeout(IO_TIMEOUT_SECONDS);
      receive.setCheckReceivedObjects(true);
      receive.setObjectChecker(new ObjectChecker().setSafeForWindows(true).setSafeForMacOS(true));
      receive.setAllowNonFastForwards(false);
      receive.setAllowDeletes(false);
      receive.setAllowBranchDeletes(false);
      receive.setMaxPackSizeLimit(properties.maxPackSize().toBytes());
      receive.setMaxObjectSizeLimit(properties.maxFileSize().toBytes());
      receive.setRefLogIdent(new PersonIdent(git.name(), git.email() == null ? "" : git.email()));
      receive.setPreReceiveHook(pushHooks.create(git.projectId(), git.userId()));
      return receive;
    };
  }

  /** A repository nobody fetched yet gets its first commit before anyone pushes onto it. */
  private void ensureMain(GitRequest git, Repository repo) throws ServiceNotEnabledException {
    try {
      if (repo.exactRef(GitRepositories.MAIN) == null
          && snapshots.sync(git.projectId()).isEmpty()) {
        throw new ServiceNotEnabledException("project " + git.projectId() + " is gone");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
