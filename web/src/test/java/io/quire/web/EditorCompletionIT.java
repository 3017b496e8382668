package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.Keys;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Completion in the editor, in real headless Chromium: labels from every document of the project
 * after {@code \ref} and its relatives, bibliography keys from its .bib files after {@code \cite}
 * and its relatives (also after a comma), environments and commands, the project's own included.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditorCompletionIT {
  private static final String PASSWORD = "a good long password";
  private static final String MAIN =
      """
      \\documentclass{article}
      \\begin{document}
      \\section{Intro}\\label{sec:intro}

      \\end{document}
      """;
  private static final String METHODS =
      """
      \\newcommand{\\vect}[1]{\\mathbf{#1}}
      \\section{Methods}\\label{sec:methods}
      \\begin{equation}\\label{eq:energy}E = mc^2\\end{equation}
      """;
  private static final String BIB =
      """
      @string{cacm = "Communications of the ACM"}
      @Article{knuth84,
        author  = {Donald E. Knuth},
        title   = {Literate {P}rogramming},
        journal = cacm,
        year    = 1984,
      }
      @book(lamport94, title = "{\\LaTeX}: A Document Preparation System",
            author = "Leslie Lamport", year = {1994})
      """;

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
  }

  @LocalServerPort int port;

  private ApiClient api;
  private EditorBrowser browser;

  @BeforeAll
  void signIn() {
    String email = "complete-" + UUID.randomUUID() + "@example.org";
    api = new ApiClient("http://localhost:" + port);
    assertThat(api.register(email, PASSWORD, "Completer").status()).isEqualTo(201);
    browser = new EditorBrowser("http://localhost:" + port).signIn(email, PASSWORD);
  }

  @AfterAll
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void refCompletesTheLabelsOfEveryDocumentIncludingOnesAddedByOthersMeanwhile() {
    String project =
        project(Map.of("main.tex", MAIN, "chapters/methods.tex", METHODS, "refs.bib", BIB));
    browser.open(project, "main.tex");
    atEmptyLine();

    browser.type("See \\ref{");
    awaitOptions(o -> o.contains("sec:methods"));
    assertThat(labels()).contains("sec:intro", "sec:methods", "eq:energy");
    assertThat(detailOf("sec:methods")).isEqualTo("chapters/methods.tex:2");
    browser.type("eq:en");
    awaitOptions(o -> o.equals(List.of("eq:energy")));
    browser.type(Keys.ENTER);
    browser.wait.until(d -> browser.text().contains("See \\ref{eq:energy}"));

    // a label another person just added to a document that is not open
    api.put(
        "/api/projects/" + project + "/files/chapters/methods.tex",
        METHODS + "\\subsection{Late}\\label{sec:late}\n");
    browser.moveTo(browser.text().indexOf("}", browser.text().indexOf("eq:energy")) + 1);
    browser.type(", \\autoref{");
    browser.wait.until(
        d -> {
          // the index looks again when it is a few seconds old: ask until it has
          if (!labels().contains("sec:late")) {
            browser.type(Keys.ESCAPE);
            browser.type(Keys.chord(Keys.CONTROL, Keys.SPACE));
            return false;
          }
          return true;
        });
    assertThat(detailOf("sec:late")).isEqualTo("chapters/methods.tex:4");

    // \cref takes several labels: the part after the comma is completed
    browser.type(Keys.ESCAPE);
    browser.moveTo(browser.text().indexOf("\\autoref{") + "\\autoref{".length());
    browser.type("sec:int");
    awaitOptions(o -> o.equals(List.of("sec:intro")));
    browser.type(Keys.ENTER, ",sec:met");
    awaitOptions(o -> o.equals(List.of("sec:methods")));
    browser.type(Keys.ENTER);
    browser.wait.until(d -> browser.text().contains("\\autoref{sec:intro,sec:methods}"));
  }

  @Test
  void citeCompletesBibliographyKeysWithAuthorYearAndTitleAlsoAfterAComma() {
    String project = project(Map.of("main.tex", MAIN, "refs.bib", BIB));
    browser.open(project, "main.tex");
    atEmptyLine();

    browser.type("As shown \\citep[see][12]{");
    awaitOptions(o -> o.containsAll(List.of("knuth84", "lamport94")));
    assertThat(detailOf("knuth84")).isEqualTo("Knuth 1984: Literate Programming");
    assertThat(detailOf("lamport94"))
        .isEqualTo("Lamport 1994: LaTeX: A Document Preparation System");
    browser.type("knu", Keys.ENTER);
    browser.wait.until(d -> browser.text().contains("\\citep[see][12]{knuth84}"));

    browser.type(", ");
    awaitOptions(o -> o.containsAll(List.of("knuth84", "lamport94")));
    browser.type("lam", Keys.ENTER);
    browser.wait.until(d -> browser.text().contains("\\citep[see][12]{knuth84, lamport94}"));

    for (String command : List.of("\\cite{", "\\citet{", "\\parencite{", "\\textcite{")) {
      browser.typeAtEnd("\n" + command);
      awaitOptions(o -> o.containsAll(List.of("knuth84", "lamport94")));
      browser.type(Keys.ESCAPE);
    }
  }

  @Test
  void environmentsAndCommandsCompleteWithTheProjectsOwnDefinitions() {
    String project = project(Map.of("main.tex", MAIN, "chapters/methods.tex", METHODS));
    browser.open(project, "main.tex");
    atEmptyLine();

    browser.type("\\begin{itemi");
    awaitOptions(o -> o.contains("itemize"));
    browser.type(Keys.ENTER, "First");
    browser.wait.until(
        d -> browser.text().contains("\\begin{itemize}\n  \\item First\n\\end{itemize}"));
    assertThat(browser.text()).doesNotContain("}}");

    browser.typeAtEnd("\n\\sec");
    awaitOptions(o -> o.contains("\\section"));
    browser.type(Keys.ESCAPE);

    browser.typeAtEnd("\n\\input{");
    awaitOptions(o -> o.contains("chapters/methods"));
    browser.type(Keys.ESCAPE);

    browser.typeAtEnd("\n$\\vec");
    awaitOptions(o -> o.contains("\\vect"));
    assertThat(detailOf("\\vect")).isEqualTo("defined in chapters/methods.tex");
  }

  // --- steps -------------------------------------------------------------------------------------

  private String project(Map<String, String> files) {
    Response created = api.postJson("/api/projects", Map.of("name", "Refs " + UUID.randomUUID()));
    String id = created.json().get("id").asString();
    files.forEach(
        (path, text) ->
            assertThat(api.put("/api/projects/" + id + "/files/" + path, text).status())
                .isBetween(200, 204));
    return id;
  }

  /** The cursor on the empty line before {@code \end{document}}. */
  private void atEmptyLine() {
    browser.moveTo(browser.text().indexOf("\n\n") + 1);
  }

  @SuppressWarnings("unchecked")
  private List<String> labels() {
    return (List<String>)
        browser.js(
            "return [...document.querySelectorAll('.cm-tooltip-autocomplete li"
                + " .cm-completionLabel')].map(e => e.textContent)");
  }

  private String detailOf(String label) {
    return (String)
        browser.js(
            "const li = [...document.querySelectorAll('.cm-tooltip-autocomplete li')]"
                + ".find(l => l.querySelector('.cm-completionLabel').textContent === arguments[0]);"
                + " const d = li && li.querySelector('.cm-completionDetail');"
                + " return d ? d.textContent : null;",
            label);
  }

  private void awaitOptions(Predicate<List<String>> wanted) {
    browser.wait.until(d -> wanted.test(labels()));
  }
}
