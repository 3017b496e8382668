package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Upload limits hold against what a client declares and what it sends: a file PUT, an upload and a
 * zip import over the limit are refused with 413 problem details from their {@code Content-Length}
 * before a byte of the body is read, and a chunked body (no length) is refused once it passes the
 * limit, without waiting for its end. The requests are written by hand ({@link RawHttp}) so the
 * body can be left unsent: a server that read it before answering would never answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UploadLimitsIT {
  private static final int LIMIT = 2 * 1024 * 1024;
  private static final String BOUNDARY = "quire-limits-boundary";

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    registry.add("quire.projects.max-upload", () -> "2MB");
  }

  @LocalServerPort int port;

  private ApiClient alice;
  private String project;

  @BeforeEach
  void aProject() {
    alice = new ApiClient("http://localhost:" + port);
    alice.register("limits-" + UUID.randomUUID() + "@example.org", "correct horse battery", "A");
    project = alice.postJson("/api/projects", Map.of("name", "Limits")).json().get("id").asString();
  }

  @Test
  void aFilePutWhoseContentLengthIsOverTheLimitIsRefusedBeforeItsBodyIsSent() throws Exception {
    long version = treeVersion();
    try (RawHttp http = new RawHttp(port)) {
      http.head(
          "PUT",
          "/api/projects/" + project + "/files/big.bin",
          headers(Map.of("Content-Type", "application/octet-stream", "Content-Length", LIMIT + 1)));

      assertTooLarge(http.reply(), "big.bin");
    }
    assertThat(treeVersion()).isEqualTo(version);
  }

  @Test
  void aChunkedFilePutIsRefusedOncePastTheLimitWithoutWaitingForItsEnd() throws Exception {
    long version = treeVersion();
    try (RawHttp http = new RawHttp(port)) {
      http.head(
          "PUT",
          "/api/projects/" + project + "/files/big.bin",
          headers(
              Map.of("Content-Type", "application/octet-stream", "Transfer-Encoding", "chunked")));
      sendChunks(http, LIMIT + 64 * 1024);
      // no last chunk: the body goes on as far as the server can tell

      assertTooLarge(http.reply(), "big.bin");
    }
    assertThat(treeVersion()).isEqualTo(version);
  }

  @Test
  void aChunkedFilePutWithinTheLimitIsStoredWhole() throws Exception {
    byte[] content = random(LIMIT - 10);
    try (RawHttp http = new RawHttp(port)) {
      http.head(
          "PUT",
          "/api/projects/" + project + "/files/data.bin",
          headers(
              Map.of("Content-Type", "application/octet-stream", "Transfer-Encoding", "chunked")));
      for (int at = 0; at < content.length; at += 100_000) {
        http.chunk(Arrays.copyOfRange(content, at, Math.min(content.length, at + 100_000)));
      }
      http.endChunks();

      assertThat(http.reply().status()).isEqualTo(201);
    }
    assertThat(alice.get("/api/projects/" + project + "/files/data.bin").body()).isEqualTo(content);
  }

  @Test
  void aFileOfExactlyTheLimitIsStoredAndOneByteMoreIsNot() {
    byte[] atLimit = random(LIMIT);
    Response stored = alice.put("/api/projects/" + project + "/files/at-limit.bin", atLimit);
    assertThat(stored.status()).as(stored.text()).isEqualTo(201);
    assertThat(alice.get("/api/projects/" + project + "/files/at-limit.bin").body())
        .isEqualTo(atLimit);

    Response refused = alice.put("/api/projects/" + project + "/files/over.bin", random(LIMIT + 1));
    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.json().get("detail").asString()).contains("upload limit of 2 MB");
  }

  @Test
  void anUploadWhoseContentLengthIsOverTheLimitIsRefusedBeforeItsBodyIsSent() throws Exception {
    long version = treeVersion();
    try (RawHttp http = new RawHttp(port)) {
      http.head("POST", "/api/projects/" + project + "/upload", multipart(LIMIT + 1024));

      assertTooLarge(http.reply(), "upload");
    }
    assertThat(treeVersion()).isEqualTo(version);
  }

  @Test
  void aChunkedUploadIsRefusedOncePastTheLimitWithoutWaitingForItsEnd() throws Exception {
    long version = treeVersion();
    try (RawHttp http = new RawHttp(port)) {
      http.head("POST", "/api/projects/" + project + "/upload", multipart(-1));
      http.chunk(partHeader("big.bin"));
      sendChunks(http, LIMIT + 64 * 1024);

      assertTooLarge(http.reply(), "upload");
    }
    assertThat(treeVersion()).isEqualTo(version);
  }

  @Test
  void anUploadWithinTheLimitStillWorks() {
    byte[] content = random(LIMIT / 2);

    Response uploaded =
        alice.postMultipart(
            "/api/projects/" + project + "/upload", "file", "half.bin", content, Map.of());

    assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
    assertThat(alice.get("/api/projects/" + project + "/files/half.bin").body()).isEqualTo(content);
  }

  @Test
  void aZipImportOverTheLimitIsRefusedFromItsContentLengthOrOncePastIt() throws Exception {
    int before = alice.get("/api/projects?filter=all").json().size();
    try (RawHttp http = new RawHttp(port)) {
      http.head("POST", "/api/projects", multipart(LIMIT + 1024));
      assertTooLarge(http.reply(), "upload");
    }
    try (RawHttp http = new RawHttp(port)) {
      http.head("POST", "/api/projects", multipart(-1));
      http.chunk(partHeader("paper.zip"));
      sendChunks(http, LIMIT + 64 * 1024);
      assertTooLarge(http.reply(), "upload");
    }
    assertThat(alice.get("/api/projects?filter=all").json().size()).isEqualTo(before);
  }

  // ------------------------------------------------------------------ steps

  private long treeVersion() {
    return alice.get("/api/projects/" + project + "/tree").json().get("treeVersion").asLong();
  }

  private Map<String, String> headers(Map<String, Object> extra) {
    Map<String, String> headers = new LinkedHashMap<>(alice.credentials());
    extra.forEach((name, value) -> headers.put(name, String.valueOf(value)));
    return headers;
  }

  /** Multipart headers with a {@code Content-Length}, or chunked when the length is negative. */
  private Map<String, String> multipart(long contentLength) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
    if (contentLength < 0) {
      extra.put("Transfer-Encoding", "chunked");
    } else {
      extra.put("Content-Length", contentLength);
    }
    return headers(extra);
  }

  private static byte[] partHeader(String fileName) {
    return ("--"
            + BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void sendChunks(RawHttp http, int total) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    for (int sent = 0; sent < total; sent += chunk.length) {
      http.chunk(chunk);
    }
  }

  private static void assertTooLarge(RawHttp.Reply reply, String mentioned) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(413);
    assertThat(reply.headers().get("content-type")).startsWith("application/problem+json");
    assertThat(reply.body()).contains(mentioned).contains("upload limit of 2 MB");
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
