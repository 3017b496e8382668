package io.quire.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quire.common.account.TokenScope;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.messaging.QueueTopology;
import io.quire.common.messaging.QueueTopology.JobQueue;
import io.quire.common.project.Access;
import io.quire.common.project.Collaborator;
import io.quire.common.project.ProjectStore;
import io.quire.system.AccessMatrix.Credential;
import io.quire.system.AccessMatrix.Principal;
import io.quire.system.AccessMatrix.Role;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.types.ObjectId;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * What the access matrix runs against: web, compile-worker, history-worker and git-worker in this
 * JVM on the real RabbitMQ and Redis, one account per role, and a shared project every member role
 * belongs to, compiled once, with a version in its history and a built version zip.
 */
final class AccessMatrixWorld implements AutoCloseable {
  static final String PASSWORD = "a good long password";
  static final String ADMIN_EMAIL = "admin@quire.local";
  static final String ADMIN_PASSWORD = "admin-password-1";

  /** The shared project's root document: two paragraphs, SyncTeX finds line 3 on page 1. */
  static final String MAIN_TEX =
      """
      \\documentclass{article}
      \\begin{document}
      Hello from the access matrix.

      A second paragraph.
      \\end{document}
      """;

  /**
   * An account; {@code session} is signed in (dead once the account is disabled), {@code tokens}
   * holds a token of each kind the account's role has a column for.
   */
  record Account(
      String id,
      String email,
      String password,
      ApiClient session,
      Map<Credential, String> tokens) {}

  /** A project as the matrix uses it: its id and the document id of {@code main.tex}. */
  record Project(String id, String docId) {}

  final QuireStack stack;
  final Path work;
  final GitCli git;
  private final Map<Role, Account> accounts = new EnumMap<>(Role.class);
  private final Map<Principal, ApiClient> clients = new HashMap<>();
  private final Deque<ApiClient> disabledSessions = new ArrayDeque<>();
  private final SecureRandom random = new SecureRandom();

  /** A member of every project besides the roles: the one the owner removes. */
  Account extra;

  /** An account the signed-out caller of the sign-in row signs in as. */
  Account spare;

  String revokedToken;
  Project shared;
  String buildId;
  String jobId;
  long version;
  String exportId;
  JsonNode synctexBox;

  private AccessMatrixWorld(Path work) throws Exception {
    this.work = work;
    this.git = new GitCli(Files.createDirectories(work.resolve("home")));
    this.stack = new QuireStack();
  }

  static AccessMatrixWorld start(Path work) throws Exception {
    AccessMatrixWorld world = new AccessMatrixWorld(work);
    try {
      world.startStack();
      world.createAccounts();
      world.createSharedProject();
      world.disableTheDisabledAccount();
      world.makeClients();
    } catch (Exception | Error e) {
      world.close();
      throw e;
    }
    return world;
  }

  private void startStack() {
    ConfigurableApplicationContext gitWorker = stack.startGitWorker("git-worker", Map.of());
    int gitPort = ((WebServerApplicationContext) gitWorker).getWebServer().getPort();
    stack.startWeb(
        Map.of(
            "quire.git-bridge.worker-url",
            "http://127.0.0.1:" + gitPort,
            "quire.history.debounce",
            "300ms",
            // every caller signs in from 127.0.0.1, many times; LoginThrottleIT tests the limits
            "quire.accounts.login-throttle.per-address",
            1_000_000,
            "quire.accounts.login-throttle.per-account",
            1_000_000,
            "quire.accounts.login-throttle.per-account-total",
            1_000_000));
    stack.startCompileWorker("compile-worker", Map.of("quire.compile.concurrency", 1));
    stack.startHistoryWorker("history-worker", Map.of("quire.history.merge-window", "0s"));
  }

