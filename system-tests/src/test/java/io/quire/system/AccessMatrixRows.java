package io.quire.system;

import static io.quire.system.AccessMatrix.Rule.ADMIN;
import static io.quire.system.AccessMatrix.Rule.PROJECT_OWNER;
import static io.quire.system.AccessMatrix.Rule.PROJECT_READ;
import static io.quire.system.AccessMatrix.Rule.PROJECT_WRITE;
import static io.quire.system.AccessMatrix.Rule.PUBLIC;
import static io.quire.system.AccessMatrix.Rule.SIGNED_IN;
import static io.quire.system.AccessMatrix.role;
import static io.quire.system.AccessMatrix.valid;
import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.account.TokenScope;
import io.quire.system.AccessMatrix.Category;
import io.quire.system.AccessMatrix.Expect;
import io.quire.system.AccessMatrix.Fixture;
import io.quire.system.AccessMatrix.Role;
import io.quire.system.AccessMatrix.Row;
import io.quire.system.AccessMatrixIT.Cell;
import io.quire.testsupport.ApiClient.Response;
import io.quire.testsupport.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rows of the access matrix: every endpoint of web with a request that succeeds when the caller
 * may make it, and the rule it answers to. Rows of one endpoint that behave differently by body
 * (renaming a project needs its owner, choosing its compiler a writer) are rows of their own.
 */
final class AccessMatrixRows {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String NO_SUCH_ID = "000000000000000000000000";
  private static final String DEAD_LETTERS = "/api/admin/queues/git.sync/dead-letters";

  private AccessMatrixRows() {}

  private static final List<Row> ROWS = build();

  static List<Row> rows() {
    return ROWS;
  }

