package io.quire.testsupport;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.UUID;

/**
 * An in-memory MongoDB-compatible server on a random port, one per test JVM; each caller gets its
 * own database so tests do not see each other's data.
 */
public final class TestMongo {
  private static final InetSocketAddress ADDRESS = start();

  private TestMongo() {}

  private static InetSocketAddress start() {
    MongoServer server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    InetSocketAddress address = server.getLocalAddress();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "test-mongo-shutdown"));
    return address;
  }

  /** A connection string to a fresh, empty database. */
  public static String freshDatabaseUri() {
    return "mongodb://127.0.0.1:"
        + ADDRESS.getPort()
        + "/t"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
