package io.quire.system;

import io.quire.compile.CompileWorkerApplication;
import io.quire.git.GitWorkerApplication;
import io.quire.history.HistoryWorkerApplication;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.BrokerCleanup;
import io.quire.testsupport.TestMongo;
import io.quire.web.QuireWebApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * web and compile-workers in this JVM, each its own Spring context, wired through the real RabbitMQ
 * and Redis under a private prefix, with a private database and data directories.
 */
final class QuireStack implements AutoCloseable {
  private final String prefix = "sys-" + UUID.randomUUID().toString().substring(0, 8);
  private final String mongoUri = TestMongo.freshDatabaseUri();
  private final Path dataRoot;
  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
  private ConfigurableApplicationContext web;

  private String amqpUrl;

  /** A stack on a broker of its own, e.g. a {@code PrivateRabbitMq}, instead of the shared one. */
  QuireStack(String amqpUrl) throws Exception {
    this();
    this.amqpUrl = amqpUrl;
  }

  QuireStack() throws Exception {
    // the sandbox uids must be able to traverse down to the workspaces
    dataRoot =
        Files.createTempDirectory(
            "quire-" + prefix,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
  }

  QuireStack startWeb(Map<String, Object> extra) {
    Map<String, Object> props = common("web");
    props.putAll(extra);
    web = start(QuireWebApplication.class, props);
    return this;
  }

  /** One more web instance on the same broker, Redis and database, as in a scaled deployment. */
  ConfigurableApplicationContext startAnotherWeb(String name) {
    return start(QuireWebApplication.class, common(name));
  }

  ConfigurableApplicationContext startCompileWorker(String name, Map<String, Object> extra) {
    Map<String, Object> props = common(name);
    props.put("quire.instance-id", name);
    // a uid range of its own, so concurrent test runs on this host never share sandbox uids
    props.put("quire.compile.sandbox-base-uid", randomBaseUid());
    // named, never "auto": what a test proves must not depend on whether a Docker engine answers
    props.putAll(Sandboxes.BUBBLEWRAP.workerProperties());
    props.putAll(extra);
    return start(CompileWorkerApplication.class, props);
  }

  ConfigurableApplicationContext startHistoryWorker(String name, Map<String, Object> extra) {
    Map<String, Object> props = common(name);
    props.put("quire.instance-id", name);
    props.putAll(extra);
    return start(HistoryWorkerApplication.class, props);
  }

  /** A git-worker in this JVM; its repositories live under {@code <dataDir>/git}. */
  ConfigurableApplicationContext startGitWorker(String name, Map<String, Object> extra) {
    Map<String, Object> props = common(name);
    props.put("quire.instance-id", name);
    // web's Spring Security shares this JVM's class path; git-worker authenticates by itself
    props.put(
        "spring.autoconfigure.exclude",
        String.join(
            ",",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet"
                + ".ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet"
                + ".SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet"
                + ".ManagementWebSecurityAutoConfiguration"));
    props.putAll(extra);
    return start(GitWorkerApplication.class, props);
  }

  /**
   * A compile-worker as a real process (its executable jar), for tests that kill it. Its output
   * goes to {@code <dataDir>/<name>.log}.
   */
  Process startCompileWorkerProcess(String name, int baseUid, int concurrency) throws Exception {
    return startCompileWorkerProcess(
        name, baseUid, concurrency, Sandboxes.BUBBLEWRAP.workerProperties());
  }

  /** The same with the given sandbox (and other) properties. */
  Process startCompileWorkerProcess(
      String name, int baseUid, int concurrency, Map<String, Object> extra) throws Exception {
    Path jar =
        Path.of(System.getProperty("user.dir"))
            .resolveSibling("compile-worker")
            .resolve("target/quire-compile-worker-exec.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("build compile-worker first: " + jar + " is missing");
    }
    Path dataDir = dataRoot.resolve(name);
    Files.createDirectories(dataDir);
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-jar",
                jar.toString(),
                "--server.port=0",
                "--quire.mongo.uri=" + mongoUri,
                "--quire.amqp.prefix=" + prefix,
                "--quire.data-dir=" + dataDir,
                "--quire.instance-id=" + name,
                "--quire.compile.concurrency=" + concurrency,
                "--quire.compile.sandbox-base-uid=" + baseUid)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(dataRoot.resolve(name + ".log").toFile()));
    extra.forEach((key, value) -> builder.command().add("--" + key + "=" + value));
    return builder.start();
  }

  /**
   * A worker as a process of its executable jar, so with its own {@code application.yml} (in this
   * JVM every app shares one class path and so one {@code application.yml}). Its output goes to
   * {@code <dataDir>/<name>.log}.
   *
   * @param module the worker's module, such as {@code history-worker}
   */
  Process startWorkerProcess(String module, String name, int port, List<String> extraArgs)
      throws Exception {
    Path jar =
        Path.of(System.getProperty("user.dir"))
            .resolveSibling(module)
            .resolve("target/quire-" + module + "-exec.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("build " + module + " first: " + jar + " is missing");
    }
    Path dataDir = dataRoot.resolve(name);
    Files.createDirectories(dataDir);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--quire.mongo.uri=" + mongoUri,
                "--quire.amqp.prefix=" + prefix,
                "--quire.data-dir=" + dataDir,
                "--quire.instance-id=" + name));
    command.addAll(extraArgs);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dataRoot.resolve(name + ".log").toFile())
        .start();
  }

  /** A random range of 100 sandbox uids, well away from the production default. */
  static int randomBaseUid() {
    return 300_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(0, 60_000) * 100;
  }

  ApiClient newClient() {
    return new ApiClient("http://localhost:" + webPort());
  }

  ConfigurableApplicationContext web() {
    return web;
  }

  int webPort() {
    return port(web);
  }

  static int port(ConfigurableApplicationContext webInstance) {
    return ((WebServerApplicationContext) webInstance).getWebServer().getPort();
  }

  String prefix() {
    return prefix;
  }

  /**
   * Waits until a compile-worker has let go of a project: a compile's result goes out before the
   * worker saves the aux state and dumps the preamble, all under the project's lock.
   */
  static void awaitProjectReleased(ConfigurableApplicationContext worker, String projectId) {
    io.quire.common.compile.CompileStore store =
        worker.getBean(io.quire.common.compile.CompileStore.class);
    org.redisson.api.RedissonClient redisson =
        worker.getBean(org.redisson.api.RedissonClient.class);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(() -> !redisson.getFencedLock(store.lockName(projectId)).isLocked());
  }

  Path dataDir(String name) {
    return dataRoot.resolve(name);
  }

  void stop(ConfigurableApplicationContext context) {
    context.close();
    contexts.remove(context);
  }

  private Map<String, Object> common(String name) {
    Map<String, Object> props = new HashMap<>();
    props.put("server.port", 0);
    props.put("quire.mongo.uri", mongoUri);
    props.put("quire.amqp.prefix", prefix);
    if (amqpUrl != null) {
      props.put("quire.amqp.url", amqpUrl);
    }
    props.put("quire.data-dir", dataRoot.resolve(name).toString());
    props.put("quire.admin.password", "admin-password-1");
    // every test client registers from 127.0.0.1 (web's LoginThrottleIT tests the limit itself)
    props.put("quire.accounts.registration-throttle.per-address", 10_000);
    props.put("spring.lifecycle.timeout-per-shutdown-phase", "20s");
    return props;
  }

  private ConfigurableApplicationContext start(Class<?> app, Map<String, Object> props) {
    // as command-line arguments, so they win over the application.yml on the classpath
    String[] args =
        props.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    ConfigurableApplicationContext context = new SpringApplicationBuilder(app).run(args);
    contexts.add(context);
    return context;
  }

  /** Stops every context, then deletes this stack's queues and exchanges from the broker. */
  @Override
  public void close() {
    for (int i = contexts.size() - 1; i >= 0; i--) {
      contexts.get(i).close();
    }
    contexts.clear();
    if (amqpUrl == null) {
      BrokerCleanup.delete(prefix);
    }
  }
}
