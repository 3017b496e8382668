package io.quire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quire.testsupport.ApiClient;
import io.quire.testsupport.ApiClient.Response;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Projects beyond the basics (list filters, copy, trash, zip download and import) and every bad
 * input refused with a clear 4xx that changes nothing. Size limits are lowered here (2 MB upload, 8
 * MB unpacked) so the limit paths run in seconds; they are the same code as the defaults.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProjectsAndZipsIT {

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    WebTestProperties.isolate(registry);
    registry.add("quire.projects.max-upload", () -> "2MB");
    registry.add("quire.projects.max-zip-size", () -> "8MB");
  }

  @LocalServerPort int port;

  private ApiClient alice;

  @BeforeEach
  void registerAlice() {
    alice = new ApiClient("http://localhost:" + port);
    alice.register("alice-" + UUID.randomUUID() + "@example.org", "correct horse battery", "A");
  }

  private Response upload(byte[] zip) {
    return alice.postMultipart("/api/projects", "file", "paper.zip", zip, Map.of());
  }

  private int projectCount() {
    return alice.get("/api/projects?filter=all").json().size()
        + alice.get("/api/projects?filter=trashed").json().size();
  }

  @Test
  void aZipImportsWithItsRootDocumentAndCompilerAndDownloadsBackTheSame() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("paper/", new byte[0]);
    entries.put("paper/chapters/intro.tex", Zips.text("\\section{Intro}"));
    entries.put(
        "paper/thesis.tex",
        Zips.text("% !TeX program = xelatex\n\\documentclass{book}\n\\input{chapters/intro}\n"));
    entries.put("paper/figure.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff});
    entries.put("__MACOSX/paper/._thesis.tex", new byte[] {0});

    Response created = upload(Zips.of(entries));

    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.json().get("rootPath").asString()).isEqualTo("thesis.tex");
    assertThat(created.json().get("compiler").asString()).isEqualTo("xelatex");
    assertThat(created.json().get("skipped").toString()).contains("__MACOSX");
    String id = created.json().get("id").asString();
    assertThat(alice.get("/api/projects/" + id).json().get("name").asString()).isEqualTo("paper");
    assertThat(
            alice.get("/api/projects/" + id + "/files/chapters/intro.tex").header("X-Quire-Kind"))
        .contains("doc");
    assertThat(alice.get("/api/projects/" + id + "/files/figure.png").header("X-Quire-Kind"))
        .contains("file");

    Response download = alice.get("/api/projects/" + id + "/download.zip");
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.header("Content-Disposition"))
        .hasValueSatisfying(v -> assertThat(v).contains("paper.zip"));
    Map<String, byte[]> back = Zips.read(download.body());
    assertThat(back).containsKeys("chapters/", "chapters/intro.tex", "thesis.tex", "figure.png");
    assertThat(back.get("figure.png")).isEqualTo(entries.get("paper/figure.png"));
    assertThat(new String(back.get("chapters/intro.tex"), StandardCharsets.UTF_8))
        .isEqualTo("\\section{Intro}");
  }

  @Test
  void zipSlipEntriesAreRefusedWithTheirNamesAndNothingIsImported() {
    int before = projectCount();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("main.tex", Zips.text("\\documentclass{article}"));
    entries.put("../../etc/cron.d/evil", Zips.text("x"));
    entries.put("/etc/passwd", Zips.text("x"));
    entries.put("C:\\windows\\evil.tex", Zips.text("x"));

    Response refused = upload(Zips.of(entries));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("detail").asString())
        .contains("3 bad entries", "Nothing was imported");
    assertThat(refused.json().get("problems").toString())
        .contains("../../etc/cron.d/evil", "/etc/passwd", "C:\\\\windows");
    assertThat(projectCount()).isEqualTo(before);
  }

  @Test
  void aSymlinkEntryIsRefused() {
    int before = projectCount();
    byte[] zip =
        Zips.withSymlink(
            Zips.of(Map.of("main.tex", Zips.text("x"), "secret.tex", Zips.text("/etc/shadow"))),
            "secret.tex");

    Response refused = upload(zip);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("problems").toString()).contains("secret.tex: symbolic links");
    assertThat(projectCount()).isEqualTo(before);
  }

  @Test
  void duplicateNamesAfterNormalisingAreReported() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("a/b.tex", Zips.text("1"));
    entries.put("a\\b.tex", Zips.text("2"));
    entries.put("./c.tex", Zips.text("3"));
    entries.put("c.tex", Zips.text("4"));

    Response refused = upload(Zips.of(entries));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("problems").toString()).contains("duplicate", "a/b.tex", "c.tex");
  }

  @Test
  void aZipBombIsStoppedAtTheUnpackedLimit() {
    int before = projectCount();
    byte[] bomb = Zips.bomb("zeros.dat", 200L * 1024 * 1024);
    assertThat(bomb.length).isLessThan(1024 * 1024);

    Response refused = upload(bomb);

    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.json().get("detail").asString()).contains("larger than the file size limit");
    assertThat(projectCount()).isEqualTo(before);
  }

  @Test
  void aZipBombWhoseHeadersDeclareATinySizeIsStoppedByWhatItInflatesTo() {
    int before = projectCount();
    byte[] bomb =
        Zips.withDeclaredSize(Zips.bomb("small.dat", 200L * 1024 * 1024), "small.dat", 100);

    Response refused = upload(bomb);

    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.json().get("detail").asString()).contains("larger than the file size limit");
    assertThat(projectCount()).isEqualTo(before);
  }

  @Test
  void entriesWhoseHeadersDeclareTinySizesAreStoppedAtTheUnpackedTotal() {
    int before = projectCount();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    byte[] almostTwoMb = new byte[2 * 1024 * 1024 - 1];
    for (int i = 0; i < 6; i++) {
      entries.put("part" + i + ".bin", almostTwoMb);
    }
    byte[] zip = Zips.of(entries);
    for (int i = 0; i < 6; i++) {
      zip = Zips.withDeclaredSize(zip, "part" + i + ".bin", 10);
    }

    Response refused = upload(zip);

    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.json().get("detail").asString()).contains("unpacks to more than 8 MB");
    assertThat(projectCount()).isEqualTo(before);
  }

  @Test
  void aZipWhoseHeadersDeclareHugeSizesImportsWhatItHolds() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(
        "main.tex", Zips.text("\\documentclass{article}\\begin{document}Hi\\end{document}"));
    entries.put("data.bin", new byte[] {0, 1, 2, 3});
    byte[] zip = Zips.of(entries);
    zip = Zips.withDeclaredSize(zip, "main.tex", 0xFFFF_FFF0L);
    zip = Zips.withDeclaredSize(zip, "data.bin", 0xFFFF_FFF0L);

    Response imported = upload(zip);

    assertThat(imported.status()).as(imported.text()).isEqualTo(201);
    String id = imported.json().get("id").asString();
    assertThat(imported.json().get("rootPath").asString()).isEqualTo("main.tex");
    assertThat(alice.get("/api/projects/" + id + "/files/data.bin").body())
        .isEqualTo(new byte[] {0, 1, 2, 3});
  }

  @Test
  void aZipWhoseEndRecordClaimsAHugeCentralDirectoryIsRefusedAsDamaged() {
    int before = projectCount();
    byte[] zip =
        Zips.withDeclaredDirectorySize(
            Zips.of(Map.of("main.tex", Zips.text("\\documentclass{article}"))), 0x7FFF_FFF0L);

    Response refused = upload(zip);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("detail").asString()).contains("damaged");
    assertThat(projectCount()).isEqualTo(before);
  }

  @Test
  void aZipWhoseRootCandidateHasANameTexCannotTakeChoosesAnother() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("100%.tex", Zips.text("\\documentclass{article}"));
    entries.put("paper/thesis.tex", Zips.text("\\documentclass{book}"));

    Response imported = upload(Zips.of(entries));

    assertThat(imported.status()).as(imported.text()).isEqualTo(201);
    assertThat(imported.json().get("rootPath").asString()).isEqualTo("paper/thesis.tex");
  }

  @Test
  void manySmallEntriesBeyondTheUnpackedTotalAreStopped() {
    int before = projectCount();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    byte[] oneMb = new byte[1024 * 1024];
    for (int i = 0; i < 10; i++) {
      entries.put("part" + i + ".bin", oneMb);
    }

    Response refused = upload(Zips.of(entries));

    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.json().get("detail").asString()).contains("unpacks to more than 8 MB");
    assertThat(projectCount()).isEqualTo(before);
  }

  @Test
  void the2001stFileIsRefusedInAZipAndByUpload() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 2001; i++) {
      entries.put("f" + i + ".txt", Zips.text("x"));
    }
    Response tooMany = upload(Zips.of(entries));
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().get("detail").asString()).contains("at most 2000");

    entries.remove("f2000.txt");
    Response full = upload(Zips.of(entries));
    assertThat(full.status()).as(full.text()).isEqualTo(201);
    String id = full.json().get("id").asString();
    long version = alice.get("/api/projects/" + id + "/tree").json().get("treeVersion").asLong();

    Response oneMore = alice.put("/api/projects/" + id + "/files/f2000.txt", "x");

    assertThat(oneMore.status()).isEqualTo(400);
    assertThat(oneMore.json().get("detail").asString()).contains("at most 2000 files");
    assertThat(alice.get("/api/projects/" + id + "/tree").json().get("treeVersion").asLong())
        .isEqualTo(version);
  }

  @Test
  void somethingThatIsNotAZipIsRefusedWithAMessage() {
    Response refused = upload(Zips.text("just some text, not a zip"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("detail").asString()).contains("not a zip");
  }

  @Test
  void entryNamesThatAreNotUtf8AreRefused() {
    byte[] zip = Zips.of(Map.of("caf\u00e9.tex", Zips.text("x")), StandardCharsets.ISO_8859_1);

    Response refused = upload(zip);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("detail").asString()).contains("UTF-8");
  }

  @Test
  void oversizedUploadsAreRefusedAsTooLargeAndChangeNothing() {
    String id = alice.postJson("/api/projects", Map.of("name", "Big")).json().get("id").asString();
    long version = alice.get("/api/projects/" + id + "/tree").json().get("treeVersion").asLong();
    byte[] threeMb = new byte[3 * 1024 * 1024];

    assertThat(alice.put("/api/projects/" + id + "/files/big.bin", threeMb).status())
        .isEqualTo(413);
    assertThat(upload(threeMb).status()).isEqualTo(413);
    assertThat(alice.get("/api/projects/" + id + "/tree").json().get("treeVersion").asLong())
        .isEqualTo(version);
  }

  @Test
  void aJsonBodyThatIsNotUtf8IsABadRequest() {
    int before = projectCount();
    byte[] body = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};

    Response bad = alice.postRaw("/api/projects", "application/json", body);

    assertThat(bad.status()).isEqualTo(400);
    assertThat(projectCount()).isEqualTo(before);
  }

  @Test
  void listsFilterSearchAndSort() {
    String zebra = create("Zebra notes");
    String apple = create("apple thesis");
    String trashed = create("Old draft");
    alice.patchJson("/api/projects/" + trashed, Map.of("trashed", true));
    ApiClient bob = new ApiClient(alice.baseUrl());
    String bobEmail = "bob-" + UUID.randomUUID() + "@example.org";
    bob.register(bobEmail, "another good one", "Bob");
    String shared =
        bob.postJson("/api/projects", Map.of("name", "Bob's paper")).json().get("id").asString();
    String aliceEmail = alice.get("/api/me").json().get("email").asString();
    assertThat(
            alice
                .acceptInvitation(
                    bob.postJson(
                        "/api/projects/" + shared + "/collaborators",
                        Map.of("email", aliceEmail, "access", "readOnly")))
                .status())
        .isEqualTo(200);

    assertThat(ids("/api/projects?sort=name")).containsExactly(apple, shared, zebra);
    assertThat(ids("/api/projects?filter=owned&sort=name")).containsExactly(apple, zebra);
    assertThat(ids("/api/projects?filter=shared")).containsExactly(shared);
    assertThat(ids("/api/projects?filter=trashed")).containsExactly(trashed);
    assertThat(ids("/api/projects?q=THESIS")).containsExactly(apple);
    assertThat(ids("/api/projects")).first().isEqualTo(shared); // newest first
    assertThat(alice.get("/api/projects?sort=size").status()).isEqualTo(400);

    alice.patchJson("/api/projects/" + trashed, Map.of("trashed", false, "name", "Restored"));
    assertThat(ids("/api/projects?q=restored")).containsExactly(trashed);
  }

  @Test
  void aCopyHasItsOwnDocumentsAndSharesBinaryContent() {
    String id = create("Original");
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    alice.put("/api/projects/" + id + "/files/fig.png", png);

    Response copy = alice.postJson("/api/projects/" + id + "/copy", Map.of("name", "Copy"));
    assertThat(copy.status()).isEqualTo(201);
    String copyId = copy.json().get("id").asString();
    alice.put("/api/projects/" + copyId + "/files/main.tex", "changed in the copy");

    assertThat(alice.get("/api/projects/" + id + "/files/main.tex").text())
        .contains("\\documentclass");
    assertThat(alice.get("/api/projects/" + copyId + "/files/main.tex").text())
        .isEqualTo("changed in the copy");
    assertThat(alice.get("/api/projects/" + copyId + "/files/fig.png").body()).isEqualTo(png);
    String sha = sha(id, "fig.png");
    assertThat(sha(copyId, "fig.png")).isEqualTo(sha);
  }

  @Test
  void aDeletedProjectIsGoneForEveryone() {
    String id = create("Doomed");

    assertThat(alice.delete("/api/projects/" + id).status()).isEqualTo(204);

    assertThat(alice.get("/api/projects/" + id).status()).isEqualTo(404);
    assertThat(ids("/api/projects?filter=trashed")).doesNotContain(id);
  }

  private String sha(String projectId, String path) {
    for (var e : alice.get("/api/projects/" + projectId + "/tree").json().get("entities")) {
      if (e.get("path").asString().equals(path)) {
        return e.get("sha256").asString();
      }
    }
    return null;
  }

  private String create(String name) {
    return alice.postJson("/api/projects", Map.of("name", name)).json().get("id").asString();
  }

  private List<String> ids(String path) {
    Response r = alice.get(path);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().valueStream().map(p -> p.get("id").asString()).toList();
  }
}
