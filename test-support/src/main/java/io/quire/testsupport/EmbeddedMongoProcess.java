package io.quire.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The embedded MongoDB as {@code ./quire up} runs it: a process of its own from {@code
 * embedded-mongo/target/quire-embedded-mongo-exec.jar}, with its data under a directory of the
 * test's. It keeps its port across restarts, so clients reconnect to the same address.
 */
public final class EmbeddedMongoProcess implements AutoCloseable {
  private static final String JAR = "embedded-mongo/target/quire-embedded-mongo-exec.jar";

  private final Path jar;
  private final Path dataDir;
  private final int port;
  private Process process;

  public EmbeddedMongoProcess(Path dataDir) throws IOException {
    this(locateJar(), dataDir);
  }

  public EmbeddedMongoProcess(Path jar, Path dataDir) throws IOException {
    this.jar = jar;
    this.dataDir = dataDir;
    try (ServerSocket socket = new ServerSocket(0)) {
      this.port = socket.getLocalPort();
    }
  }

  /**
   * The executable jar of the module built in this reactor: from {@code embedded-mongo} itself or
   * from a sibling module.
   */
  public static Path locateJar() {
    for (Path candidate :
        List.of(Path.of("target/quire-embedded-mongo-exec.jar"), Path.of("..").resolve(JAR))) {
      if (Files.isRegularFile(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException(
        "build embedded-mongo first (mvn package -pl embedded-mongo): " + JAR + " is missing");
  }

  public String uri(String database) {
    return "mongodb://127.0.0.1:" + port + "/" + database;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Starts the server (on its data of an earlier start, if any) and waits for its port. */
  public EmbeddedMongoProcess start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the embedded MongoDB is running already");
    }
    Files.createDirectories(dataDir);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("mongo.log").toFile()));
    Map<String, String> env = builder.environment();
    env.put("QUIRE_DATA_DIR", dataDir.toString());
    env.put("QUIRE_EMBEDDED_MONGO_HOST", "127.0.0.1");
    env.put("QUIRE_EMBEDDED_MONGO_PORT", String.valueOf(port));
    process = builder.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the embedded MongoDB exited with "
                + process.exitValue()
                + "; see "
                + dataDir.resolve("mongo.log"));
      }
      if (accepts()) {
        return this;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the embedded MongoDB did not open port " + port);
  }

  /** SIGKILL, as a crash or the OOM killer would: no shutdown hook runs, nothing is flushed. */
  public void kill() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the embedded MongoDB survived SIGKILL");
    }
  }

  /** SIGTERM, as {@code ./quire down} stops it. */
  public void stop() throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      kill();
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
