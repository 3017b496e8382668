package io.quire.git;

import com.mongodb.client.MongoDatabase;
import io.quire.common.account.TokenVerifier;
import io.quire.common.blob.BlobStore;
import io.quire.common.contract.GitSyncJob;
import io.quire.common.history.TreeChangeStore;
import io.quire.common.infra.QuireDataProperties;
import io.quire.common.messaging.JobListenerContainers;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.common.messaging.RetryPolicy;
import io.quire.common.project.DocStore;
import io.quire.common.project.ProjectStore;
import io.quire.git.push.PushHook;
import io.quire.git.push.PushLimits;
import io.quire.git.push.PushPermission;
import io.quire.git.repo.Authors;
import io.quire.git.repo.GitRepositories;
import io.quire.git.repo.GitStateStore;
import io.quire.git.repo.ProjectLocks;
import io.quire.git.repo.ProjectSnapshots;
import io.quire.git.sync.GitSyncJobHandler;
import io.quire.git.sync.RepositoryHousekeeping;
import java.time.Duration;
import org.redisson.api.RedissonClient;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The stores, repositories and job consumers of git-worker. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class GitWorkerConfiguration {

  @Bean
  TokenVerifier tokenVerifier(MongoDatabase database) {
    return new TokenVerifier(database);
  }

  @Bean
  GitRepositories gitRepositories(GitProperties git, QuireDataProperties data) {
    return new GitRepositories(git.repositoryRoot(data.dataDir()));
  }

  @Bean
  GitStateStore gitStateStore(MongoDatabase database) {
    return new GitStateStore(database);
  }

  @Bean
  ProjectLocks projectLocks(RedissonClient redisson, QueueTopology topology, GitProperties git) {
    return new ProjectLocks(redisson, topology.prefix(), git.lockWait());
  }

  @Bean
  ProjectSnapshots projectSnapshots(
      ProjectStore projects,
      DocStore docs,
      BlobStore blobs,
      GitStateStore states,
      GitRepositories repositories,
      ProjectLocks locks,
      MongoDatabase database) {
    return new ProjectSnapshots(
        projects, docs, blobs, states, repositories, locks, new Authors(database));
  }

  @Bean
  TreeChangeStore treeChangeStore(MongoDatabase database) {
    return new TreeChangeStore(database);
  }

  @Bean
  PushHook.Factory pushHooks(
      ProjectStore projects,
      DocStore docs,
      BlobStore blobs,
      ProjectSnapshots snapshots,
      ProjectLocks locks,
      MessagePublisher publisher,
      TreeChangeStore treeChanges,
      MongoDatabase database,
      GitProperties git,
      ProjectSizeLimit projectSize) {
    return new PushHook.Factory(
        projects,
        docs,
        blobs,
        snapshots,
        locks,
        publisher,
        treeChanges,
        new PushPermission(database),
        new PushLimits(
            git.maxFileSize().toBytes(),
            git.maxFiles(),
            git.maxDocSize().toBytes(),
            projectSize.maxProjectSize().toBytes()));
  }

  @Bean
  GitSyncJobHandler gitSyncJobHandler(
      ProjectStore projects,
      GitRepositories repositories,
      GitStateStore states,
      ProjectSnapshots snapshots,
      ProjectLocks locks) {
    return new GitSyncJobHandler(projects, repositories, states, snapshots, locks);
  }

  @Bean
  SimpleMessageListenerContainer gitSyncContainer(
      JobListenerContainers containers,
      QueueTopology topology,
      GitSyncJobHandler handler,
      GitProperties git) {
    return containers.create(
        topology.queue(JobQueue.GIT_SYNC),
        GitSyncJob.class,
        handler,
        git.syncConcurrency(),
        RetryPolicy.standard(),
        git.lockWait().plus(Duration.ofSeconds(30)));
  }

  @Bean
  RepositoryHousekeeping repositoryHousekeeping(GitRepositories repositories, ProjectLocks locks) {
    return new RepositoryHousekeeping(repositories, locks);
  }
}
