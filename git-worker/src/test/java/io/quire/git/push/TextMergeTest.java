package io.quire.git.push;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextMergeTest {

  @Test
  void withoutEditsInQuireThePushedTextWins() {
    assertThat(TextMerge.merge("a\nb\n", "a\nb\n", "a\nB\n")).isEqualTo("a\nB\n");
  }

  @Test
  void editsOfDifferentLinesAreBothKept() {
    String base = "one\ntwo\nthree\n";
    String inQuire = "ONE\ntwo\nthree\n";
    String pushed = "one\ntwo\nTHREE\n";

    assertThat(TextMerge.merge(base, inQuire, pushed)).isEqualTo("ONE\ntwo\nTHREE\n");
  }

  @Test
  void conflictingEditsOfOneLineKeepBothVersionsWithoutMarkers() {
    String merged = TextMerge.merge("x\nline\ny\n", "x\nquire line\ny\n", "x\ngit line\ny\n");

    assertThat(merged).isEqualTo("x\nquire line\ngit line\ny\n").doesNotContain("<<<<");
  }

  @Test
  void aConflictAtTheEndWithoutNewlineDoesNotGlueLines() {
    assertThat(TextMerge.merge("a\nend", "a\nquire", "a\ngit")).isEqualTo("a\nquire\ngit");
  }
}
