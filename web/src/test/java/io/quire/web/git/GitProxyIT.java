package io.quire.web.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.RawHttp;
import io.quire.web.WebTestProperties;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * web's {@code /git/} proxy on its own: a request that is not in the canonical form is refused by
 * web and never reaches git-worker; a canonical one is passed on as exactly that text. git-worker's
 * place is taken by a listening socket that records each request line it receives (git-worker's own
 * refusals are proved against the real one in system-tests' {@code GitPushGuardsIT}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GitProxyIT {
  private static final String ID = "65f1c0ffee0123456789abcd";
  private static final RequestRecorder WORKER = new RequestRecorder();

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    registry.add("quire.git-bridge.worker-url", () -> "http://127.0.0.1:" + WORKER.port());
  }

  @AfterAll
  static void stopRecorder() {
    WORKER.close();
  }

  @LocalServerPort int port;

  @BeforeEach
  void forgetEarlierRequests() {
    WORKER.lines.clear();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "POST | /git/{id}/git-r%65ceive-pack                     | 400",
        "POST | /git/{id}/git-receive-pack;x=1                   | 400",
        "POST | /git/{id};x=1/git-receive-pack                   | 400",
        "POST | /git;x=1/{id}/git-receive-pack                   | 400",
        "POST | /gi%74/{id}/git-receive-pack                     | 400",
        "POST | /x/../git/{id}/git-receive-pack                  | 400",
        "POST | /git/{id}/./git-receive-pack                     | 400",
        "POST | /git/{id}//git-receive-pack                      | 400",
        "POST | /git/{id}/git-receive-pack/                      | 400",
        "POST | /git/{id}/git-receive-pack?x=1                   | 400",
        "POST | /git/{ID}/git-receive-pack                       | 404",
        "POST | /git/{id}/GIT-RECEIVE-PACK                       | 404",
        "GET  | /git/{id}/git-receive-pack                       | 405",
        "GET  | /git/{id}/info/refs?service=git-r%65ceive-pack   | 400",
        "GET  | /git/{id}/info/r%65fs?service=git-receive-pack   | 400",
        "GET  | /git/{id}/info/refs?servic%65=git-receive-pack   | 400",
        "GET  | /git/{id}/info/refs?service=git-upload-pack&service=git-receive-pack | 400",
      })
  void aNonCanonicalGitRequestIsRefusedByWebAndNeverReachesGitWorker(
      String method, String template, int status) {
    String target = template.replace("{id}", ID).replace("{ID}", ID.toUpperCase());
    byte[] body = method.equals("POST") ? "0000".getBytes(StandardCharsets.US_ASCII) : null;

    RawHttp.Answer answer =
        RawHttp.send(
            port,
            method,
            target,
            Map.of("Authorization", "Basic eDpxcGF0X3g=", "Content-Type", "text/plain"),
            body);

    assertThat(answer.status()).as(answer.text()).isEqualTo(status);
    assertThat(answer.headers().get("content-type")).startsWith("text/plain");
    assertThat(answer.text()).isNotBlank();
    assertThat(WORKER.lines).isEmpty();
  }

  @Test
  void aCanonicalGitRequestIsPassedOnAsExactlyThatText() {
    RawHttp.Answer refs =
        RawHttp.send(
            port,
            "GET",
            "/git/" + ID + ".git/info/refs?service=git-receive-pack",
            Map.of("Authorization", "Basic eDpxcGF0X3g="),
            null);
    RawHttp.Answer push =
        RawHttp.send(
            port,
            "POST",
            "/git/" + ID + "/git-receive-pack",
            Map.of("Content-Type", "application/x-git-receive-pack-request"),
            "0000".getBytes(StandardCharsets.US_ASCII));

    assertThat(refs.status()).isEqualTo(200);
    assertThat(refs.text()).isEqualTo("forwarded\n");
    assertThat(push.status()).isEqualTo(200);
    assertThat(WORKER.lines)
        .containsExactly(
            "GET /git/" + ID + ".git/info/refs?service=git-receive-pack HTTP/1.1",
            "POST /git/" + ID + "/git-receive-pack HTTP/1.1");
  }

  /** Accepts connections on a random local port, records request lines, answers "forwarded". */
  private static final class RequestRecorder implements AutoCloseable {
    final Queue<String> lines = new ConcurrentLinkedQueue<>();
    private final ServerSocket server;

    RequestRecorder() {
      try {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Thread thread = new Thread(this::serve, "git-worker-recorder");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void serve() {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          InputStream in = socket.getInputStream();
          List<String> head = readHead(in);
          lines.add(head.get(0));
          long length =
              head.stream()
                  .filter(h -> h.toLowerCase().startsWith("content-length:"))
                  .mapToLong(h -> Long.parseLong(h.substring(15).strip()))
                  .findFirst()
                  .orElse(0);
          in.readNBytes((int) length);
          OutputStream out = socket.getOutputStream();
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n"
                      + "Connection: close\r\n\r\nforwarded\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException e) {
          // closed at the end of the tests, or a client that went away
        }
      }
    }

    private static List<String> readHead(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      List<String> head = new java.util.ArrayList<>();
      for (int c = in.read(); c >= 0; c = in.read()) {
        if (c == '\n') {
          String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
          if (text.isEmpty()) {
            break;
          }
          head.add(text);
          line.reset();
        } else {
          line.write(c);
        }
      }
      return head;
    }

    @Override
    public void close() {
      try {
        server.close();
      } catch (IOException e) {
        // nothing left to do
      }
    }
  }
}
