package io.quire.testsupport;

import io.quire.common.blob.S3BlobStore;
import io.quire.common.blob.S3Location;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: S3Proxy (its own process, from the fat jar Maven copies to
 * {@code target/s3proxy/s3proxy.jar}) storing objects on disk under a temporary directory, with
 * signature checking on. One per test JVM; each caller gets a bucket of its own.
 */
public final class TestS3 {
  public static final String ACCESS_KEY = "quire-test";
  public static final String REGION = "us-east-1";
  private static final String SECRET_KEY = "secret-" + UUID.randomUUID();
  private static final Server SERVER = start();

  private TestS3() {}

  /** The jar the module's build copied, or the one named by {@code -Dquire.s3proxy.jar}. */
  private static Path jar() {
    String configured = System.getProperty("quire.s3proxy.jar");
    Path jar =
        configured != null ? Path.of(configured) : Path.of("target", "s3proxy", "s3proxy.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar.toAbsolutePath()
              + " is missing: the module's pom copies S3Proxy there (maven-dependency-plugin,"
              + " execution s3proxy)");
    }
    return jar;
  }

  private record Server(URI endpoint, Process process) {}

  private static Server start() {
    try {
      Path home = Files.createTempDirectory("quire-s3proxy-");
      Files.createDirectories(home.resolve("data"));
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      Path config = home.resolve("s3proxy.conf");
      Files.writeString(
          config,
          String.join(
              "\n",
              "s3proxy.endpoint=" + endpoint,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + ACCESS_KEY,
              "s3proxy.credential=" + SECRET_KEY,
              // its file system backend cannot encrypt; accept the encryption header (tests check
              // that Quire sends it) instead of answering 501
              "s3proxy.ignore-unknown-headers=true",
              "jclouds.provider=filesystem",
              "jclouds.filesystem.basedir=" + home.resolve("data"),
              ""));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process =
          new ProcessBuilder(
                  java,
                  "-Xmx256m",
                  "-cp",
                  jar().toAbsolutePath().toString(),
                  "org.gaul.s3proxy.Main",
                  "--properties",
                  config.toString())
              .redirectErrorStream(true)
              .redirectOutput(home.resolve("s3proxy.log").toFile())
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, home), "s3proxy-stop"));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "S3Proxy exited with "
                  + process.exitValue()
                  + "; see "
                  + home.resolve("s3proxy.log"));
        }
        if (accepts(port)) {
          return new Server(endpoint, process);
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException("S3Proxy did not open port " + port);
    } catch (IOException e) {
      throw new IllegalStateException("could not start S3Proxy", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting S3Proxy", e);
    }
  }

  /** Stops the server and deletes its objects; a JVM ending leaves nothing behind. */
  private static void stop(Process process, Path home) {
    try {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      try (Stream<Path> files = Files.walk(home)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      System.err.println("could not delete S3Proxy's files under " + home + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static URI endpoint() {
    return SERVER.endpoint();
  }

  public static String secretKey() {
    return SECRET_KEY;
  }

  /** A client of the test server with the right credentials, for looking behind a store's back. */
  public static S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /**
   * A blob store on a bucket of the test server, with S3's smallest part size so that multipart
   * uploads start at 5 MiB.
   */
  public static S3BlobStore store(String bucket) {
    return new S3BlobStore(
        client(),
        new S3Location(
            bucket, "", null, null, S3Location.MIN_PART_SIZE, "S3 bucket " + bucket + " (test)"));
  }

  /** Creates a new, empty bucket and returns its name. */
  public static String freshBucket() {
    String bucket = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    try (S3Client client = client()) {
      client.createBucket(b -> b.bucket(bucket));
    }
    return bucket;
  }

  /**
   * The {@code quire.blob.*} properties of a service keeping its blobs in a fresh bucket of the
   * test server.
   */
  public static Map<String, String> blobStoreProperties() {
    String bucket = freshBucket();
    return Map.of(
        "quire.blob.store", "s3",
        "quire.blob.s3.endpoint", endpoint().toString(),
        "quire.blob.s3.region", REGION,
        "quire.blob.s3.bucket", bucket,
        "quire.blob.s3.path-style", "true",
        "quire.blob.s3.access-key", ACCESS_KEY,
        "quire.blob.s3.secret-key", SECRET_KEY);
  }

  /**
   * Whether a test run asked for every service's blobs on S3 ({@code -Dquire.test.blob-store=s3}).
   */
  public static boolean requestedForAllTests() {
    return "s3".equalsIgnoreCase(System.getProperty("quire.test.blob-store"));
  }
}
