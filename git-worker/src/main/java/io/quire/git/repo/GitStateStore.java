package io.quire.git.repo;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * The {@code gitCommits} collection: which project state each commit of a project shows. Keyed by
 * project and commit, so recording the same mapping twice is harmless.
 */
public final class GitStateStore {
  private final MongoCollection<Document> commits;

  public GitStateStore(MongoDatabase database) {
    this.commits = database.getCollection("gitCommits");
    commits.createIndex(Indexes.ascending("projectId"));
  }

  public void record(String projectId, String commitId, ProjectState state) {
    Document versions = new Document();
    state.docVersions().forEach(versions::append);
    commits.replaceOne(
        eq("_id", key(projectId, commitId)),
        new Document("_id", key(projectId, commitId))
            .append("projectId", projectId)
            .append("commit", commitId)
            .append("treeVersion", state.treeVersion())
            .append("docVersions", versions)
            .append("recorded", new Date()),
        new ReplaceOptions().upsert(true));
  }

  public Optional<ProjectState> find(String projectId, String commitId) {
    Document doc = commits.find(eq("_id", key(projectId, commitId))).first();
    if (doc == null) {
      return Optional.empty();
    }
    Map<String, Long> versions = new HashMap<>();
    Document stored = doc.get("docVersions", Document.class);
    if (stored != null) {
      stored.forEach((docId, v) -> versions.put(docId, ((Number) v).longValue()));
    }
    return Optional.of(
        new ProjectState(doc.get("treeVersion", Number.class).longValue(), versions));
  }

  public void deleteByProject(String projectId) {
    commits.deleteMany(eq("projectId", projectId));
  }

  private static String key(String projectId, String commitId) {
    return projectId + ":" + commitId;
  }
}
