package io.quire.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MongoDB-compatible server over TCP backed by an H2 file, for machines without MongoDB. All
 * Quire services connect to it like to a real MongoDB, so nothing else changes when {@code
 * QUIRE_MONGO_URI} points at a real server instead. It has no multi-document transactions, which
 * Quire never uses.
 *
 * <p>Environment: {@code QUIRE_DATA_DIR} (default {@code var}), {@code QUIRE_EMBEDDED_MONGO_HOST}
 * (default {@code 127.0.0.1}), {@code QUIRE_EMBEDDED_MONGO_PORT} (default {@code 27018}).
 */
public final class EmbeddedMongoServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongoServer.class);

  private final MongoServer server;
  private final InetSocketAddress address;

  private EmbeddedMongoServer(MongoServer server, InetSocketAddress address) {
    this.server = server;
    this.address = address;
  }

  /** Starts a server storing its data in {@code file}; port 0 picks a free port. */
  public static EmbeddedMongoServer start(Path file, String host, int port) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    MongoServer server = new MongoServer(new H2Backend(file.toString()));
    server.bind(host, port);
    return new EmbeddedMongoServer(server, server.getLocalAddress());
  }

  public InetSocketAddress address() {
    return address;
  }

  public String connectionString(String database) {
    return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
  }

  @Override
  public void close() {
    server.shutdown();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    Path dataDir = Path.of(env.getOrDefault("QUIRE_DATA_DIR", "var"));
    String host = env.getOrDefault("QUIRE_EMBEDDED_MONGO_HOST", "127.0.0.1");
    int port = Integer.parseInt(env.getOrDefault("QUIRE_EMBEDDED_MONGO_PORT", "27018"));
    Path file = dataDir.resolve("mongo").resolve("quire.mv.db");
    EmbeddedMongoServer server = start(file, host, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("Stopping embedded MongoDB; flushing {}", file);
                  server.close();
                  stopped.countDown();
                },
                "embedded-mongo-shutdown"));
    LOG.info(
        "Embedded MongoDB listening on {} with data in {}", server.connectionString("quire"), file);
    stopped.await();
  }
}
