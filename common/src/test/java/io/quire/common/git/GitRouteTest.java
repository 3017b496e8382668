package io.quire.common.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.git.GitRoute.Decision;
import io.quire.common.git.GitRoute.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitRouteTest {
  private static final String ID = "65f1c0ffee0123456789abcd";

  @Test
  void theFourRequestsOfACloneAndAPushAreAcceptedAsTheyAre() {
    Decision refs = GitRoute.decide("GET", "/git/" + ID + "/info/refs", "service=git-upload-pack");
    Decision fetch = GitRoute.decide("POST", "/git/" + ID + ".git/git-upload-pack", null);
    Decision pushRefs =
        GitRoute.decide("GET", "/git/" + ID + "/info/refs", "service=git-receive-pack");
    Decision push = GitRoute.decide("POST", "/git/" + ID + "/git-receive-pack", null);

    assertThat(refs.route()).isEqualTo(new GitRoute(ID, false, Service.UPLOAD_PACK, true));
    assertThat(fetch.route()).isEqualTo(new GitRoute(ID, true, Service.UPLOAD_PACK, false));
    assertThat(pushRefs.route()).isEqualTo(new GitRoute(ID, false, Service.RECEIVE_PACK, true));
    assertThat(push.route()).isEqualTo(new GitRoute(ID, false, Service.RECEIVE_PACK, false));
    assertThat(refs.route().isPush()).isFalse();
    assertThat(fetch.route().isPush()).isFalse();
    assertThat(pushRefs.route().isPush()).isTrue();
    assertThat(push.route().isPush()).isTrue();
  }

  @Test
  void anAcceptedRequestIsRebuiltAsExactlyTheTextItWasDecidedOn() {
    Decision refs =
        GitRoute.decide("GET", "/git/" + ID + ".git/info/refs", "service=git-receive-pack");
    Decision push = GitRoute.decide("POST", "/git/" + ID + "/git-receive-pack", null);

    assertThat(refs.route().path()).isEqualTo("/git/" + ID + ".git/info/refs");
    assertThat(refs.route().query()).isEqualTo("service=git-receive-pack");
    assertThat(push.route().path()).isEqualTo("/git/" + ID + "/git-receive-pack");
    assertThat(push.route().query()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/git/{id}/git-r%65ceive-pack",
        "/git/{id}/git%2Dreceive%2Dpack",
        "/git/{id}/git-receive-pack;x=1",
        "/git/{id}/git-receive-pack;",
        "/git/{id};x=1/git-receive-pack",
        "/git;/{id}/git-receive-pack",
        "/git/{id}//git-receive-pack",
        "//git/{id}/git-receive-pack",
        "/git/{id}/git-receive-pack/",
        "/git/{id}/./git-receive-pack",
        "/git/{id}/info/../git-receive-pack",
        "/x/../git/{id}/git-receive-pack",
        "/git/{id}%2Fgit-receive-pack",
        "/git/{id}\\git-receive-pack",
        "/gi%74/{id}/git-receive-pack",
        "/git/{id}/git-receive-pack%00",
        "/git/{id}/git-receive-pack ",
        "/git/{id}/git-receive-pack#x",
        "/git/{id}/git-receive-pack?",
        "/git/{id}/gıt-receive-pack",
        "git/{id}/git-receive-pack",
        "http://host/git/{id}/git-receive-pack",
        "",
      })
  void aPathThatDecodingOrNormalisingWouldChangeIsRefusedAsNotCanonical(String spelled) {
    Decision decision = GitRoute.decide("POST", spelled.replace("{id}", ID), null);

    assertThat(decision.accepted()).isFalse();
    assertThat(decision.status()).isEqualTo(400);
    assertThat(decision.message()).contains("not in its plain form");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/git/{id}/GIT-RECEIVE-PACK",
        "/git/{ID}/git-receive-pack",
        "/git/{id}",
        "/git/{id}/HEAD",
        "/git/{id}/objects/info/packs",
        "/git/{id}.GIT/git-receive-pack",
        "/git/{id}.git.git/git-receive-pack",
        "/git/{id}0/git-receive-pack",
        "/git/not-a-project/info/refs",
        "/git/{id}/info/refs/git-receive-pack",
      })
  void aPlainPathThatIsNoGitEndpointOfAProjectIsNotFound(String spelled) {
    Decision decision =
        GitRoute.decide(
            "POST", spelled.replace("{id}", ID).replace("{ID}", ID.toUpperCase()), null);

    assertThat(decision.status()).isEqualTo(404);
    assertThat(decision.message()).isEqualTo("Use a clone URL of the form /git/<project id>.");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "service=git-r%65ceive-pack",
        "servic%65=git-receive-pack",
        "service=git-upload-pack&service=git-receive-pack",
        "service=git-receive-pack&service=git-upload-pack",
        "service=git-receive-pack&x=1",
        "service=git-receive-pack&",
        "service=GIT-RECEIVE-PACK",
        "service=git-receive-pack#",
        "service=git-receive-pack;x=1",
        "SERVICE=git-receive-pack",
        "service+=git-receive-pack",
        "''",
      })
  void anAdvertisementAsksForOneServiceInGitsOwnWords(String query) {
    Decision decision = GitRoute.decide("GET", "/git/" + ID + "/info/refs", query);

    assertThat(decision.status()).isEqualTo(400);
    assertThat(decision.message()).contains("smart HTTP protocol only");
  }

  @Test
  void anAdvertisementWithoutAServiceIsTheDumbProtocolAndRefused() {
    assertThat(GitRoute.decide("GET", "/git/" + ID + "/info/refs", null).status()).isEqualTo(400);
  }

  @Test
  void eachEndpointTakesGitsOwnMethodOnly() {
    Decision getPush = GitRoute.decide("GET", "/git/" + ID + "/git-receive-pack", null);
    Decision postRefs =
        GitRoute.decide("POST", "/git/" + ID + "/info/refs", "service=git-receive-pack");
    Decision lowerCase = GitRoute.decide("post", "/git/" + ID + "/git-receive-pack", null);

    assertThat(getPush.status()).isEqualTo(405);
    assertThat(getPush.allow()).isEqualTo("POST");
    assertThat(postRefs.status()).isEqualTo(405);
    assertThat(postRefs.allow()).isEqualTo("GET");
    assertThat(lowerCase.status()).isEqualTo(405);
  }

  @Test
  void aPushOrFetchRequestCarriesNoQuery() {
    assertThat(GitRoute.decide("POST", "/git/" + ID + "/git-receive-pack", "x=1").status())
        .isEqualTo(400);
    assertThat(GitRoute.decide("POST", "/git/" + ID + "/git-receive-pack", "").status())
        .isEqualTo(400);
    assertThat(
            GitRoute.decide("POST", "/git/" + ID + "/git-upload-pack", "service=git-upload-pack")
                .status())
        .isEqualTo(400);
  }
}
