package io.quire.common.compile;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The TeX images a server offers, read the same way by web (what projects may choose) and
 * compile-worker (what jobs may name): the default first, then the others, each once.
 */
public final class TexImageList {
  private TexImageList() {}

  public static List<String> of(String defaultImage, List<String> others) {
    Set<String> images = new LinkedHashSet<>();
    images.add(defaultImage);
    others.stream().map(String::strip).filter(image -> !image.isEmpty()).forEach(images::add);
    return List.copyOf(images);
  }
}
