package io.quire.web;

import io.quire.testsupport.BrokerCleanup;
import io.quire.testsupport.TestMongo;
import io.quire.testsupport.TestS3;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Isolates a web test context: its own database, queue prefix and Redis key namespace. */
public final class WebTestProperties {
  private WebTestProperties() {}

  /** Isolates the context and returns its queue prefix; the queues are deleted when tests end. */
  public static String isolate(DynamicPropertyRegistry registry) {
    String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);
    registry.add("quire.mongo.uri", TestMongo::freshDatabaseUri);
    registry.add("quire.amqp.prefix", () -> prefix);
    BrokerCleanup.deleteOnExit(prefix);
    registry.add("quire.admin.password", () -> "admin-password-1");
    registry.add("quire.data-dir", () -> System.getProperty("java.io.tmpdir") + "/" + prefix);
    // every test client registers from 127.0.0.1; LoginThrottleIT tests the limit itself
    registry.add("quire.accounts.registration-throttle.per-address", () -> 10_000);
    if (TestS3.requestedForAllTests()) {
      // -Dquire.test.blob-store=s3: the same tests with every blob in a bucket of S3Proxy
      TestS3.blobStoreProperties().forEach((key, value) -> registry.add(key, () -> value));
    }
    return prefix;
  }
}
