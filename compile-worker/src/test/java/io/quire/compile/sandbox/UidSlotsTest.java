package io.quire.compile.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class UidSlotsTest {

  @Test
  void handsOutDistinctUidsUntilNoneIsLeft() throws IOException {
    UidSlots slots = new UidSlots(60000, 2);

    assertThat(slots.acquire()).isEqualTo(60000);
    assertThat(slots.acquire()).isEqualTo(60001);
    assertThatThrownBy(slots::acquire)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("all 2 sandbox uids are in use");
  }

  @Test
  void reusesAReleasedUidLast() throws IOException {
    UidSlots slots = new UidSlots(60000, 3);
    int first = slots.acquire();
    slots.release(first);

    assertThat(slots.acquire()).isEqualTo(60001);
    assertThat(slots.acquire()).isEqualTo(60002);
    assertThat(slots.acquire()).isEqualTo(first);
  }

  @Test
  void refusesToReleaseAUidItDidNotHandOut() throws IOException {
    UidSlots slots = new UidSlots(60000, 2);

    assertThatThrownBy(() -> slots.release(60000)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> slots.release(0)).isInstanceOf(IllegalStateException.class);
    assertThat(slots.available()).isEqualTo(2);
  }
}
