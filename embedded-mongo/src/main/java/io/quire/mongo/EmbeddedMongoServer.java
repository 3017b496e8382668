package io.quire.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MongoDB-compatible server over TCP backed by an H2 file, for machines without MongoDB. All
 * Quire services connect to it like to a real MongoDB, so nothing else changes when {@code
 * QUIRE_MONGO_URI} points at a real server instead. It has no multi-document transactions, which
 * Quire never uses.
 *
 * <p>Every write is committed and forced to the disk before the server acknowledges it (ADR 0023),
 * so what a client was told is stored survives {@code kill -9} and a power cut.
 *
 * <p>Environment: {@code QUIRE_DATA_DIR} (default {@code var}), {@code QUIRE_EMBEDDED_MONGO_HOST}
 * (default {@code 127.0.0.1}), {@code QUIRE_EMBEDDED_MONGO_PORT} (default {@code 27018}).
 */
public final class EmbeddedMongoServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongoServer.class);

  /** Chunks filled below this share get their live pages rewritten, so their space is reused. */
  private static final int COMPACT_FILL_RATE = 80;

  private static final int COMPACT_MAX_WRITE = 16 * 1024 * 1024;
  private static final long COMPACT_INTERVAL_SECONDS = 30;

  private final MongoServer server;
  private final InetSocketAddress address;
  private final DurableH2Backend durable;
  private final ScheduledExecutorService housekeeping;

  private EmbeddedMongoServer(
      MongoServer server,
      InetSocketAddress address,
      DurableH2Backend durable,
      ScheduledExecutorService housekeeping) {
    this.server = server;
    this.address = address;
    this.durable = durable;
    this.housekeeping = housekeeping;
  }

  /**
   * Starts a server storing its data in {@code file}, every write durable before its reply; port 0
   * picks a free port.
   */
  public static EmbeddedMongoServer start(Path file, String host, int port) throws IOException {
    return start(file, host, port, Durability.COMMIT_AND_SYNC_BEFORE_REPLY);
  }

  /** Starts a server with the given durability; see {@link Durability}. */
  public static EmbeddedMongoServer start(Path file, String host, int port, Durability durability)
      throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    Path newFileDirectory = Files.exists(file) ? null : directory;
    return start(file.toString(), newFileDirectory, host, port, durability);
  }

  /**
   * Starts a server on a store file named as H2 names files ({@code scheme:path} for a file system
   * of H2's, which tests use to cut the power).
   *
   * @param newFileDirectory the directory to fsync once the store file exists, when it is new
   */
  static EmbeddedMongoServer start(
      String storeFile, Path newFileDirectory, String host, int port, Durability durability)
      throws IOException {
    MongoServer server;
    DurableH2Backend backend = null;
    ScheduledExecutorService housekeeping = null;
    if (durability == Durability.COMMIT_AND_SYNC_BEFORE_REPLY) {
      // no background commits and no commits by writers: every commit is one of DurableCommits'
      MVStore store =
          new MVStore.Builder()
              .fileName(storeFile)
              .autoCommitDisabled()
              .autoCommitBufferSize(0)
              .open();
      if (newFileDirectory != null) {
        syncDirectory(newFileDirectory);
      }
      backend = new DurableH2Backend(store);
      server = new MongoServer(backend);
      housekeeping =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "embedded-mongo-compaction");
                thread.setDaemon(true);
                return thread;
              });
      DurableH2Backend compacted = backend;
      housekeeping.scheduleWithFixedDelay(
          () -> compact(compacted),
          COMPACT_INTERVAL_SECONDS,
          COMPACT_INTERVAL_SECONDS,
          TimeUnit.SECONDS);
    } else {
      server = new MongoServer(new H2Backend(storeFile));
    }
    server.bind(host, port);
    return new EmbeddedMongoServer(server, server.getLocalAddress(), backend, housekeeping);
  }

  private static void compact(DurableH2Backend backend) {
    try {
      backend.commits().compact(COMPACT_FILL_RATE, COMPACT_MAX_WRITE);
    } catch (RuntimeException e) {
      // the next round tries again; a store that cannot write fails the next request too
      LOG.warn("Compacting the embedded database failed", e);
    }
  }

  /** Makes a new file's directory entry durable, or a power cut could lose the whole file. */
  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Runs the periodic compaction now (tests); only for the durable setting. */
  void compactNow() {
    durable.commits().compact(COMPACT_FILL_RATE, COMPACT_MAX_WRITE);
  }

  public InetSocketAddress address() {
    return address;
  }

  public String connectionString(String database) {
    return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
  }

  @Override
  public void close() {
    if (housekeeping != null) {
      // no interrupt: an interrupted file operation would close the store's file under it
      housekeeping.shutdown();
      try {
        housekeeping.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
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
                  LOG.info("Stopping embedded MongoDB; closing {}", file);
                  server.close();
                  stopped.countDown();
                },
                "embedded-mongo-shutdown"));
    LOG.info(
        "Embedded MongoDB listening on {} with data in {} (every write synced before its reply)",
        server.connectionString("quire"),
        file);
    stopped.await();
  }
}