  private static List<Row> build() {
    return List.of(
        // --- pages: static files for anyone; the data they show comes from the API ---
        Row.of("GET /", PUBLIC)
            .name("home redirects to the project list")
            .ok(302)
            .check(
                (cell, r) -> {
                  if (r.status() == 302) {
                    assertThat(r.header("Location").orElseThrow()).endsWith("/projects");
                  }
                })
            .call(cell -> cell.client.get("/")),
        page("GET /login", "/login"),
        page("GET /register", "/register"),
        page("GET /reset-password", "/reset-password"),
        page("GET /verify-email", "/verify-email"),
        page("GET /projects", "/projects"),
        page("GET /settings", "/settings"),
        page("GET /admin", "/admin"),
        page("GET /admin/queues", "/admin/queues"),
        page("GET /project/{projectId}", c -> "/project/" + c.world.shared.id()),
        page("GET /join/{projectId}/{token}", c -> "/join/" + c.world.shared.id() + "/abc"),
        page("GET /invite/{inviteId}", c -> "/invite/" + NO_SUCH_ID),
        Row.of("GET /**", PUBLIC)
            .name("a static file")
            .call(cell -> cell.client.get("/pages/login.html")),
        Row.of("* /error", PUBLIC)
            .name("the error page, reached by a path nothing serves")
            .ok(404)
            .check(
                (cell, r) ->
                    assertThat(r.header("Content-Type").orElse(""))
                        .as("a problem, not a page")
                        .contains("json"))
            .call(cell -> cell.client.get("/no-such-page")),

        // --- the API description ---
        Row.of("GET /v3/api-docs", PUBLIC).call(cell -> cell.client.get("/v3/api-docs")),
        Row.of("GET /v3/api-docs.yaml", PUBLIC).call(cell -> cell.client.get("/v3/api-docs.yaml")),
        Row.of("GET /v3/api-docs/swagger-config", PUBLIC)
            .call(cell -> cell.client.get("/v3/api-docs/swagger-config")),
        Row.of("GET /swagger-ui.html", PUBLIC)
            .name("redirects to the API browser")
            .ok(302)
            .call(cell -> cell.client.get("/swagger-ui.html")),

        // --- the API browser's files (static, for anyone) ---
        Row.of("GET /swagger-ui/**", PUBLIC)
            .call(cell -> cell.client.get("/swagger-ui/index.html")),
        Row.of("GET /swagger-ui/*swagger-initializer.js", PUBLIC)
            .call(cell -> cell.client.get("/swagger-ui/swagger-initializer.js")),
        Row.of("GET /webjars/*swagger-ui/**", PUBLIC)
            .call(
                cell ->
                    cell.client.get("/webjars/swagger-ui/" + swaggerUi(cell) + "/swagger-ui.css")),
        Row.of("GET /webjars/*swagger-ui/*swagger-initializer.js", PUBLIC)
            .call(cell -> cell.client.get("/webjars/swagger-ui/swagger-initializer.js")),
        Row.of("GET /webjars/*swagger-ui/{version}/*swagger-initializer.js", PUBLIC)
            .call(
                cell ->
                    cell.client.get(
                        "/webjars/swagger-ui/" + swaggerUi(cell) + "/swagger-initializer.js")),
        Row.of("GET /webjars/**", PUBLIC)
            .name("no webjar but the API browser's, which the mappings above serve")
            .ok(404)
            .call(cell -> cell.client.get("/webjars/no-such-library/1.0/x.js")),

        // --- accounts: sign-up and sign-in are open; the rest needs a signed-in user ---
        Row.of("GET /api/auth/csrf", PUBLIC).call(cell -> cell.client.get("/api/auth/csrf")),
        Row.of("POST /api/auth/register", PUBLIC)
            .ownSession()
            .ok(201)
            .call(
                cell ->
                    cell.client.register(
                        "new-" + UUID.randomUUID() + "@example.org",
                        AccessMatrixWorld.PASSWORD,
                        "New")),
        Row.of("POST /api/auth/login", PUBLIC)
            .name("with the caller's own e-mail and password")
            .ownSession()
            .except(role(Role.DISABLED), Expect.refused(401, "a disabled account cannot sign in"))
            .call(
                cell -> {
                  AccessMatrixWorld.Account account =
                      cell.account() == null ? cell.world.spare : cell.account();
                  return cell.client.login(account.email(), account.password());
                }),
        Row.of("POST /api/auth/logout", SIGNED_IN)
            .ownSession()
            .ok(204)
            .call(cell -> cell.client.postJson("/api/auth/logout", Map.of())),
        // e-mailed links (ADR 0025); the stack runs without an SMTP server, so asking for a link
        // says the server sends no e-mail, and no token is valid
        Row.of("POST /api/auth/password-reset", PUBLIC)
            .name("without e-mail: the server says it sends none, whatever the address")
            .ok(409)
            .call(
                cell ->
                    cell.client.postJson(
                        "/api/auth/password-reset",
                        Map.of("email", "someone-" + UUID.randomUUID() + "@example.org"))),
        Row.of("POST /api/auth/password-reset/confirm", PUBLIC)
            .name("with a token that is not valid")
            .ok(400)
            .call(
                cell ->
                    cell.client.postJson(
                        "/api/auth/password-reset/confirm",
                        Map.of(
                            "token",
                            NO_SUCH_ID + ".not-a-secret",
                            "password",
                            "a good long password"))),
        Row.of("POST /api/auth/verify-email", PUBLIC)
            .name("with a token that is not valid")
            .ok(400)
            .call(
                cell ->
                    cell.client.postJson(
                        "/api/auth/verify-email", Map.of("token", NO_SUCH_ID + ".not-a-secret"))),
        Row.of("POST /api/me/verification-email", SIGNED_IN)
            .name("without e-mail, and the address counts as verified: nothing to send")
            .ok(409)
            .call(cell -> cell.client.postJson("/api/me/verification-email", Map.of())),
        Row.of("GET /api/me", SIGNED_IN)
            .check(
                (cell, r) -> {
                  if (r.status() == 200) {
                    assertThat(r.json().get("id").asString()).isEqualTo(cell.account().id());
                  }
                })
            .call(cell -> cell.client.get("/api/me")),
        Row.of("POST /api/me/tokens", SIGNED_IN)
            .category(Category.CREDENTIALS)
            .ok(201)
            .call(
                cell ->
                    cell.client.postJson(
                        "/api/me/tokens",
                        Map.of("name", "matrix cell", "scopes", List.of("api:read")))),
        Row.of("GET /api/me/tokens", SIGNED_IN)
            .category(Category.CREDENTIALS)
            .call(cell -> cell.client.get("/api/me/tokens")),
        Row.of("DELETE /api/me/tokens/{tokenId}", SIGNED_IN)
            .name("one of the caller's own tokens")
            .category(Category.CREDENTIALS)
            .ok(204)
            .prepare(
                cell -> {
                  String id = NO_SUCH_ID;
                  if (cell.active()) {
                    id =
                        AccessMatrixWorld.createToken(
                                cell.account().session(), "to revoke", Set.of(TokenScope.API_READ))
                            .json()
                            .get("id")
                            .asString();
                  }
                  cell.set("token", id);
                })
            .probe(
                cell -> cell.active() ? cell.account().session().get("/api/me/tokens").text() : "")
            .call(cell -> cell.client.delete("/api/me/tokens/" + cell.get("token"))),

        // --- projects ---
        Row.of("GET /api/projects", SIGNED_IN).call(cell -> cell.client.get("/api/projects")),
        Row.of("POST /api/projects", SIGNED_IN)
            .ok(201)
            .call(cell -> cell.client.postJson("/api/projects", Map.of("name", "Mine"))),
        Row.of("POST /api/projects [multipart/form-data]", SIGNED_IN)
            .name("import a zip")
            .ok(201)
            .call(
                cell ->
                    cell.client.postMultipart(
                        "/api/projects",
                        "file",
                        "imported.zip",
                        zip(AccessMatrixWorld.MAIN_TEX),
                        Map.of())),
        Row.of("GET /api/projects/{id}", PROJECT_READ).call(cell -> cell.client.get(cell.p(""))),
        Row.of("PATCH /api/projects/{id}", PROJECT_WRITE)
            .name("choose the compiler")
            .call(cell -> cell.client.patchJson(cell.p(""), Map.of("compiler", "xelatex"))),
        Row.of("PATCH /api/projects/{id}", PROJECT_OWNER)
            .name("rename")
            .call(cell -> cell.client.patchJson(cell.p(""), Map.of("name", "Renamed"))),
        Row.of("PATCH /api/projects/{id}", PROJECT_OWNER)
            .name("move to the trash")
            .call(cell -> cell.client.patchJson(cell.p(""), Map.of("trashed", true))),
        Row.of("DELETE /api/projects/{id}", PROJECT_OWNER)
            .ok(204)
            .call(cell -> cell.client.delete(cell.p(""))),
        Row.of("POST /api/projects/{id}/copy", PROJECT_READ)
            .fixture(Fixture.SHARED)
            .ok(201)
            .call(cell -> cell.client.postJson(cell.p("/copy"), Map.of())),
        Row.of("GET /api/projects/{id}/download.zip", PROJECT_READ)
            .call(cell -> cell.client.get(cell.p("/download.zip"))),
        Row.of("GET /api/projects/{id}/tree", PROJECT_READ)
            .call(cell -> cell.client.get(cell.p("/tree"))),

        // --- files ---
        Row.of("GET /api/projects/{id}/files/{*path}", PROJECT_READ)
            .check(
                (cell, r) -> {
                  if (r.status() == 200) {
                    assertThat(r.text()).isEqualTo(AccessMatrixWorld.MAIN_TEX);
                  }
                })
            .call(cell -> cell.client.get(cell.p("/files/main.tex"))),
        Row.of("PUT /api/projects/{id}/files/{*path}", PROJECT_WRITE)
            .name("a new file")
            .ok(201)
            .check(
                (cell, r) -> {
                  if (r.status() == 201) {
                    assertThat(cell.world.owner().get(cell.p("/files/new.tex")).text())
                        .isEqualTo("new\n");
                  }
                })
            .call(cell -> cell.client.put(cell.p("/files/new.tex"), "new\n")),
        Row.of("DELETE /api/projects/{id}/files/{*path}", PROJECT_WRITE)
            .ok(204)
            .prepare(
                cell ->
                    AccessMatrixWorld.ok(
                        cell.world.owner().put(cell.p("/files/victim.tex"), "x\n"), 201))
            .call(cell -> cell.client.delete(cell.p("/files/victim.tex"))),
        Row.of("POST /api/projects/{id}/upload [multipart/form-data]", PROJECT_WRITE)
            .ok(201)
            .call(
                cell ->
                    cell.client.postMultipart(
                        cell.p("/upload"),
                        "file",
                        "figure.png",
                        new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3},
                        Map.of())),
        Row.of("POST /api/projects/{id}/folders", PROJECT_WRITE)
            .ok(201)
            .call(cell -> cell.client.postJson(cell.p("/folders"), Map.of("path", "figures"))),
        Row.of("POST /api/projects/{id}/move", PROJECT_WRITE)
            .ok(204)
            .call(
                cell ->
                    cell.client.postJson(
                        cell.p("/move"), Map.of("from", "main.tex", "to", "moved.tex"))),

        // --- compiles and what they made ---
        Row.of("GET /api/compile/images", SIGNED_IN)
            .call(cell -> cell.client.get("/api/compile/images")),
        Row.of("POST /api/projects/{id}/compile", PROJECT_READ)
            .name("read access is enough: a compile changes nothing")
            .fixture(Fixture.SHARED)
            .category(Category.API_READ)
            .check(
                (cell, r) -> {
                  if (r.status() == 200) {
                    assertThat(r.json().get("status").asString()).isNotIn("error", "failure");
                  }
                })
            .call(cell -> cell.client.postJson(cell.p("/compile"), Map.of())),
        Row.of("GET /api/projects/{id}/compile/{jobId}", PROJECT_READ)
            .call(cell -> cell.client.get(cell.p("/compile/" + cell.world.jobId))),
        Row.of("POST /api/projects/{id}/compile/stop", PROJECT_READ)
            .name("the caller's own compile (none runs)")
            .fixture(Fixture.SHARED)
            .ok(202)
            .call(cell -> cell.client.postJson(cell.p("/compile/stop"), Map.of())),
        Row.of("GET /api/projects/{id}/builds/{buildId}/{file:.+}", PROJECT_READ)
            .call(cell -> cell.client.get(cell.p("/builds/" + cell.world.buildId + "/output.pdf"))),
        Row.of("GET /api/projects/{id}/synctex/code", PROJECT_READ)
            .call(
                cell ->
                    cell.client.get(
                        cell.p(
                            "/synctex/code?file=main.tex&line=3&buildId=" + cell.world.buildId))),
        Row.of("GET /api/projects/{id}/synctex/pdf", PROJECT_READ)
            .call(
                cell -> {
                  JsonNode box = cell.world.synctexBox;
                  return cell.client.get(
                      cell.p(
                          "/synctex/pdf?page="
                              + box.get("page").asInt()
                              + "&h="
                              + (box.get("h").asDouble() + 10)
                              + "&v="
                              + (box.get("v").asDouble() - 2)
                              + "&buildId="
                              + cell.world.buildId));
                }),
        Row.of("GET /api/projects/{id}/wordcount", PROJECT_READ)
            .call(cell -> cell.client.get(cell.p("/wordcount"))),
        Row.of("GET /api/projects/{id}/chktex", PROJECT_READ)
            .call(cell -> cell.client.get(cell.p("/chktex"))),
        Row.of("POST /api/projects/{id}/chktex", PROJECT_READ)
            .fixture(Fixture.SHARED)
            .category(Category.API_READ)
            .call(cell -> cell.client.postJson(cell.p("/chktex"), Map.of())),

        // --- history ---
        Row.of("GET /api/projects/{id}/history/versions", PROJECT_READ)
            .call(cell -> cell.client.get(cell.p("/history/versions"))),
        Row.of("GET /api/projects/{id}/history/versions/{number}", PROJECT_READ)
            .call(cell -> cell.client.get(cell.p("/history/versions/" + cell.world.version))),
        Row.of("GET /api/projects/{id}/history/diff", PROJECT_READ)
            .call(cell -> cell.client.get(cell.p("/history/diff"))),
        Row.of("POST /api/projects/{id}/history/labels", PROJECT_WRITE)
            .fixture(Fixture.SHARED)
            .ok(201)
            .probe(cell -> cell.world.owner().get(cell.p("/history/versions")).text())
            .call(
                cell ->
                    cell.client.postJson(
                        cell.p("/history/labels"),
                        Map.of("version", cell.world.version, "comment", "by " + cell.principal))),
        Row.of("DELETE /api/projects/{id}/history/labels/{labelId}", PROJECT_WRITE)
            .fixture(Fixture.SHARED)
            .ok(204)
            .prepare(
                cell -> {
                  Response label =
                      cell.world
                          .owner()
                          .postJson(
                              cell.p("/history/labels"),
                              Map.of("version", cell.world.version, "comment", "to delete"));
                  AccessMatrixWorld.ok(label, 201);
                  cell.set("label", label.json().get("id").asString());
                })
            .probe(cell -> cell.world.owner().get(cell.p("/history/versions")).text())
            .call(cell -> cell.client.delete(cell.p("/history/labels/" + cell.get("label")))),
        Row.of("POST /api/projects/{id}/history/restore", PROJECT_WRITE)
            .name("the whole project, edited since its first version")
            .fixture(Fixture.FRESH_WITH_HISTORY)
            .prepare(
                cell ->
                    AccessMatrixWorld.ok(
                        cell.world.owner().put(cell.p("/files/main.tex"), "edited since\n"), 204))
            .check(
                (cell, r) -> {
                  if (r.status() == 200) {
                    assertThat(cell.world.owner().get(cell.p("/files/main.tex")).text())
                        .isNotEqualTo("edited since\n");
                  }
                })
            .call(cell -> cell.client.postJson(cell.p("/history/restore"), Map.of("version", 1))),
        Row.of("GET /api/projects/{id}/history/versions/{number}/download.zip", PROJECT_READ)
            .call(
                cell ->
                    cell.client.get(
                        cell.p("/history/versions/" + cell.world.version + "/download.zip"))),
        Row.of("POST /api/projects/{id}/history/versions/{number}/zip", PROJECT_READ)
            .name("a version zip built as a job (done already)")
            .fixture(Fixture.SHARED)
            .category(Category.API_READ)
            .ok(200, 202)
            .call(
                cell ->
                    cell.client.postJson(
                        cell.p("/history/versions/" + cell.world.version + "/zip"), Map.of())),
        Row.of("GET /api/projects/{id}/history/exports/{exportId}", PROJECT_READ)
            .call(cell -> cell.client.get(cell.p("/history/exports/" + cell.world.exportId))),
        Row.of("GET /api/projects/{id}/history/exports/{exportId}/download.zip", PROJECT_READ)
            .call(
                cell ->
                    cell.client.get(
                        cell.p("/history/exports/" + cell.world.exportId + "/download.zip"))),

        // --- chat: read-only members read and post too (ADR 0026) ---
        Row.of("GET /api/projects/{id}/chat/messages", PROJECT_READ)
            .call(cell -> cell.client.get(cell.p("/chat/messages"))),
        Row.of("POST /api/projects/{id}/chat/messages", PROJECT_READ)
            .fixture(Fixture.SHARED)
            .ok(201)
            .probe(cell -> cell.world.owner().get(cell.p("/chat/messages")).text())
            .call(
                cell ->
                    cell.client.postJson(
                        cell.p("/chat/messages"), Map.of("text", "by " + cell.principal))),
        Row.of("POST /api/projects/{id}/chat/read", PROJECT_READ)
            .fixture(Fixture.SHARED)
            .ok(204)
            .call(cell -> cell.client.postJson(cell.p("/chat/read"), Map.of())),
        Row.of("GET /api/projects/{id}/chat/unread", PROJECT_READ)
            .call(cell -> cell.client.get(cell.p("/chat/unread"))),

        // --- sharing ---
        Row.of("GET /api/projects/{id}/collaborators", PROJECT_READ)
            .call(cell -> cell.client.get(cell.p("/collaborators"))),
        Row.of("POST /api/projects/{id}/collaborators", PROJECT_OWNER)
            .name("invite")
            .ok(201)
            .call(
                cell ->
                    cell.client.postJson(
                        cell.p("/collaborators"),
                        Map.of(
                            "email",
                            "invited-" + UUID.randomUUID() + "@example.org",
                            "access",
                            "readOnly"))),
        Row.of("POST /api/invites/{inviteId}/accept", SIGNED_IN)
            .name("with the invitation's secret (the secret is the permission)")
            .prepare(
                cell -> {
                  String project = cell.world.newProject("Invitation");
                  Response invited =
                      cell.world.invite(
                          project, "invitee-" + UUID.randomUUID() + "@example.org", "readOnly");
                  cell.set("project", project);
                  cell.set("invite", invited.json().get("inviteId").asString());
                  cell.set("secret", invited.json().get("token").asString());
                })
            .probe(cell -> cell.world.ownerView(cell.get("project")))
            .call(
                cell ->
                    cell.client.postJson(
                        "/api/invites/" + cell.get("invite") + "/accept",
                        Map.of("token", cell.get("secret")))),
        Row.of("DELETE /api/projects/{id}/collaborators/{userId}", PROJECT_OWNER)
            .name("remove a member")
            .ok(204)
            .call(cell -> cell.client.delete(cell.p("/collaborators/" + cell.world.extra.id()))),
        Row.of("DELETE /api/projects/{id}/collaborators/{userId}", PROJECT_READ)
            .name("leave (remove oneself)")
            .ok(204)
            .except(
                valid(Role.OWNER),
                Expect.refused(400, "the owner cannot leave; transfer ownership first"))
            .except(
                valid(Role.ADMIN),
                Expect.refused(404, "an administrator who is not a member has nothing to leave"))
            .call(
                cell ->
                    cell.client.delete(
                        cell.p(
                            "/collaborators/"
                                + (cell.account() == null ? NO_SUCH_ID : cell.account().id())))),
        Row.of("PATCH /api/projects/{id}/collaborators/{userId}", PROJECT_OWNER)
            .name("make the reader a writer")
            .call(
                cell ->
                    cell.client.patchJson(
                        cell.p("/collaborators/" + cell.world.account(Role.READER).id()),
                        Map.of("access", "readWrite"))),
        Row.of("DELETE /api/projects/{id}/invites/{inviteId}", PROJECT_OWNER)
            .ok(204)
            .prepare(
                cell ->
                    cell.set(
                        "invite",
                        cell.world
                            .invite(
                                cell.id(),
                                "withdrawn-" + UUID.randomUUID() + "@example.org",
                                "readOnly")
                            .json()
                            .get("inviteId")
                            .asString()))
            .call(cell -> cell.client.delete(cell.p("/invites/" + cell.get("invite")))),
        Row.of("GET /api/projects/{id}/link-sharing", PROJECT_OWNER)
            .call(cell -> cell.client.get(cell.p("/link-sharing"))),
        Row.of("POST /api/projects/{id}/link-sharing", PROJECT_OWNER)
            .name("turn the links off")
            .call(cell -> cell.client.postJson(cell.p("/link-sharing"), Map.of("enabled", false))),
        Row.of("POST /api/projects/{id}/transfer-ownership", PROJECT_OWNER)
            .name("to an invited writer")
            .ok(204)
            .call(
                cell ->
                    cell.client.postJson(
                        cell.p("/transfer-ownership"),
                        Map.of("userId", cell.world.account(Role.WRITER).id()))),
        Row.of("POST /api/projects/{id}/join", SIGNED_IN)
            .name("with the read link's token (the token is the permission)")
            .prepare(
                cell -> {
                  String project = cell.world.newProject("Linked");
                  Response links =
                      cell.world
                          .owner()
                          .postJson(
                              "/api/projects/" + project + "/link-sharing",
                              Map.of("enabled", true));
                  AccessMatrixWorld.ok(links, 200);
                  cell.set("project", project);
                  cell.set("link", links.json().get("readToken").asString());
                })
            .probe(cell -> cell.world.ownerView(cell.get("project")))
            .call(
                cell ->
                    cell.client.postJson(
                        "/api/projects/" + cell.get("project") + "/join",
                        Map.of("token", cell.get("link")))),

        // --- administration ---
        Row.of("GET /api/admin/users", ADMIN).call(cell -> cell.client.get("/api/admin/users")),
        Row.of("POST /api/admin/users", ADMIN)
            .ok(201)
            .prepare(cell -> cell.set("email", "created-" + UUID.randomUUID() + "@example.org"))
            .probe(cell -> cell.world.adminViewOfUser(cell.get("email")))
            .call(
                cell ->
                    cell.client.postJson(
                        "/api/admin/users",
                        Map.of(
                            "email",
                            cell.get("email"),
                            "name",
                            "Created",
                            "password",
                            AccessMatrixWorld.PASSWORD))),
        Row.of("POST /api/admin/users/{userId}/disabled", ADMIN)
            .prepare(AccessMatrixRows::throwawayUser)
            .probe(cell -> cell.world.adminViewOfUser(cell.get("email")))
            .call(
                cell ->
                    cell.client.postJson(
                        "/api/admin/users/" + cell.get("user") + "/disabled",
                        Map.of("disabled", true))),
        Row.of("DELETE /api/admin/users/{userId}", ADMIN)
            .ok(204)
            .prepare(AccessMatrixRows::throwawayUser)
            .probe(cell -> cell.world.adminViewOfUser(cell.get("email")))
            .call(cell -> cell.client.delete("/api/admin/users/" + cell.get("user"))),
        Row.of("GET /api/admin/settings", ADMIN)
            .call(cell -> cell.client.get("/api/admin/settings")),
        Row.of("PUT /api/admin/settings", ADMIN)
            .name("registration stays open")
            .call(
                cell ->
                    cell.client.putJson("/api/admin/settings", Map.of("registrationOpen", true))),
        Row.of("GET /api/admin/projects", ADMIN)
            .call(cell -> cell.client.get("/api/admin/projects?q=" + cell.world.shared.id())),
        Row.of("GET /api/admin/projects/{projectId}", ADMIN)
            .call(cell -> cell.client.get("/api/admin/projects/" + cell.world.shared.id())),
        Row.of("GET /api/admin/queues", ADMIN).call(cell -> cell.client.get("/api/admin/queues")),
        Row.of("GET /api/admin/queues/history", ADMIN)
            .call(cell -> cell.client.get("/api/admin/queues/history")),
        Row.of("GET /api/admin/queues/stream", ADMIN)
            .name("server-sent events")
            .call(AccessMatrixRows::eventStream),
        Row.of("GET /api/admin/queues/{queue}/dead-letters", ADMIN)
            .call(cell -> cell.client.get(DEAD_LETTERS)),
        Row.of("POST /api/admin/queues/{queue}/dead-letters/{messageId}/requeue", ADMIN)
            .prepare(cell -> cell.set("message", cell.world.deadLetter()))
            .probe(cell -> cell.world.deadLetterPresent(cell.get("message")))
            .call(
                cell ->
                    cell.client.postJson(
                        DEAD_LETTERS + "/" + cell.get("message") + "/requeue", Map.of())),
        Row.of("POST /api/admin/queues/{queue}/dead-letters/requeue-all", ADMIN)
            .prepare(cell -> cell.set("message", cell.world.deadLetter()))
            .probe(cell -> cell.world.deadLetterPresent(cell.get("message")))
            .call(cell -> cell.client.postJson(DEAD_LETTERS + "/requeue-all", Map.of())),
        Row.of("DELETE /api/admin/queues/{queue}/dead-letters", ADMIN)
            .name("purge, confirmed")
            .prepare(cell -> cell.set("message", cell.world.deadLetter()))
            .probe(cell -> cell.world.deadLetterPresent(cell.get("message")))
            .call(cell -> cell.client.delete(DEAD_LETTERS + "?confirm=git.sync")),
        Row.of("GET /api/admin/audit", ADMIN).call(cell -> cell.client.get("/api/admin/audit")),

        // --- health and metrics on web's own port (ADR 0019) ---
        Row.of("GET /actuator/health", PUBLIC)
            .name("details for administrators only")
            .check(AccessMatrixRows::healthDetailsOnlyForAdmins)
            .call(cell -> cell.client.get("/actuator/health")),
        Row.of("GET /actuator/health/**", PUBLIC)
            .name("readiness, details for administrators only")
            .check(AccessMatrixRows::healthDetailsOnlyForAdmins)
            .call(cell -> cell.client.get("/actuator/health/readiness")),
        Row.of("GET /actuator", ADMIN).call(cell -> cell.client.get("/actuator")),
        Row.of("GET /actuator/info", ADMIN).call(cell -> cell.client.get("/actuator/info")),
        Row.of("GET /actuator/metrics", ADMIN).call(cell -> cell.client.get("/actuator/metrics")),
        Row.of("GET /actuator/metrics/{requiredMetricName}", ADMIN)
            .call(cell -> cell.client.get("/actuator/metrics/jvm.memory.used")),
        Row.of("GET /actuator/prometheus", ADMIN)
            .call(cell -> cell.client.get("/actuator/prometheus")),

        // --- the git bridge, with the real git client through web's /git/ ---
        Row.of("SERVLET /git/*", PROJECT_READ)
            .name("git clone")
            .category(Category.GIT_READ)
            .fixture(Fixture.SHARED)
            .call(AccessMatrixRows::gitClone),
        Row.of("SERVLET /git/*", PROJECT_WRITE)
            .name("git push")
            .category(Category.GIT_WRITE)
            .fixture(Fixture.FRESH)
            .call(AccessMatrixRows::gitPush),

        // --- the collaboration socket ---
        Row.of("POST /api/collab/tickets", PROJECT_READ)
            .name("a one-time ticket to open the socket for a project")
            .fixture(Fixture.SHARED)
            .ok(201)
            .call(
                cell ->
                    cell.client.postJson("/api/collab/tickets", Map.of("projectId", cell.id()))),
        Row.of("SOCKET /ws/collab", PROJECT_READ)
            .name("open with a ticket alone and join a document")
            .category(Category.SOCKET_READ)
            .fixture(Fixture.SHARED)
            .call(AccessMatrixRows::socketWithTicket),
        Row.of("SOCKET /ws/collab", PROJECT_READ)
            .name("open and join a document")
            .category(Category.SOCKET_READ)
            .fixture(Fixture.SHARED)
            .call(cell -> socket(cell, false)),
        Row.of("SOCKET /ws/collab", PROJECT_WRITE)
            .name("push an edit")
            .category(Category.SOCKET_WRITE)
            .fixture(Fixture.FRESH)
            .check(
                (cell, r) -> {
                  if (r.status() == 200) {
                    assertThat(cell.world.owner().get(cell.p("/files/main.tex")).text())
                        .contains(marker(cell));
                  }
                })
            .call(cell -> socket(cell, true)),

        // last: should a password change ever end the account's other sessions, no later row
        // depends on them
        Row.of("POST /api/me/password", SIGNED_IN)
            .name("to the same password")
            .category(Category.CREDENTIALS)
            .ownSession()
            .ok(204)
            .call(
                cell -> {
                  String password =
                      cell.account() == null
                          ? AccessMatrixWorld.PASSWORD
                          : cell.account().password();
                  return cell.client.postJson(
                      "/api/me/password",
                      Map.of("currentPassword", password, "newPassword", password));
                }));
  }

  private static Row page(String endpoint, String path) {
    return page(endpoint, cell -> path);
  }

  private static Row page(String endpoint, java.util.function.Function<Cell, String> path) {
    return Row.of(endpoint, PUBLIC)
        .check(
            (cell, r) -> {
              if (r.status() == 200) {
                assertThat(r.header("Content-Type").orElse("")).startsWith("text/html");
              }
            })
        .call(cell -> cell.client.get(path.apply(cell)));
  }

  private static String swaggerUi(Cell cell) {
    return AccessMatrixIT.swaggerUiVersion(cell.world.stack.web());
  }

  private static void throwawayUser(Cell cell) {
    AccessMatrixWorld.Account user = cell.world.throwawayUser();
    cell.set("user", user.id());
    cell.set("email", user.email());
  }

  private static void healthDetailsOnlyForAdmins(Cell cell, Response response) {
    if (response.status() != 200) {
      return;
    }
    boolean admin = valid(Role.ADMIN).test(cell.principal);
    assertThat(response.json().has("components"))
        .as("health details are shown to administrators only")
        .isEqualTo(admin);
  }

  private static Response synthetic(int status, String text) {
    return new Response(status, Map.of(), text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] zip(String mainTex) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("main.tex"));
      zip.write(mainTex.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  /** The admin dashboard's event stream: the status and type, then the stream is let go. */
  private static Response eventStream(Cell cell) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(cell.client.baseUrl() + "/api/admin/queues/stream"))
            .timeout(Duration.ofSeconds(30))
            .GET();
    cell.client.credentials().forEach(request::header);
    HttpResponse<InputStream> answer =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = answer.body()) {
      if (answer.statusCode() == 200) {
        assertThat(answer.headers().firstValue("Content-Type").orElse(""))
            .startsWith("text/event-stream");
        return synthetic(200, "an event stream");
      }
      return new Response(answer.statusCode(), answer.headers().map(), body.readAllBytes());
    }
  }

  // --- git ---

  private static Map<String, String> basic(Cell cell) {
    return cell.world
        .gitPassword(cell.principal)
        .map(
            secret ->
                Map.of(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(
                                ("git-user:" + secret).getBytes(StandardCharsets.UTF_8))))
        .orElse(Map.of());
  }

  private static String gitUrl(Cell cell) {
    Optional<String> secret = cell.world.gitPassword(cell.principal);
    return "http://"
        + secret
            .map(
                s ->
                    "git-user:"
                        + URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20")
                        + "@")
            .orElse("")
        + "127.0.0.1:"
        + cell.world.webPort()
        + "/git/"
        + cell.id();
  }

  private static RawHttp.Answer advertisement(Cell cell, String service) {
    return RawHttp.send(
        cell.world.webPort(),
        "GET",
        "/git/" + cell.id() + ".git/info/refs?service=" + service,
        basic(cell),
        null);
  }

  private static Path newDir(Cell cell, String name) {
    return cell.world.work.resolve(name + "-" + UUID.randomUUID());
  }

  /**
   * The fetch advertisement's status is the cell's answer; the real {@code git clone} must then
   * succeed exactly when it was 200, with the project's text.
   */
  private static Response gitClone(Cell cell) {
    RawHttp.Answer refs = advertisement(cell, "git-upload-pack");
    Path dir = newDir(cell, "clone");
    GitCli.Result clone =
        cell.world.git.run(cell.world.work, "clone", "-q", gitUrl(cell), dir.toString());
    if (refs.status() == 200) {
      assertThat(clone.ok()).as(clone.output()).isTrue();
      assertThat(GitCli.read(dir.resolve("main.tex")))
          .isEqualTo(cell.world.owner().get(cell.p("/files/main.tex")).text());
    } else {
      assertThat(clone.ok())
          .as("git clone after a %d: %s", refs.status(), clone.output())
          .isFalse();
    }
    return synthetic(refs.status(), refs.text());
  }

  /**
   * The push advertisement's status is the cell's answer. A caller who can clone then pushes a new
   * file with the real {@code git push}, which must succeed exactly when the advertisement was 200
   * and put the file into the project; for others a pack posted by hand gets the same status.
   */
  private static Response gitPush(Cell cell) {
    RawHttp.Answer refs = advertisement(cell, "git-receive-pack");
    boolean canClone =
        AccessMatrix.byRule(AccessMatrix.Rule.PROJECT_READ, cell.row, cell.principal).allowed();
    String file = "pushed-" + UUID.randomUUID().toString().substring(0, 8) + ".tex";
    if (canClone) {
      GitCli git = cell.world.git;
      Path dir = newDir(cell, "push");
      git.ok(cell.world.work, "clone", "-q", gitUrl(cell), dir.toString());
      GitCli.write(dir.resolve(file), "pushed by " + cell.principal + "\n");
      git.ok(dir, "add", file);
      git.ok(dir, "commit", "-q", "-m", "Push by " + cell.principal);
      GitCli.Result push = git.run(dir, "push", "origin", "main");
      int there = cell.world.owner().get(cell.p("/files/" + file)).status();
      if (refs.status() == 200) {
        assertThat(push.ok()).as(push.output()).isTrue();
        assertThat(there).as("the pushed file is in the project").isEqualTo(200);
      } else {
        assertThat(push.ok()).as("git push after a %d: %s", refs.status(), push.output()).isFalse();
        assertThat(there).as("a refused push adds nothing").isEqualTo(404);
      }
    } else {
      Map<String, String> headers = new java.util.HashMap<>(basic(cell));
      headers.put("Content-Type", "application/x-git-receive-pack-request");
      RawHttp.Answer pack =
          RawHttp.send(
              cell.world.webPort(),
              "POST",
              "/git/" + cell.id() + "/git-receive-pack",
              headers,
              "0000".getBytes(StandardCharsets.US_ASCII));
      assertThat(pack.status()).as(pack.text()).isEqualTo(refs.status());
    }
    return synthetic(refs.status(), refs.text());
  }

  // --- the collaboration socket ---

  private static String marker(Cell cell) {
    return "edited by " + cell.principal;
  }

  /**
   * Opens the socket with the principal's credentials (a session cookie from Quire's own origin, or
   * a bearer token), joins {@code main.tex} and, for {@code edit}, pushes an insertion. The answer:
   * the handshake's status when it is refused, 404 or 403 for a join or push refused as {@code
   * not-found} or {@code forbidden}, 200 when everything was accepted.
   */
  private static Response socket(Cell cell, boolean edit) throws Exception {
    return socket(cell, cell.client.credentials(), "", edit);
  }

  /**
   * Asks for a ticket with the principal's credentials (its answer is the cell's when it is
   * refused), then opens the socket with the ticket alone, as a client that cannot send credentials
   * on a handshake does, and joins {@code main.tex}.
   */
  private static Response socketWithTicket(Cell cell) throws Exception {
    Response ticket = cell.client.postJson("/api/collab/tickets", Map.of("projectId", cell.id()));
    if (ticket.status() != 201) {
      return ticket;
    }
    return socket(cell, Map.of(), "?ticket=" + ticket.json().get("ticket").asString(), false);
  }

  private static Response socket(
      Cell cell, Map<String, String> credentials, String query, boolean edit) throws Exception {
    BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              received.add(JSON.readTree(partial.toString()));
              partial.setLength(0);
            }
            socket.request(1);
            return null;
          }
        };
    Opened opened = open(cell.client.baseUrl(), query, credentials, listener);
    if (opened.socket() == null) {
      return synthetic(opened.refusal(), "handshake refused");
    }
    WebSocket socket = opened.socket();
    try {
      send(socket, Map.of("type", "join", "projectId", cell.id(), "docId", cell.project.docId()));
      JsonNode joined = next(received, "joined");
      if (joined.get("type").asString().equals("rejected")) {
        return refusal(joined);
      }
      if (!edit) {
        return synthetic(200, joined.toString());
      }
      String text = joined.get("text").asString();
      send(
          socket,
          Map.of(
              "type",
              "push",
              "docId",
              cell.project.docId(),
              "version",
              joined.get("version").asLong(),
              "updates",
              List.of(
                  Map.of(
                      "clientID",
                      "matrix",
                      "changes",
                      List.of(text.length(), List.of(0, marker(cell)))))));
      JsonNode pushed = next(received, "pushed");
      if (pushed.get("type").asString().equals("rejected")) {
        return refusal(pushed);
      }
      assertThat(pushed.get("accepted").asInt()).as(pushed.toString()).isEqualTo(1);
      return synthetic(200, pushed.toString());
    } finally {
      socket.abort();
    }
  }

  /** A socket, or the status its handshake was refused with. */
  record Opened(WebSocket socket, int refusal) {}

  /**
   * Opens the collaboration socket with the credentials of a client (its session cookie and Origin,
   * or its bearer token), as a browser or script would send them with the handshake.
   */
  static Opened open(String baseUrl, Map<String, String> credentials, WebSocket.Listener listener)
      throws Exception {
    return open(baseUrl, "", credentials, listener);
  }

  private static Opened open(
      String baseUrl, String query, Map<String, String> credentials, WebSocket.Listener listener)
      throws Exception {
    WebSocket.Builder builder =
        HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    Set<String> passed = Set.of("Cookie", "Origin", "Authorization");
    credentials.forEach(
        (name, value) -> {
          if (passed.contains(name)) {
            builder.header(name, value);
          }
        });
    try {
      return new Opened(
          builder
              .buildAsync(
                  URI.create(baseUrl.replaceFirst("^http", "ws") + "/ws/collab" + query), listener)
              .get(10, TimeUnit.SECONDS),
          0);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return new Opened(null, refused.getResponse().statusCode());
      }
      throw e;
    }
  }

  private static void send(WebSocket socket, Map<String, ?> message) {
    socket.sendText(JSON.writeValueAsString(message), true).join();
  }

  /** The next message of the wanted type or a refusal, skipping others (presence, updates). */
  private static JsonNode next(BlockingQueue<JsonNode> received, String wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      JsonNode message =
          received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      assertThat(message).as("a '" + wanted + "' or 'rejected' message in time").isNotNull();
      String type = message.path("type").asString("");
      if (type.equals(wanted) || type.equals("rejected")) {
        return message;
      }
    }
  }

  private static Response refusal(JsonNode rejected) {
    String reason = rejected.path("reason").asString("");
    int status =
        switch (reason) {
          case "not-found" -> 404;
          case "forbidden" -> 403;
          default -> throw new AssertionError("unexpected refusal: " + rejected);
        };
    return synthetic(status, rejected.toString());
  }
}
