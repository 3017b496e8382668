package io.quire.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a durable write costs on the embedded MongoDB: acknowledged inserts (about 1 KB, like a
 * document update of the edit log) through the driver, against the store's old background-commit
 * setting measured in the same run. Prints figures, asserts nothing. {@code ./quire bench mongo},
 * or {@code mvn -pl embedded-mongo verify -Dit.test=EmbeddedMongoBenchmark}; {@code
 * -Dquire.bench.writes=N} changes the number of writes per round.
 */
class EmbeddedMongoBenchmark {
  private static final int WRITES = Integer.getInteger("quire.bench.writes", 2000);
  private static final int THREADS = 8;
  private static final String TEXT = "x".repeat(1000);

  @Test
  void durableWritesAgainstBackgroundCommits(@TempDir Path dir) throws Exception {
    List<String> rows = new ArrayList<>();
    // warm up the JIT on a throw-away store, so the first measured setting is not penalised
    measure(dir.resolve("warm"), Durability.BACKGROUND_COMMIT, 1, WRITES / 2);
    Figures oldOne = measure(dir.resolve("old"), Durability.BACKGROUND_COMMIT, 1, WRITES);
    Figures durable =
        measure(dir.resolve("new"), Durability.COMMIT_AND_SYNC_BEFORE_REPLY, 1, WRITES);
    Figures oldParallel =
        measure(dir.resolve("old8"), Durability.BACKGROUND_COMMIT, THREADS, WRITES);
    Figures durableParallel =
        measure(dir.resolve("new8"), Durability.COMMIT_AND_SYNC_BEFORE_REPLY, THREADS, WRITES);
    rows.add(
        String.format(
            Locale.ROOT,
            "%-44s %10s %10s %10s %12s",
            "acknowledged inserts of 1 KB",
            "p50 ms",
            "p99 ms",
            "writes/s",
            "file MB"));
    rows.add(oldOne.row("background commit (old), 1 client"));
    rows.add(durable.row("commit + fsync before reply, 1 client"));
    rows.add(oldParallel.row("background commit (old), " + THREADS + " clients"));
    rows.add(durableParallel.row("commit + fsync before reply, " + THREADS + " clients"));
    rows.add(
        String.format(
            Locale.ROOT,
            "cost per write, 1 client: %.2f ms more (p50), throughput %.1fx lower; "
                + "%d clients: %.1fx lower",
            durable.p50 - oldOne.p50,
            oldOne.perSecond / durable.perSecond,
            THREADS,
            oldParallel.perSecond / durableParallel.perSecond));
    System.out.println();
    System.out.println(
        "=== Quire embedded MongoDB durability ("
            + WRITES
            + " writes per round, "
            + Runtime.getRuntime().availableProcessors()
            + " cores) ===");
    rows.forEach(System.out::println);
  }

  private static Figures measure(Path dir, Durability durability, int threads, int writes)
      throws Exception {
    Path file = dir.resolve("quire.mv.db");
    List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
    long elapsed;
    try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0, durability);
        MongoClient client = MongoClients.create(server.connectionString("bench"))) {
      MongoCollection<Document> docs = client.getDatabase("bench").getCollection("docUpdates");
      docs.insertOne(new Document("_id", "warm"));
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = thread; i < writes; i += threads) {
                    long before = System.nanoTime();
                    docs.insertOne(
                        new Document("_id", i).append("version", i).append("changes", TEXT));
                    nanos.add(System.nanoTime() - before);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      elapsed = System.nanoTime() - start;
      pool.shutdown();
    }
    Collections.sort(nanos);
    return new Figures(
        nanos.get(nanos.size() / 2) / 1e6,
        nanos.get((int) Math.ceil(nanos.size() * 0.99) - 1) / 1e6,
        writes / (elapsed / 1e9),
        Files.size(file) / 1e6);
  }

  private record Figures(double p50, double p99, double perSecond, double fileMegabytes) {
    String row(String name) {
      return String.format(
          Locale.ROOT,
          "%-44s %10.2f %10.2f %10.0f %12.1f",
          name,
          p50,
          p99,
          perSecond,
          fileMegabytes);
    }
  }
}
