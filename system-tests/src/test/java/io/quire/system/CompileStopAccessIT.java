package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may stop whose compile, with a real worker killing real compiles: a read-only member stops
 * only their own; the owner and writers may stop any compile of the project.
 */
class CompileStopAccessIT {
  private static final String PASSWORD = "a good passphrase";
  private static QuireStack stack;

  private ApiClient owner;
  private ApiClient reader;
  private ApiClient writer;
  private String project;
  private final List<String> started = new ArrayList<>();

  @BeforeAll
  static void startStack() throws Exception {
    stack = new QuireStack().startWeb(Map.of());
    stack.startCompileWorker("compile-worker-stop", Map.of("quire.compile.concurrency", 2));
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @BeforeEach
  void projectSharedWithAReaderAndAWriter() {
    owner = signedUp("owner");
    reader = signedUp("reader");
    writer = signedUp("writer");
    project = ProjectCalls.project(owner, Map.of("main.tex", Documents.text("loop.tex")));
    Response links =
        owner.postJson("/api/projects/" + project + "/link-sharing", Map.of("enabled", true));
    join(reader, links.json().get("readToken").asString(), "readOnly");
    join(writer, links.json().get("writeToken").asString(), "readWrite");
  }

  /** A failed test must not leave an endless compile holding a slot of the shared worker. */
  @AfterEach
  void ownerStopsWhatIsLeft() {
    started.forEach(jobId -> stop(owner, Map.of("jobId", jobId)));
  }

  @Test
  void aReadOnlyMemberCannotStopTheOwnersCompile() {
    String jobId = runningCompile(owner);

    Response named = stop(reader, Map.of("jobId", jobId));
    Response unnamed = stop(reader, Map.of());

    assertThat(named.status()).isEqualTo(403);
    assertThat(named.json().get("detail").asString()).contains("only your own");
    // nothing of the reader's runs: nothing is stopped
    assertThat(unnamed.status()).isEqualTo(202);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(owner, jobId).equals("running"));

    assertThat(stop(owner, Map.of("jobId", jobId)).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(15)).until(() -> status(owner, jobId).equals("terminated"));
  }

  @Test
  void aReadOnlyMemberStopsTheirOwnCompile() {
    String jobId = runningCompile(reader);

    assertThat(stop(reader, Map.of()).status()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(15)).until(() -> status(reader, jobId).equals("terminated"));
  }

  @Test
  void aWriterMayStopTheOwnersCompile() {
    String jobId = runningCompile(owner);

    assertThat(stop(writer, Map.of("jobId", jobId)).status()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(15)).until(() -> status(owner, jobId).equals("terminated"));
  }

  @Test
  void aCompileOfAnotherProjectCannotBeNamed() {
    String jobId = runningCompile(owner);
    String readersOwn = ProjectCalls.project(reader, Map.of("main.tex", "x"));

    Response elsewhere =
        reader.postJson("/api/projects/" + readersOwn + "/compile/stop", Map.of("jobId", jobId));

    assertThat(elsewhere.status()).isEqualTo(404);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(owner, jobId).equals("running"));
  }

  private String runningCompile(ApiClient as) {
    Response submitted =
        as.postJson("/api/projects/" + project + "/compile", Map.of("timeoutSeconds", 60));
    assertThat(submitted.status()).as(submitted.text()).isEqualTo(200);
    String jobId = submitted.json().get("jobId").asString();
    started.add(jobId);
    await().atMost(Duration.ofSeconds(30)).until(() -> status(as, jobId).equals("running"));
    return jobId;
  }

  private Response stop(ApiClient as, Map<String, Object> body) {
    return as.postJson("/api/projects/" + project + "/compile/stop", body);
  }

  private String status(ApiClient as, String jobId) {
    return as.get("/api/projects/" + project + "/compile/" + jobId).json().get("status").asString();
  }

  private void join(ApiClient who, String token, String expected) {
    Response joined = who.postJson("/api/projects/" + project + "/join", Map.of("token", token));
    assertThat(joined.status()).as(joined.text()).isEqualTo(200);
    assertThat(joined.json().get("access").asString()).isEqualTo(expected);
  }

  private ApiClient signedUp(String who) {
    ApiClient client = stack.newClient();
    Response registered =
        client.register(who + "-" + UUID.randomUUID() + "@example.org", PASSWORD, who);
    assertThat(registered.status()).isEqualTo(201);
    return client;
  }
}
