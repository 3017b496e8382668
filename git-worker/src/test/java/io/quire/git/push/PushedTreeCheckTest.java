package io.quire.git.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Trees git itself would never write, made by hand as a hostile client could send them: entries
 * named {@code ..}, {@code .git} in any case, an absolute path, each refused by name before
 * anything of the push is applied.
 */
class PushedTreeCheckTest {
  private final InMemoryRepository repo =
      new InMemoryRepository(new DfsRepositoryDescription("pushed-trees"));
  private final PushedTreeCheck check = new PushedTreeCheck(1024 * 1024, 100);

  @AfterEach
  void close() {
    repo.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".git", ".GIT", ".Git", "."})
  void aDirectoryWithAForbiddenNameIsRefused(String name) throws IOException {
    ObjectId commit;
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      ObjectId inner = tree(inserter, "config", blob(inserter, "[core]\n"));
      TreeFormatter root = new TreeFormatter();
      root.append(name, FileMode.TREE, inner);
      root.append("main.tex", FileMode.REGULAR_FILE, blob(inserter, "text\n"));
      commit = commit(inserter, inserter.insert(root));
    }

    assertThat(check.check(repo, null, commit))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .startsWith("this path is not allowed in a Quire project")
                    .contains(name + "/config"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".git", "/etc/passwd", "a/../../escape"})
  void aFileWithAForbiddenNameIsRefused(String name) throws IOException {
    ObjectId commit;
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      commit = commit(inserter, tree(inserter, name, blob(inserter, "x\n")));
    }

    assertThat(check.check(repo, null, commit))
        .hasValueSatisfying(
            why -> assertThat(why).startsWith("this path is not allowed in a Quire project"));
  }

  @Test
  void aGitDirectoryDeeperDownIsRefusedToo() throws IOException {
    ObjectId commit;
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      ObjectId hooks = tree(inserter, "post-checkout", blob(inserter, "#!/bin/sh\n"));
      ObjectId git = tree(inserter, ".git", FileMode.TREE, hooks);
      commit = commit(inserter, tree(inserter, "chapters", FileMode.TREE, git));
    }

    assertThat(check.check(repo, null, commit))
        .hasValueSatisfying(why -> assertThat(why).contains("chapters/.git/post-checkout"));
  }

  @Test
  void thePlainTreeBesideThemPasses() throws IOException {
    ObjectId commit;
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      ObjectId figures = tree(inserter, "plot.pdf", blob(inserter, "%PDF-1.4\n"));
      TreeFormatter root = new TreeFormatter();
      root.append("figures", FileMode.TREE, figures);
      root.append("main.tex", FileMode.REGULAR_FILE, blob(inserter, "text\n"));
      commit = commit(inserter, inserter.insert(root));
    }

    assertThat(check.check(repo, null, commit)).isEmpty();
  }

  private static ObjectId blob(ObjectInserter inserter, String text) throws IOException {
    return inserter.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectId tree(ObjectInserter inserter, String name, ObjectId file)
      throws IOException {
    return tree(inserter, name, FileMode.REGULAR_FILE, file);
  }

  private static ObjectId tree(ObjectInserter inserter, String name, FileMode mode, ObjectId entry)
      throws IOException {
    TreeFormatter tree = new TreeFormatter();
    tree.append(name, mode, entry);
    return inserter.insert(tree);
  }

  private ObjectId commit(ObjectInserter inserter, ObjectId tree) throws IOException {
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    PersonIdent who = new PersonIdent("Mallory", "mallory@example.org");
    commit.setAuthor(who);
    commit.setCommitter(who);
    commit.setMessage("hand-made tree\n");
    ObjectId id = inserter.insert(commit);
    inserter.flush();
    return id;
  }
}
