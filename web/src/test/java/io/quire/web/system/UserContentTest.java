package io.quire.web.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class UserContentTest {

  @Test
  void quotesSemicolonsAndLineBreaksNeverLeaveTheFileName() {
    String disposition =
        UserContent.file("a/x\"; filename=evil.html\r\nSet-Cookie: y.svg", false).disposition();

    assertThat(disposition)
        .isEqualTo(
            "attachment; filename=\"x__ filename_evil.html__Set-Cookie_ y.svg\";"
                + " filename*=UTF-8''x%22%3B%20filename%3Devil.html%0D%0ASet-Cookie%3A%20y.svg");
  }

  @Test
  void aNameWithNothingAsciiLeftIsCalledFile() {
    assertThat(UserContent.file("..", false).disposition())
        .startsWith("attachment; filename=\"file\"");
    assertThat(UserContent.file("日本", true).disposition())
        .isEqualTo("inline; filename=\"__\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC");
  }

  @Test
  void onlyTextAndRasterImagesAreShownInPlace() {
    assertThat(UserContent.file("notes.svg", true)).extracting(UserContent::inline).isEqualTo(true);
    assertThat(UserContent.file("notes.svg", true).type().toString())
        .isEqualTo("text/plain;charset=UTF-8");
    assertThat(UserContent.file("x.PNG", false).type()).isEqualTo(MediaType.IMAGE_PNG);
    for (String name : new String[] {"x.svg", "x.html", "x.pdf", "x.xml", "x", "x.png.html"}) {
      assertThat(UserContent.file(name, false).inline()).as(name).isFalse();
    }
    assertThat(UserContent.file("x.pdf", false).type()).isEqualTo(MediaType.APPLICATION_PDF);
    assertThat(UserContent.file("x.html", false).type())
        .isEqualTo(MediaType.APPLICATION_OCTET_STREAM);
  }
}
