package io.quire.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A RabbitMQ node of the test's own (same installed broker, own node name, port and data
 * directory), for tests that kill and restart the broker without disturbing the shared one.
 */
public final class PrivateRabbitMq implements AutoCloseable {
  private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

  private final Path home;
  private final String node;
  private final int port;
  private Process process;

  public PrivateRabbitMq() throws IOException {
    this.home = Files.createTempDirectory("quire-rabbitmq-");
    this.node = "quiretest" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
    this.port = freePortWithFreeDistributionPort();
    Files.writeString(home.resolve("enabled_plugins"), "[].");
  }

  public static boolean available() {
    return Files.isExecutable(SERVER);
  }

  public String amqpUrl() {
    return "amqp://guest:guest@127.0.0.1:" + port;
  }

  /** Starts the node (keeping its data from an earlier start) and waits for its port. */
  public PrivateRabbitMq start() throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(SERVER.toString())
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server.log").toFile()));
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", "/usr/sbin:/usr/bin:/bin");
    env.put("HOME", home.toString());
    env.put("RABBITMQ_NODENAME", node);
    env.put("RABBITMQ_NODE_PORT", String.valueOf(port));
    env.put("RABBITMQ_MNESIA_BASE", home.resolve("mnesia").toString());
    env.put("RABBITMQ_LOG_BASE", home.resolve("log").toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", home.resolve("enabled_plugins").toString());
    env.put("RABBITMQ_PLUGINS_EXPAND_DIR", home.resolve("plugins-expand").toString());
    env.put("RABBITMQ_PID_FILE", home.resolve("pid").toString());
    env.put("RABBITMQ_CONFIG_FILE", home.resolve("rabbitmq").toString());
    env.put("RABBITMQ_ADVANCED_CONFIG_FILE", home.resolve("advanced.config").toString());
    process = builder.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the private RabbitMQ exited; see " + home.resolve("server.log"));
      }
      if (accepts()) {
        return this;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the private RabbitMQ did not open port " + port);
  }

  /** Kills the node and all its processes at once, like a crash (SIGKILL). */
  public void kill() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (accepts() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  @Override
  public void close() throws Exception {
    kill();
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The node also listens on port + 20000 for distribution; both must be free. */
  private static int freePortWithFreeDistributionPort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int candidate;
      try (ServerSocket socket = new ServerSocket(0)) {
        candidate = socket.getLocalPort();
      }
      if (candidate + 20000 > 65535) {
        continue;
      }
      try (ServerSocket distribution = new ServerSocket(candidate + 20000)) {
        return candidate;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port pair for a private RabbitMQ");
  }
}
