package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A worker's port carries its health details and metrics (and git-worker's the git bridge, which
 * web reaches over loopback): it listens on loopback unless {@code QUIRE_WORKER_ADDRESS} opens it
 * (as Docker Compose does for its own network). The workers run from their jars, as {@code ./quire
 * up} starts them, so their own settings apply.
 */
class WorkerPortsIT {
  private static final Map<String, Integer> PORTS = new LinkedHashMap<>();
  private static final List<Process> PROCESSES = new ArrayList<>();
  private static QuireStack stack;

  @BeforeAll
  static void startWorkers() throws Exception {
    stack = new QuireStack();
    for (String module : List.of("compile-worker", "history-worker", "git-worker")) {
      int port = freePort();
      List<String> extra =
          module.equals("compile-worker")
              ? List.of("--quire.compile.sandbox-base-uid=" + QuireStack.randomBaseUid())
              : List.of();
      PROCESSES.add(stack.startWorkerProcess(module, module + "-ports", port, extra));
      PORTS.put(module, port);
    }
    for (int port : PORTS.values()) {
      ApiClient local = new ApiClient("http://127.0.0.1:" + port);
      await()
          .atMost(Duration.ofSeconds(120))
          .ignoreExceptions()
          .until(() -> local.get("/actuator/health/readiness").status() == 200);
    }
  }

  @AfterAll
  static void stopWorkers() {
    PROCESSES.forEach(Process::destroy);
    stack.close();
  }

  @Test
  void everyWorkerListensOnLoopbackOnly() {
    PORTS.forEach(
        (module, port) -> {
          List<InetAddress> listening = listeners(port);
          assertThat(listening).as(module).isNotEmpty();
          assertThat(listening).as(module).allMatch(InetAddress::isLoopbackAddress);
        });
  }

  @Test
  void overLoopbackAWorkerShowsItsHealthDetailsAndMetrics() {
    PORTS.forEach(
        (module, port) -> {
          ApiClient local = new ApiClient("http://127.0.0.1:" + port);
          Response ready = local.get("/actuator/health/readiness");
          assertThat(ready.json().get("components").has("mongo")).as(module).isTrue();
          assertThat(local.get("/actuator/prometheus").status()).as(module).isEqualTo(200);
        });
  }

  /** The local addresses of the listening TCP sockets on {@code port}, from the kernel's tables. */
  private static List<InetAddress> listeners(int port) {
    List<InetAddress> found = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(table));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.trim().split("\\s+");
        String[] local = fields[1].split(":");
        if (fields[3].equals("0A") && Integer.parseInt(local[1], 16) == port) {
          found.add(address(local[0]));
        }
      }
    }
    return found;
  }

  /** A kernel address: 32-bit words in host (little-endian) byte order. */
  private static InetAddress address(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int at = word * 8 + (3 - i) * 2;
        bytes[word * 4 + i] = new BigInteger(hex.substring(at, at + 2), 16).byteValue();
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(hex, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
