package io.quire.common.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.contract.Compiler;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

  private static Project project(String readToken, String writeToken) {
    return new Project(
        "p1",
        "Project",
        "owner",
        List.of(
            new Collaborator("writer", Access.READ_WRITE),
            new Collaborator("reader", Access.READ_ONLY),
            new Collaborator("linked", Access.READ_WRITE, true)),
        "main.tex",
        Compiler.PDFLATEX,
        1,
        List.of(),
        null,
        null,
        false,
        readToken,
        writeToken,
        null);
  }

  @Test
  void ownerCollaboratorsAndAdministratorsGetTheirAccess() {
    Project project = project("r", "w");

    assertThat(AccessPolicy.accessOf(project, "owner", false)).contains(Access.OWNER);
    assertThat(AccessPolicy.accessOf(project, "writer", false)).contains(Access.READ_WRITE);
    assertThat(AccessPolicy.accessOf(project, "reader", false)).contains(Access.READ_ONLY);
    assertThat(AccessPolicy.accessOf(project, "someone", true)).contains(Access.OWNER);
    assertThat(AccessPolicy.accessOf(project, "someone", false)).isEmpty();
    assertThat(AccessPolicy.accessOf(project, null, true)).isEmpty();
    assertThat(AccessPolicy.allows(project, "reader", false, Access.READ_WRITE)).isFalse();
  }

  @Test
  void membersByLinkLoseAccessWhenLinkSharingIsTurnedOff() {
    assertThat(AccessPolicy.accessOf(project("r", "w"), "linked", false))
        .contains(Access.READ_WRITE);
    assertThat(AccessPolicy.accessOf(project(null, null), "linked", false)).isEmpty();
  }
}