  private void createAccounts() {
    for (Role role : Role.values()) {
      if (role == Role.ADMIN) {
        ApiClient admin = stack.newClient();
        ok(admin.login(ADMIN_EMAIL, ADMIN_PASSWORD), 200);
        String id = admin.get("/api/me").json().get("id").asString();
        accounts.put(
            role, new Account(id, ADMIN_EMAIL, ADMIN_PASSWORD, admin, tokens(role, admin)));
      } else if (role.hasAccount()) {
        ApiClient client = stack.newClient();
        Account account = register(client, role.name().toLowerCase().replace('_', '-'));
        accounts.put(role, withTokens(account, tokens(role, client)));
      }
    }
    extra = register(stack.newClient(), "extra");
    spare = register(stack.newClient(), "spare");
    ApiClient owner = account(Role.OWNER).session();
    Response revoked = createToken(owner, "revoked", Credential.TOKEN.scopes(Role.OWNER));
    revokedToken = revoked.json().get("token").asString();
    ok(owner.delete("/api/me/tokens/" + revoked.json().get("id").asString()), 204);
  }

  private Account register(ApiClient client, String name) {
    String email = name + "-" + UUID.randomUUID() + "@example.org";
    Response registered = client.register(email, PASSWORD, name);
    ok(registered, 201);
    return new Account(registered.json().get("id").asString(), email, PASSWORD, client, Map.of());
  }

  private static Account withTokens(Account account, Map<Credential, String> tokens) {
    return new Account(
        account.id(), account.email(), account.password(), account.session(), tokens);
  }

  /**
   * A token of each kind the role has a column for. A legacy token is made as any other and then
   * stored as tokens were before they had scopes: without the field.
   */
  private Map<Credential, String> tokens(Role role, ApiClient session) {
    Map<Credential, String> tokens = new EnumMap<>(Credential.class);
    for (Credential credential : Credential.values()) {
      if (!credential.isToken()
          || credential == Credential.REVOKED_TOKEN
          || !credential.roles().contains(role)) {
        continue;
      }
      Set<TokenScope> scopes =
          credential == Credential.LEGACY_TOKEN
              ? Credential.TOKEN.scopes(role)
              : credential.scopes(role);
      Response created = createToken(session, credential.label(), scopes);
      if (credential == Credential.LEGACY_TOKEN) {
        stack
            .web()
            .getBean(MongoDatabase.class)
            .getCollection("tokens")
            .updateOne(
                Filters.eq("_id", new ObjectId(created.json().get("id").asString())),
                Updates.unset("scopes"));
      }
      tokens.put(credential, created.json().get("token").asString());
    }
    return tokens;
  }

  static Response createToken(ApiClient session, String name, Set<TokenScope> scopes) {
    Response created =
        session.postJson(
            "/api/me/tokens", Map.of("name", name, "scopes", TokenScope.wireNames(scopes)));
    ok(created, 201);
    return created;
  }

