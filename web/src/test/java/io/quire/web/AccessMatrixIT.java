package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every role × every project endpoint: the allowed ones succeed, the refused ones get 401
 * (anonymous), 404 (no access: ids reveal nothing) or 403 (too little access), and a refused call
 * changes nothing. Each cell gets a fresh project, so no cell depends on another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixIT {

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
  }

  @LocalServerPort int port;

  enum Role {
    OWNER,
    READ_WRITE,
    READ_ONLY,
    READ_LINK,
    WRITE_LINK,
    OTHER_USER,
    ANONYMOUS,
    ADMIN
  }

  /** The least access an action needs. */
  enum Need {
    READ,
    WRITE,
    OWNER
  }

  /** A fresh project shared with every role. */
  record Fixture(String id, String extraUserId, String inviteId, String rwUserId) {}

  /**
   * One endpoint. {@code reachedWhenNotFound} marks endpoints whose allowed answer may itself be a
   * 404 for a missing sub-resource (an unknown build or job): then the body must not be the
   * project-level refusal.
   */
  record Action(
      String name, Need need, BiFunction<ApiClient, Fixture, Response> call, boolean compile) {}

  private final Map<Role, ApiClient> clients = new EnumMap<>(Role.class);
  private ApiClient extraClient;

  @BeforeAll
  void registerEveryone() {
    for (Role role : Role.values()) {
      ApiClient client = new ApiClient("http://localhost:" + port);
      String email = role.name().toLowerCase() + "-" + UUID.randomUUID() + "@example.org";
      if (role == Role.ADMIN) {
        assertThat(client.login("admin@quire.local", "admin-password-1").status()).isEqualTo(200);
      } else if (role != Role.ANONYMOUS) {
        assertThat(client.register(email, "a good long password", role.name()).status())
            .isEqualTo(201);
      }
      clients.put(role, client);
    }
    extraClient = new ApiClient("http://localhost:" + port);
    extraClient.register(
        "extra-" + UUID.randomUUID() + "@example.org", "a good long password", "X");
  }

  private Fixture newProject() {
    ApiClient owner = clients.get(Role.OWNER);
    String id =
        owner.postJson("/api/projects", Map.of("name", "Matrix")).json().get("id").asString();
    assertThat(owner.put("/api/projects/" + id + "/files/victim.tex", "x").status()).isEqualTo(201);
    String rw = inviteAndAccept(id, clients.get(Role.READ_WRITE), "readWrite");
    inviteAndAccept(id, clients.get(Role.READ_ONLY), "readOnly");
    String extra = inviteAndAccept(id, extraClient, "readOnly");
    String inviteId =
        invite(id, "nobody-" + UUID.randomUUID() + "@example.org", "readOnly")
            .json()
            .get("inviteId")
            .asString();
    Response links =
        owner.postJson("/api/projects/" + id + "/link-sharing", Map.of("enabled", true));
    assertThat(links.status()).isEqualTo(200);
    join(Role.READ_LINK, id, links.json().get("readToken").asString(), "readOnly");
    join(Role.WRITE_LINK, id, links.json().get("writeToken").asString(), "readWrite");
    return new Fixture(id, extra, inviteId, rw);
  }

  private Response invite(String id, String email, String access) {
    Response r =
        clients
            .get(Role.OWNER)
            .postJson(
                "/api/projects/" + id + "/collaborators", Map.of("email", email, "access", access));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r;
  }

  /** Invites the client's user and accepts with the link's secret; returns the user's id. */
  private String inviteAndAccept(String id, ApiClient invitee, String access) {
    JsonNode me = invitee.get("/api/me").json();
    Response accepted = invitee.acceptInvitation(invite(id, me.get("email").asString(), access));
    assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
    return me.get("id").asString();
  }

  private void join(Role role, String id, String token, String expected) {
    Response r =
        clients.get(role).postJson("/api/projects/" + id + "/join", Map.of("token", token));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.json().get("access").asString()).isEqualTo(expected);
  }

  static List<Action> actions() {
    String p = "/api/projects/";
    return List.of(
        new Action("get project", Need.READ, (c, f) -> c.get(p + f.id()), false),
        new Action("get tree", Need.READ, (c, f) -> c.get(p + f.id() + "/tree"), false),
        new Action("read file", Need.READ, (c, f) -> c.get(p + f.id() + "/files/main.tex"), false),
        new Action("download zip", Need.READ, (c, f) -> c.get(p + f.id() + "/download.zip"), false),
        new Action(
            "list members", Need.READ, (c, f) -> c.get(p + f.id() + "/collaborators"), false),
        new Action("copy", Need.READ, (c, f) -> c.postJson(p + f.id() + "/copy", Map.of()), false),
        new Action(
            "compile", Need.READ, (c, f) -> c.postJson(p + f.id() + "/compile", Map.of()), true),
        new Action(
            "compile status",
            Need.READ,
            (c, f) -> c.get(p + f.id() + "/compile/" + UUID.randomUUID()),
            true),
        new Action(
            "stop compile",
            Need.READ,
            (c, f) -> c.postJson(p + f.id() + "/compile/stop", Map.of()),
            true),
        new Action(
            "build output",
            Need.READ,
            (c, f) -> c.get(p + f.id() + "/builds/" + UUID.randomUUID() + "/output.pdf"),
            true),
        new Action(
            "write file", Need.WRITE, (c, f) -> c.put(p + f.id() + "/files/new.tex", "y"), false),
        new Action(
            "delete file", Need.WRITE, (c, f) -> c.delete(p + f.id() + "/files/victim.tex"), false),
        new Action(
            "create folder",
            Need.WRITE,
            (c, f) -> c.postJson(p + f.id() + "/folders", Map.of("path", "figs")),
            false),
        new Action(
            "move file",
            Need.WRITE,
            (c, f) ->
                c.postJson(p + f.id() + "/move", Map.of("from", "victim.tex", "to", "v2.tex")),
            false),
        new Action(
            "set root document",
            Need.WRITE,
            (c, f) -> c.patchJson(p + f.id(), Map.of("rootPath", "victim.tex")),
            false),
        new Action(
            "rename project",
            Need.OWNER,
            (c, f) -> c.patchJson(p + f.id(), Map.of("name", "Renamed")),
            false),
        new Action(
            "trash project",
            Need.OWNER,
            (c, f) -> c.patchJson(p + f.id(), Map.of("trashed", true)),
            false),
        new Action("delete project", Need.OWNER, (c, f) -> c.delete(p + f.id()), false),
        new Action(
            "invite",
            Need.OWNER,
            (c, f) ->
                c.postJson(
                    p + f.id() + "/collaborators",
                    Map.of("email", "new-" + UUID.randomUUID() + "@x.org", "access", "readOnly")),
            false),
        new Action(
            "remove member",
            Need.OWNER,
            (c, f) -> c.delete(p + f.id() + "/collaborators/" + f.extraUserId()),
            false),
        new Action(
            "cancel invitation",
            Need.OWNER,
            (c, f) -> c.delete(p + f.id() + "/invites/" + f.inviteId()),
            false),
        new Action("see links", Need.OWNER, (c, f) -> c.get(p + f.id() + "/link-sharing"), false),
        new Action(
            "turn links off",
            Need.OWNER,
            (c, f) -> c.postJson(p + f.id() + "/link-sharing", Map.of("enabled", false)),
            false),
        new Action(
            "transfer ownership",
            Need.OWNER,
            (c, f) ->
                c.postJson(p + f.id() + "/transfer-ownership", Map.of("userId", f.rwUserId())),
            false));
  }

  Stream<Arguments> cells() {
    List<Arguments> cells = new ArrayList<>();
    for (Role role : Role.values()) {
      for (Action action : actions()) {
        cells.add(Arguments.of(role, action.name(), action));
      }
    }
    return cells.stream();
  }

  static boolean allowed(Role role, Need need) {
    return switch (role) {
      case OWNER, ADMIN -> true;
      case READ_WRITE, WRITE_LINK -> need != Need.OWNER;
      case READ_ONLY, READ_LINK -> need == Need.READ;
      case OTHER_USER, ANONYMOUS -> false;
    };
  }

  @ParameterizedTest(name = "{0} × {1}")
  @MethodSource("cells")
  void eachRoleIsAllowedExactlyWhatItsAccessPermits(Role role, String name, Action action) {
    Fixture fixture = newProject();
    String before = ownersView(fixture);

    Response response = action.call().apply(clients.get(role), fixture);

    if (allowed(role, action.need())) {
      if (action.compile()) {
        assertThat(response.status()).as(response.text()).isNotIn(401, 403);
        if (response.status() == 404) {
          assertThat(response.text()).doesNotContain("There is no project");
        }
      } else {
        assertThat(response.status()).as(response.text()).isBetween(200, 299);
      }
      return;
    }
    int refused =
        switch (role) {
          case ANONYMOUS -> 401;
          case OTHER_USER -> 404;
          default -> 403;
        };
    assertThat(response.status()).as(response.text()).isEqualTo(refused);
    assertThat(ownersView(fixture)).as("a refused call changes nothing").isEqualTo(before);
  }

  /** What the owner sees of the project, members and links: equal before and after a refusal. */
  private String ownersView(Fixture f) {
    ApiClient owner = clients.get(Role.OWNER);
    return owner.get("/api/projects/" + f.id()).text()
        + owner.get("/api/projects/" + f.id() + "/tree").text()
        + owner.get("/api/projects/" + f.id() + "/collaborators").text()
        + owner.get("/api/projects/" + f.id() + "/link-sharing").text();
  }

  @Test
  void turningLinkSharingOffShutsOutLinkMembersButNotInvitedOnes() {
    Fixture f = newProject();
    clients
        .get(Role.OWNER)
        .postJson("/api/projects/" + f.id() + "/link-sharing", Map.of("enabled", false));

    assertThat(clients.get(Role.READ_LINK).get("/api/projects/" + f.id()).status()).isEqualTo(404);
    assertThat(clients.get(Role.WRITE_LINK).get("/api/projects/" + f.id()).status()).isEqualTo(404);
    assertThat(clients.get(Role.READ_ONLY).get("/api/projects/" + f.id()).status()).isEqualTo(200);
  }

  @Test
  void aRegeneratedLinkRefusesTheOldTokenAndAWrongTokenJoinsNothing() {
    ApiClient owner = clients.get(Role.OWNER);
    String id =
        owner.postJson("/api/projects", Map.of("name", "Links")).json().get("id").asString();
    String old =
        owner
            .postJson("/api/projects/" + id + "/link-sharing", Map.of("enabled", true))
            .json()
            .get("readToken")
            .asString();
    String fresh =
        owner
            .postJson(
                "/api/projects/" + id + "/link-sharing",
                Map.of("enabled", true, "regenerate", true))
            .json()
            .get("readToken")
            .asString();
    ApiClient other = clients.get(Role.OTHER_USER);

    assertThat(fresh).isNotEqualTo(old);
    // at least 128 bits: 24 bytes in URL-safe base64 are 32 characters
    assertThat(fresh).hasSizeGreaterThanOrEqualTo(22).matches("[A-Za-z0-9_-]+");
    assertThat(other.postJson("/api/projects/" + id + "/join", Map.of("token", old)).status())
        .isEqualTo(404);
    assertThat(other.postJson("/api/projects/" + id + "/join", Map.of("token", "x")).status())
        .isEqualTo(404);
    assertThat(other.get("/api/projects/" + id).status()).isEqualTo(404);
    assertThat(
            clients
                .get(Role.ANONYMOUS)
                .postJson("/api/projects/" + id + "/join", Map.of("token", fresh))
                .status())
        .isEqualTo(401);
    assertThat(other.postJson("/api/projects/" + id + "/join", Map.of("token", fresh)).status())
        .isEqualTo(200);
    assertThat(other.get("/api/projects/" + id).json().get("access").asString())
        .isEqualTo("readOnly");
  }

  @Test
  void transferringOwnershipMakesTheFormerOwnerAnEditor() {
    ApiClient owner = clients.get(Role.OWNER);
    Fixture f = newProject();

    assertThat(
            owner
                .postJson(
                    "/api/projects/" + f.id() + "/transfer-ownership",
                    Map.of("userId", f.rwUserId()))
                .status())
        .isEqualTo(204);

    assertThat(owner.get("/api/projects/" + f.id()).json().get("access").asString())
        .isEqualTo("readWrite");
    assertThat(owner.delete("/api/projects/" + f.id()).status()).isEqualTo(403);
    Response asNewOwner = clients.get(Role.READ_WRITE).get("/api/projects/" + f.id());
    assertThat(asNewOwner.json().get("access").asString()).isEqualTo("owner");
  }
}
