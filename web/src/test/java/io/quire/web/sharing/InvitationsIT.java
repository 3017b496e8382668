package io.quire.web.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import io.quire.web.WebTestProperties;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Invitations by e-mail: the link is the permission. Registering the invited address grants
 * nothing; accepting needs the invitation's secret and a signed-in user, and works once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InvitationsIT {
  private static final String PASSWORD = "a good long password";

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    registry.add("quire.public-url", () -> "https://quire.example");
  }

  @LocalServerPort int port;
  @Autowired MongoDatabase database;

  private ApiClient owner;
  private String project;

  @BeforeEach
  void ownerWithAProject() {
    owner = signedUp("owner");
    project = owner.postJson("/api/projects", Map.of("name", "Paper")).json().get("id").asString();
  }

  @Test
  void registeringAnInvitedAddressGivesNoAccess() {
    String address = email("squatter");
    assertThat(invite(address, "readWrite").status()).isEqualTo(201);

    ApiClient squatter = client();
    squatter.register(address.toUpperCase(), PASSWORD, "Squatter");

    assertThat(squatter.get("/api/me").status()).isEqualTo(200);
    assertThat(squatter.get("/api/projects/" + project).status()).isEqualTo(404);
    assertThat(squatter.get("/api/projects?filter=shared").json().size()).isZero();
    assertThat(pendingInvites()).extracting(i -> i.get("email").asString()).contains(address);
  }

  @Test
  void theInvitedPersonJoinsByTheLinkFromAnyAccountOnce() {
    Response invited = invite(email("ada"), "readWrite");
    JsonNode answer = invited.json();
    String token = answer.get("token").asString();
    assertThat(answer.get("link").asString())
        .isEqualTo(
            "https://quire.example/invite/" + answer.get("inviteId").asString() + "#" + token);
    assertThat(token).hasSizeGreaterThanOrEqualTo(43); // at least 256 bits, base64url
    assertThat(answer.get("delivered").asBoolean()).isFalse();

    // the link is the permission: the account's own address does not matter
    ApiClient ada = signedUp("ada-other-address");
    Response accepted = ada.acceptInvitation(invited);

    assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
    assertThat(accepted.json().get("projectId").asString()).isEqualTo(project);
    assertThat(accepted.json().get("access").asString()).isEqualTo("readWrite");
    assertThat(ada.get("/api/projects/" + project).json().get("access").asString())
        .isEqualTo("readWrite");
    assertThat(pendingInvites()).isEmpty();
    // an invited member (not a link member) may be made the owner
    String adaId = ada.get("/api/me").json().get("id").asString();
    JsonNode member = owner.get("/api/projects/" + project + "/collaborators").json();
    assertThat(member.get("collaborators").get(0).get("userId").asString()).isEqualTo(adaId);
    assertThat(member.get("collaborators").get(0).get("viaLink").asBoolean()).isFalse();

    ApiClient second = signedUp("second");
    Response again = second.acceptInvitation(invited);
    assertThat(again.status()).isEqualTo(404);
    assertThat(second.get("/api/projects/" + project).status()).isEqualTo(404);
  }

  @Test
  void aWrongSecretIsRefusedAndTheInvitationStays() {
    Response invited = invite(email("bob"), "readOnly");
    String inviteId = invited.json().get("inviteId").asString();
    ApiClient mallory = signedUp("mallory");
    String real = invited.json().get("token").asString();
    String wrong = (real.charAt(0) == 'A' ? "B" : "A") + real.substring(1);

    for (String guess : List.of(wrong, "", "x", real.substring(1), real + "A")) {
      Response refused =
          mallory.postJson("/api/invites/" + inviteId + "/accept", Map.of("token", guess));
      assertThat(refused.status()).as("token '" + guess + "'").isIn(400, 404);
    }
    Response unknownId =
        mallory.postJson("/api/invites/" + new ObjectId() + "/accept", Map.of("token", real));
    assertThat(unknownId.status()).isEqualTo(404);
    Response badId = mallory.postJson("/api/invites/not-an-id/accept", Map.of("token", real));
    assertThat(badId.status()).isEqualTo(404);

    assertThat(mallory.get("/api/projects/" + project).status()).isEqualTo(404);
    assertThat(pendingInvites()).hasSize(1);
    assertThat(signedUp("bob").acceptInvitation(invited).status()).isEqualTo(200);
  }

  @Test
  void anExpiredInvitationIsRefused() {
    Response invited = invite(email("late"), "readWrite");
    String inviteId = invited.json().get("inviteId").asString();
    JsonNode pending = pendingInvites().get(0);
    assertThat(Instant.parse(pending.get("expiresAt").asString()))
        .isAfter(Instant.now().plusSeconds(29L * 24 * 3600));
    // thirty days pass
    database
        .getCollection("invites")
        .updateOne(
            Filters.eq("_id", new ObjectId(inviteId)),
            Updates.set("expires", Date.from(Instant.now().minusSeconds(1))));

    ApiClient late = signedUp("late");
    Response refused = late.acceptInvitation(invited);

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.json().get("detail").asString()).contains("not valid");
    assertThat(late.get("/api/projects/" + project).status()).isEqualTo(404);
  }

  @Test
  void aRevokedOrReplacedInvitationIsRefused() {
    String address = email("carol");
    Response first = invite(address, "readWrite");
    Response second = invite(address, "readOnly");
    ApiClient carol = signedUp("carol");

    assertThat(carol.acceptInvitation(first).status()).isEqualTo(404);
    assertThat(pendingInvites()).hasSize(1);

    String inviteId = second.json().get("inviteId").asString();
    assertThat(owner.delete("/api/projects/" + project + "/invites/" + inviteId).status())
        .isEqualTo(204);
    assertThat(carol.acceptInvitation(second).status()).isEqualTo(404);
    assertThat(carol.get("/api/projects/" + project).status()).isEqualTo(404);
  }

  @Test
  void acceptingNeedsASignedInUser() {
    Response invited = invite(email("anon"), "readWrite");

    Response anonymous = client().acceptInvitation(invited);

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(pendingInvites()).hasSize(1);
  }

  @Test
  void theInviteAnswerIsTheSameWhetherOrNotTheAddressHasAnAccount() {
    String registered = email("known");
    signedUp(registered);

    Response toAccount = invite(registered, "readWrite");
    Response toNobody = invite(email("unknown"), "readWrite");

    assertThat(toAccount.status()).isEqualTo(toNobody.status()).isEqualTo(201);
    assertThat(fieldNames(toAccount.json())).isEqualTo(fieldNames(toNobody.json()));
    assertThat(toAccount.json().get("status").asString()).isEqualTo("invited");
    assertThat(toAccount.json().has("userId")).isFalse();
    // nobody was added: the account holder, too, joins only through the link
    assertThat(owner.get("/api/projects/" + project + "/collaborators").json().get("collaborators"))
        .isEmpty();
  }

  @Test
  void theOwnerSeesPendingInvitationsButNeverTheirSecrets() {
    Response invited = invite(email("dave"), "readOnly");

    String listing = owner.get("/api/projects/" + project + "/collaborators").text();

    assertThat(listing).contains(invited.json().get("inviteId").asString());
    assertThat(listing).doesNotContain(invited.json().get("token").asString());
    assertThat(database.getCollection("invites").find().first().toJson())
        .doesNotContain(invited.json().get("token").asString());
  }

  @Test
  void onlyTheOwnerInvites() {
    Response invited = invite(email("writer"), "readWrite");
    ApiClient writer = signedUp("writer");
    assertThat(writer.acceptInvitation(invited).status()).isEqualTo(200);

    Response refused =
        writer.postJson(
            "/api/projects/" + project + "/collaborators",
            Map.of("email", email("friend"), "access", "readWrite"));

    assertThat(refused.status()).isEqualTo(403);
  }

  private Response invite(String address, String access) {
    Response r =
        owner.postJson(
            "/api/projects/" + project + "/collaborators",
            Map.of("email", address, "access", access));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r;
  }

  private List<JsonNode> pendingInvites() {
    JsonNode invites =
        owner.get("/api/projects/" + project + "/collaborators").json().get("invites");
    List<JsonNode> found = new java.util.ArrayList<>();
    invites.forEach(found::add);
    return found;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>(node.propertyNames());
    java.util.Collections.sort(names);
    return names;
  }

  private ApiClient signedUp(String who) {
    ApiClient c = client();
    String address = who.contains("@") ? who : email(who);
    assertThat(c.register(address, PASSWORD, who).status()).isEqualTo(201);
    return c;
  }

  private ApiClient client() {
    return new ApiClient("http://localhost:" + port);
  }

  private static String email(String who) {
    return who + "-" + UUID.randomUUID() + "@example.org";
  }
}
