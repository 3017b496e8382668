package io.quire.web.compile;

import io.quire.common.compile.TexImageList;
import io.quire.common.project.Project;
import io.quire.web.system.ApiException;
import java.util.List;

/**
 * The TeX images this server offers: the default first, then the others an administrator added. A
 * project compiles in the one it chose while the server still offers it, else in the default.
 */
public class TexImages {
  private final List<String> offered;

  public TexImages(WebCompileProperties properties) {
    this.offered = TexImageList.of(properties.dockerImage(), properties.dockerImages());
  }

  /** Every image a project may choose, the default first. */
  public List<String> offered() {
    return offered;
  }

  public String defaultImage() {
    return offered.get(0);
  }

  /** The image a project compiles in now. */
  public String of(Project project) {
    String chosen = project.texImage();
    return chosen != null && offered.contains(chosen) ? chosen : defaultImage();
  }

  /**
   * The image a request names, when this server offers it.
   *
   * @throws ApiException 400 naming the images on offer, when it does not
   */
  public String check(String requested) {
    String image = requested.strip();
    if (!offered.contains(image)) {
      throw ApiException.badRequest(
          "Unknown TeX image '"
              + requested
              + "': this server offers "
              + String.join(", ", offered)
              + ".");
    }
    return image;
  }
}
