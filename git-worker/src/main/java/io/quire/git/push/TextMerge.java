package io.quire.git.push;

import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.merge.MergeAlgorithm;
import org.eclipse.jgit.merge.MergeChunk;
import org.eclipse.jgit.merge.MergeResult;

/**
 * Line-wise three-way merge of a pushed document with edits made in Quire meanwhile. Where both
 * changed the same lines, both versions are kept (Quire's first): nothing anyone typed is lost, and
 * a LaTeX document stays free of conflict markers.
 */
final class TextMerge {
  private TextMerge() {}

  static String merge(String base, String current, String pushed) {
    if (current.equals(base) || current.equals(pushed)) {
      return pushed;
    }
    if (pushed.equals(base)) {
      return current;
    }
    MergeResult<RawText> result =
        new MergeAlgorithm().merge(RawTextComparator.DEFAULT, raw(base), raw(current), raw(pushed));
    StringBuilder merged = new StringBuilder();
    for (MergeChunk chunk : result) {
      if (chunk.getConflictState() == MergeChunk.ConflictState.BASE_CONFLICTING_RANGE) {
        continue;
      }
      RawText sequence = result.getSequences().get(chunk.getSequenceIndex());
      boolean secondOfConflict =
          chunk.getConflictState() == MergeChunk.ConflictState.NEXT_CONFLICTING_RANGE;
      if (secondOfConflict && !merged.isEmpty() && merged.charAt(merged.length() - 1) != '\n') {
        merged.append('\n');
      }
      if (chunk.getEnd() > chunk.getBegin()) {
        merged.append(sequence.getString(chunk.getBegin(), chunk.getEnd(), false));
      }
    }
    return merged.toString();
  }

  private static RawText raw(String text) {
    return new RawText(text.getBytes(StandardCharsets.UTF_8));
  }
}
