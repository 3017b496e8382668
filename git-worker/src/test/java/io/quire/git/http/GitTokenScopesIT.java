package io.quire.git.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.quire.common.blob.Hashes;
import io.quire.common.contract.Compiler;
import io.quire.common.project.DocStore;
import io.quire.common.project.Entity;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectStore;
import io.quire.git.GitWorkerApplication;
import io.quire.testsupport.BrokerCleanup;
import io.quire.testsupport.TestMongo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The git bridge takes only tokens with the {@code git} scope (ADR 0021), tokens stored before
 * scopes existed keep working until revoked, and expired tokens are refused. Real git-worker over
 * HTTP; the tokens are stored in MongoDB as web stores them.
 */
@SpringBootTest(
    classes = GitWorkerApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GitTokenScopesIT {

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);
    registry.add("quire.mongo.uri", TestMongo::freshDatabaseUri);
    registry.add("quire.amqp.prefix", () -> prefix);
    BrokerCleanup.deleteOnExit(prefix);
    registry.add("quire.data-dir", () -> System.getProperty("java.io.tmpdir") + "/" + prefix);
  }

  @LocalServerPort int port;
  @Autowired MongoDatabase database;
  @Autowired ProjectStore projects;
  @Autowired DocStore docs;

  private final HttpClient http = HttpClient.newHttpClient();
  private String ownerId;
  private String projectId;

  @BeforeEach
  void aProjectOfItsOwner() {
    ownerId = new ObjectId().toHexString();
    database
        .getCollection("users")
        .insertOne(
            new Document("_id", new ObjectId(ownerId))
                .append("email", "owner-" + ownerId + "@example.org")
                .append("name", "Owner")
                .append("role", "USER")
                .append("disabled", false));
    Project created = projects.create("Scoped", ownerId, List.of(), "main.tex", Compiler.PDFLATEX);
    String docId = docs.create(created.id(), "hello\n").id();
    assertThat(projects.replaceTree(created.id(), 1, List.of(Entity.doc("main.tex", docId))))
        .isTrue();
    projectId = created.id();
  }

  /** Stores a token as web does; {@code scopes} null stores it the way it was before scopes. */
  private String token(List<String> scopes, Instant expires) {
    String secret = "qpat_" + UUID.randomUUID().toString().replace("-", "");
    Document doc =
        new Document("_id", new ObjectId())
            .append("userId", ownerId)
            .append("name", "t")
            .append("hash", Hashes.sha256(secret))
            .append("prefix", secret.substring(0, 9))
            .append("created", new Date())
            .append("expires", expires == null ? null : Date.from(expires));
    if (scopes != null) {
      doc.append("scopes", scopes);
    }
    database.getCollection("tokens").insertOne(doc);
    return secret;
  }

  private HttpResponse<String> advertise(String service, String secret) throws Exception {
    String basic =
        Base64.getEncoder().encodeToString(("git:" + secret).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + port
                        + "/git/"
                        + projectId
                        + "/info/refs?service="
                        + service))
            .header("Authorization", "Basic " + basic)
            .timeout(Duration.ofSeconds(30))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aTokenWithTheGitScopeFetchesAndPushes() throws Exception {
    String git = token(List.of("git"), Instant.now().plus(Duration.ofDays(1)));

    assertThat(advertise("git-upload-pack", git).statusCode()).isEqualTo(200);
    assertThat(advertise("git-receive-pack", git).statusCode()).isEqualTo(200);
  }

  @Test
  void aTokenWithoutTheGitScopeIsRefusedWhateverElseItMayDo() throws Exception {
    String api = token(List.of("api:read", "api", "admin"), Instant.now().plus(Duration.ofDays(1)));

    for (String service : List.of("git-upload-pack", "git-receive-pack")) {
      HttpResponse<String> refused = advertise(service, api);
      assertThat(refused.statusCode()).as(service).isEqualTo(403);
      assertThat(refused.body()).contains("not for git").contains("git scope");
    }
  }

  @Test
  void aTokenStoredBeforeScopesStillWorksOverGit() throws Exception {
    String legacy = token(null, null);

    assertThat(advertise("git-upload-pack", legacy).statusCode()).isEqualTo(200);
    assertThat(advertise("git-receive-pack", legacy).statusCode()).isEqualTo(200);
  }

  @Test
  void anExpiredGitTokenIsRefused() throws Exception {
    String expired = token(List.of("git"), Instant.now().minusSeconds(1));

    HttpResponse<String> refused = advertise("git-upload-pack", expired);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("invalid, expired or revoked");
  }
}
