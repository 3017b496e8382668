package io.quire.common.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.common.history.LineDiff.Kind;
import io.quire.common.history.LineDiff.Line;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LineDiffTest {

  @Test
  void changedLinesAreExactlyTheAddedAndRemovedOnes() {
    String before = "a\nb\nc\nd\ne\n";
    String after = "a\nB\nc\nd\ne\nf\n";

    List<Line> lines = LineDiff.lines(before, after);

    assertThat(texts(lines, Kind.REMOVED)).containsExactly("b");
    assertThat(texts(lines, Kind.ADDED)).containsExactly("B", "f");
    assertThat(LineDiff.count(before, after)).containsExactly(2, 1);
  }

  @Test
  void replayingTheDiffGivesBothTextsForRandomEdits() {
    Random random = new Random(42);
    for (int round = 0; round < 300; round++) {
      String before = randomText(random);
      String after = randomText(random);
      List<Line> lines = LineDiff.lines(before, after);
      assertThat(join(lines, Kind.ADDED)).isEqualTo(LineDiff.split(before));
      assertThat(join(lines, Kind.REMOVED)).isEqualTo(LineDiff.split(after));
    }
  }

  @Test
  void hunksKeepContextAroundChanges() {
    StringBuilder before = new StringBuilder();
    for (int i = 1; i <= 40; i++) {
      before.append("line ").append(i).append('\n');
    }
    String after = before.toString().replace("line 5\n", "five\n").replace("line 30\n", "");

    List<LineDiff.Hunk> hunks = LineDiff.hunks(LineDiff.lines(before.toString(), after), 3);

    assertThat(hunks).hasSize(2);
    assertThat(hunks.get(0).oldStart()).isEqualTo(2);
    assertThat(hunks.get(0).lines()).hasSize(8);
    assertThat(hunks.get(1).lines()).hasSize(7);
  }

  /** The lines that are in one text: everything but the lines of the other kind. */
  private static List<String> join(List<Line> lines, Kind without) {
    return lines.stream().filter(l -> l.kind() != without).map(Line::text).toList();
  }

  private static List<String> texts(List<Line> lines, Kind kind) {
    return lines.stream().filter(l -> l.kind() == kind).map(Line::text).toList();
  }

  private static String randomText(Random random) {
    int count = random.nextInt(12);
    return random
        .ints(count, 0, 5)
        .mapToObj(i -> "l" + i)
        .collect(Collectors.joining("\n", "", count > 0 ? "\n" : ""));
  }
}
