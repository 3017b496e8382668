package io.quire.web.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

/**
 * docs/api.md lists every route of web's controllers, and nothing the code no longer serves: the
 * routes are read from the mapping annotations of every {@code @Controller} (and so every
 * {@code @RestController}) under {@code io.quire.web}, by reflection, without a Spring context.
 */
class ApiDocsCompletenessTest {
  private static final Path API_MD = Path.of("..", "docs", "api.md");

  /** A table row whose first cell is a route: {@code | `GET /api/projects/{id}` | ...}. */
  private static final Pattern ROW =
      Pattern.compile("^\\| `(GET|POST|PUT|PATCH|DELETE) (/[^`\\s]*)` \\|", Pattern.MULTILINE);

  @Test
  void everyRouteOfTheControllersIsInApiMd() throws IOException {
    Set<String> routes = controllerRoutes();
    Set<String> documented = documentedRoutes();

    // a scan that found nothing would pass every check below
    assertThat(routes).hasSizeGreaterThan(60).contains("GET /api/projects/{id}/files/{path}");
    assertThat(new TreeSet<>(routes))
        .as(
            "routes of the controllers missing from docs/api.md (a table row starting `METHOD"
                + " path`)")
        .isSubsetOf(documented);
  }

  @Test
  void apiMdListsNoRouteTheCodeDoesNotServe() throws IOException {
    Set<String> gone = new TreeSet<>(documentedRoutes());
    gone.removeAll(controllerRoutes());

    assertThat(gone).as("routes in docs/api.md that no controller maps").isEmpty();
  }

  static Set<String> controllerRoutes() {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(Controller.class));
    Set<String> routes = new TreeSet<>();
    for (BeanDefinition candidate : scanner.findCandidateComponents("io.quire.web")) {
      Class<?> type;
      try {
        type = Class.forName(candidate.getBeanClassName());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("A scanned controller cannot be loaded", e);
      }
      RequestMapping onType =
          AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
      List<String> prefixes =
          onType == null || onType.path().length == 0 ? List.of("") : List.of(onType.path());
      for (Method method : type.getDeclaredMethods()) {
        RequestMapping mapping =
            AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
        if (mapping == null) {
          continue;
        }
        List<RequestMethod> methods =
            mapping.method().length == 0
                ? List.of(
                    RequestMethod.GET,
                    RequestMethod.POST,
                    RequestMethod.PUT,
                    RequestMethod.PATCH,
                    RequestMethod.DELETE)
                : Arrays.asList(mapping.method());
        for (String prefix : prefixes) {
          for (String path : mapping.path()) {
            for (RequestMethod verb : methods) {
              routes.add(verb.name() + " " + normalise(prefix + path));
            }
          }
        }
      }
    }
    return routes;
  }

  /**
   * {@code {*path}} and {@code {file:.+}} as a reader writes them: {@code {path}}, {@code {file}}.
   */
  static String normalise(String path) {
    return path.replaceAll("\\{\\*([^}]+)}", "{$1}").replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
  }

  private static Set<String> documentedRoutes() throws IOException {
    String markdown = Files.readString(API_MD);
    Set<String> routes = new TreeSet<>();
    Matcher row = ROW.matcher(markdown);
    while (row.find()) {
      routes.add(row.group(1) + " " + row.group(2));
    }
    return routes;
  }
}
