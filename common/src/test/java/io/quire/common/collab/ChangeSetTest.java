package io.quire.common.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChangeSetTest {

  @Test
  void appliesCodeMirrorsJsonForm() {
    ChangeSet changes = ChangeSet.fromJson(List.of(4, List.of(3, "2", "two"), 1));
    assertThat(changes.apply("one\nxyz\n")).isEqualTo("one\n2\ntwo\n");
    assertThat(changes.lengthBefore()).isEqualTo(8);
    assertThat(changes.lengthAfter()).isEqualTo(10);
  }

  @Test
  void aChangeForAnotherLengthIsRefused() {
    ChangeSet changes = ChangeSet.fromJson(List.of(3, List.of(0, "!")));
    assertThatThrownBy(() -> changes.apply("abcd")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void somethingThatIsNotAChangeSetIsRefused() {
    assertThatThrownBy(() -> ChangeSet.fromJson(List.of("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChangeSet.fromJson(List.of(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChangeSet.fromJson(List.of(List.of(1, 2))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChangeSet.fromJson("[1]"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDiffKeepsTheCommonStartAndEnd() {
    ChangeSet diff = ChangeSet.diff("one\ntwo\nthree\n", "one\n2\nthree\n");
    assertThat(diff.toJson()).isEqualTo(List.of(4, List.of(3, "2"), 7));
    assertThat(ChangeSet.diff("same", "same").isEmpty()).isTrue();
    assertThat(ChangeSet.diff("abc", "").toJson()).isEqualTo(List.of(List.of(3)));
  }

  @Test
  void aDiffNeverSplitsASurrogatePair() {
    String before = "a\uD83D\uDE00b";
    String after = "a\uD83D\uDE01b";
    ChangeSet diff = ChangeSet.diff(before, after);
    assertThat(diff.apply(before)).isEqualTo(after);
    assertThat(diff.toJson()).isEqualTo(List.of(1, List.of(2, "\uD83D\uDE01"), 1));
  }

  @Test
  void randomDiffsTurnOneTextIntoTheOtherAndSurviveTheirJsonForm() {
    Random random = new Random(42);
    String alphabet = "ab\n\u00e9\uD83D\uDE00";
    for (int i = 0; i < 500; i++) {
      String before = randomText(random, alphabet);
      String after = randomText(random, alphabet);
      ChangeSet diff = ChangeSet.diff(before, after);
      assertThat(ChangeSet.fromJson(diff.toJson()).apply(before)).isEqualTo(after);
    }
  }

  private static String randomText(Random random, String alphabet) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      int at = random.nextInt(alphabet.length());
      if (Character.isLowSurrogate(alphabet.charAt(at))) {
        at--;
      }
      text.append(alphabet.charAt(at));
      if (Character.isHighSurrogate(alphabet.charAt(at))) {
        text.append(alphabet.charAt(at + 1));
      }
    }
    return text.toString();
  }
}
