package io.quire.compile.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputBufferTest {

  @Test
  void keepsEverythingUnderTheCap() {
    OutputBuffer buffer = new OutputBuffer(10);
    byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
    buffer.append(bytes, 0, bytes.length);

    assertThat(buffer.text()).isEqualTo("hello");
    assertThat(buffer.truncated()).isFalse();
  }

  @Test
  void keepsTheFirstBytesAndDiscardsTheRestAcrossAppends() {
    OutputBuffer buffer = new OutputBuffer(8);
    byte[] bytes = "abcdef".getBytes(StandardCharsets.UTF_8);
    buffer.append(bytes, 0, bytes.length);
    buffer.append(bytes, 0, bytes.length);
    buffer.append(bytes, 0, bytes.length);

    assertThat(buffer.text()).isEqualTo("abcdefab");
    assertThat(buffer.truncated()).isTrue();
  }

  @Test
  void aCapOfZeroKeepsNothingButStillAcceptsInput() {
    OutputBuffer buffer = new OutputBuffer(0);
    buffer.append(new byte[100], 0, 100);

    assertThat(buffer.text()).isEmpty();
    assertThat(buffer.truncated()).isTrue();
  }
}