  /**
   * The shared project, made the way people make one: invitations accepted with their secrets and
   * sharing links joined. Then one compile, one version and one version zip.
   */
  private void createSharedProject() {
    ApiClient owner = owner();
    String id = newProject("Matrix");
    ok(owner.put("/api/projects/" + id + "/files/main.tex", MAIN_TEX), 204);
    inviteAndAccept(id, account(Role.WRITER), "readWrite");
    inviteAndAccept(id, account(Role.READER), "readOnly");
    inviteAndAccept(id, account(Role.DISABLED), "readWrite");
    inviteAndAccept(id, extra, "readOnly");
    Response links =
        owner.postJson("/api/projects/" + id + "/link-sharing", Map.of("enabled", true));
    ok(links, 200);
    join(account(Role.LINK_READER), id, links.json().get("readToken").asString(), "readOnly");
    join(account(Role.LINK_WRITER), id, links.json().get("writeToken").asString(), "readWrite");
    shared = new Project(id, docId(id));

    Response compiled = owner.postJson("/api/projects/" + id + "/compile", Map.of("wait", true));
    ok(compiled, 200);
    assertThat(compiled.json().get("status").asString()).as(compiled.text()).isEqualTo("success");
    buildId = compiled.json().get("buildId").asString();
    jobId = compiled.json().get("jobId").asString();
    Response box =
        owner.get("/api/projects/" + id + "/synctex/code?file=main.tex&line=3&buildId=" + buildId);
    ok(box, 200);
    synctexBox = box.json().get("boxes").get(0);

    version = awaitVersion(id);
    Response export =
        owner.postJson("/api/projects/" + id + "/history/versions/" + version + "/zip", Map.of());
    assertThat(export.status()).as(export.text()).isIn(200, 202);
    exportId = export.json().get("id").asString();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                owner
                    .get("/api/projects/" + id + "/history/exports/" + exportId)
                    .json()
                    .get("status")
                    .asString()
                    .equals("ready"));
  }

  /** Disables the account after it signed in (several times) and made a token. */
  private void disableTheDisabledAccount() {
    Account disabled = account(Role.DISABLED);
    for (int i = 0; i < 8; i++) {
      ApiClient session = stack.newClient();
      ok(session.login(disabled.email(), disabled.password()), 200);
      disabledSessions.push(session);
    }
    ok(
        admin()
            .postJson("/api/admin/users/" + disabled.id() + "/disabled", Map.of("disabled", true)),
        200);
  }

  private void makeClients() {
    for (Principal principal : AccessMatrix.principals()) {
      clients.put(principal, newClient(principal));
    }
  }

  private ApiClient newClient(Principal principal) {
    Account account = account(principal.role());
    return switch (principal.credential()) {
      case NONE -> stack.newClient();
      case SESSION -> account.session();
      case REVOKED_TOKEN -> stack.newClient().withBearer(revokedToken);
      default -> stack.newClient().withBearer(account.tokens().get(principal.credential()));
    };
  }

  /** The principal's client, the same for every cell. */
  ApiClient client(Principal principal) {
    return clients.get(principal);
  }

  /**
   * A client with the principal's credentials and a session of its own, for a call that changes its
   * caller's session: a new sign-in, or for the disabled account one of the sessions it had before
   * it was disabled.
   */
  ApiClient ownSession(Principal principal) {
    if (principal.credential() != Credential.SESSION) {
      return newClient(principal);
    }
    if (principal.role() == Role.DISABLED) {
      return disabledSessions.pop();
    }
    Account account = account(principal.role());
    ApiClient client = stack.newClient();
    ok(client.login(account.email(), account.password()), 200);
    return client;
  }

  /** The account of a role; null for the signed-out role. */
  Account account(Role role) {
    return accounts.get(role);
  }

  /** Whether the role's account is active, so its session can prepare things. */
  boolean active(Role role) {
    return role.hasAccount() && role != Role.DISABLED;
  }

  ApiClient owner() {
    return account(Role.OWNER).session();
  }

  ApiClient admin() {
    return account(Role.ADMIN).session();
  }

  String newProject(String name) {
    Response created = owner().postJson("/api/projects", Map.of("name", name));
    ok(created, 201);
    return created.json().get("id").asString();
  }

  /**
   * A new project of the owner's with the shared project's members, written in one update of the
   * project store (the shared project proves the invitation and link flows; this keeps a cell
   * quick). The disabled account is a member too, though it can no longer accept anything.
   */
  Project fresh(boolean withHistory) {
    String id = newProject("Matrix cell");
    ProjectStore projects = stack.web().getBean(ProjectStore.class);
    List<Collaborator> members =
        List.of(
            new Collaborator(account(Role.WRITER).id(), Access.READ_WRITE),
            new Collaborator(account(Role.READER).id(), Access.READ_ONLY),
            new Collaborator(account(Role.DISABLED).id(), Access.READ_WRITE),
            new Collaborator(extra.id(), Access.READ_ONLY),
            new Collaborator(account(Role.LINK_READER).id(), Access.READ_ONLY, true),
            new Collaborator(account(Role.LINK_WRITER).id(), Access.READ_WRITE, true));
    projects
        .updateSharing(
            id,
            sharing ->
                new ProjectStore.Sharing(sharing.ownerId(), members, linkToken(), linkToken()))
        .orElseThrow();
    Project project = new Project(id, docId(id));
    if (withHistory) {
      awaitVersion(id);
    }
    return project;
  }

  private String linkToken() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private String docId(String projectId) {
    return owner()
        .get("/api/projects/" + projectId + "/tree")
        .json()
        .get("entities")
        .valueStream()
        .filter(e -> e.get("path").asString().equals("main.tex"))
        .findFirst()
        .orElseThrow()
        .get("docId")
        .asString();
  }

  /** The number of the project's newest version, once history-worker made one. */
  long awaitVersion(String projectId) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              JsonNode versions =
                  owner()
                      .get("/api/projects/" + projectId + "/history/versions")
                      .json()
                      .get("versions");
              return versions.isEmpty() ? 0L : versions.get(0).get("number").asLong();
            },
            n -> n > 0);
  }

  Response invite(String projectId, String email, String access) {
    Response invited =
        owner()
            .postJson(
                "/api/projects/" + projectId + "/collaborators",
                Map.of("email", email, "access", access));
    ok(invited, 201);
    return invited;
  }

  private void inviteAndAccept(String projectId, Account account, String access) {
    ok(account.session().acceptInvitation(invite(projectId, account.email(), access)), 200);
  }

  private static void join(Account account, String projectId, String token, String expected) {
    Response joined =
        account.session().postJson("/api/projects/" + projectId + "/join", Map.of("token", token));
    ok(joined, 200);
    assertThat(joined.json().get("access").asString()).isEqualTo(expected);
  }

  /**
   * What the owner sees of a project: settings, tree, the root document's text, members and
   * invitations, links. Equal before and after a refused call.
   */
  String ownerView(String projectId) {
    String p = "/api/projects/" + projectId;
    ApiClient owner = owner();
    return String.join(
        "\n",
        owner.get(p).text(),
        owner.get(p + "/tree").text(),
        owner.get(p + "/files/main.tex").text(),
        owner.get(p + "/collaborators").text(),
        owner.get(p + "/link-sharing").text());
  }

  /** A message put straight into git.sync's dead-letter queue, as the broker would; its id. */
  String deadLetter() {
    QueueTopology topology = stack.web().getBean(QueueTopology.class);
    MessagePublisher publisher = stack.web().getBean(MessagePublisher.class);
    String id = UUID.randomUUID().toString();
    MessageProperties properties = new MessageProperties();
    properties.setMessageId(id);
    properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    publisher.publishRaw(
        topology.deadLetterExchange(),
        topology.queue(JobQueue.GIT_SYNC),
        new Message("not a job".getBytes(StandardCharsets.UTF_8), properties));
    await().atMost(Duration.ofSeconds(10)).until(() -> deadLetterPresent(id).equals("present"));
    return id;
  }

  /**
   * Whether a dead letter of git.sync is (still) in its queue, as the admin API lists them. A
   * listing looks at the messages and gives them back, and a quorum queue takes a moment to offer a
   * message given back again, so one listing may miss it: it is absent only when ten seconds of
   * listings never show it.
   */
  String deadLetterPresent(String messageId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    do {
      Response list = admin().get("/api/admin/queues/git.sync/dead-letters?limit=200");
      ok(list, 200);
      if (list.json()
          .valueStream()
          .anyMatch(d -> d.get("messageId").asString().equals(messageId))) {
        return "present";
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    } while (System.nanoTime() < deadline);
    return "absent";
  }

  /** A new user made by the admin: one to disable or delete. */
  Account throwawayUser() {
    String email = "throwaway-" + UUID.randomUUID() + "@example.org";
    Response created =
        admin()
            .postJson(
                "/api/admin/users",
                Map.of("email", email, "name", "Throwaway", "password", PASSWORD));
    ok(created, 201);
    return new Account(
        created.json().get("user").get("id").asString(), email, PASSWORD, null, null);
  }

  /** What the admin API shows of a user (or that there is none). */
  String adminViewOfUser(String email) {
    return admin().get("/api/admin/users?q=" + email).text();
  }

  /** The password a principal gives git, if any: a token, or an account password for sessions. */
  Optional<String> gitPassword(Principal principal) {
    return switch (principal.credential()) {
      case NONE -> Optional.empty();
      case SESSION -> Optional.of(account(principal.role()).password());
      case REVOKED_TOKEN -> Optional.of(revokedToken);
      default -> Optional.of(account(principal.role()).tokens().get(principal.credential()));
    };
  }

  int webPort() {
    return stack.webPort();
  }

  static void ok(Response response, int status) {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
  }

  @Override
  public void close() {
    stack.close();
  }
}
