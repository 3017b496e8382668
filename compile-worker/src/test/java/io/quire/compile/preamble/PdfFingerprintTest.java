package io.quire.compile.preamble;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PdfFingerprintTest {

  /** A small PDF as pdfTeX writes it uncompressed; {@code extra} goes into the catalogue. */
  private static byte[] pdf(String extra, String freeOrUsed) {
    String body =
        "%PDF-1.5\n"
            + "1 0 obj\n<< /Type /Page /Contents 2 0 R >>\nendobj\n"
            + "2 0 obj\n<< /Length 20 >>\nstream\n/NotAName 1 0 0 1 cm\nendstream\nendobj\n"
            + "3 0 obj\n<< /Type /Catalog "
            + extra
            + ">>\nendobj\n";
    String xref =
        "xref\n0 5\n0000000000 65535 f \n0000000010 00000 n \n0000000050 00000 n \n"
            + "0000000120 00000 n \n0000000000 00000 "
            + freeOrUsed
            + " \ntrailer\n<< /Size 5 /Root 3 0 R >>\nstartxref\n"
            + body.length()
            + "\n%%EOF\n";
    return (body + xref).getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void countsObjectsInUseAndNamesOutsideStreams() {
    PdfFingerprint fingerprint = PdfFingerprint.of(pdf("", "f")).orElseThrow();

    assertThat(fingerprint.objects()).isEqualTo(3);
    assertThat(fingerprint.names())
        .containsEntry("/Type", 2)
        .containsEntry("/Catalog", 1)
        .doesNotContainKey("/NotAName");
  }

  @Test
  void aMissingObjectOrCatalogueEntryChangesTheFingerprint() {
    PdfFingerprint plain = PdfFingerprint.of(pdf("/Quire 4 0 R ", "n")).orElseThrow();

    assertThat(PdfFingerprint.of(pdf("/Quire 4 0 R ", "n"))).contains(plain);
    assertThat(PdfFingerprint.of(pdf("/Quire 4 0 R ", "f"))).get().isNotEqualTo(plain);
    assertThat(PdfFingerprint.of(pdf("", "n"))).get().isNotEqualTo(plain);
  }

  @Test
  void numberedResourceNamesCountAsOne() {
    assertThat(PdfFingerprint.of(pdf("/Font << /F33 5 0 R >> ", "n")))
        .isEqualTo(PdfFingerprint.of(pdf("/Font << /F36 5 0 R >> ", "n")));
    assertThat(PdfFingerprint.of(pdf("/Font << /F33 5 0 R >> ", "n")).orElseThrow().names())
        .containsEntry("/F#", 1);
  }

  @Test
  void somethingElseThanAPdfHasNoFingerprint() {
    assertThat(PdfFingerprint.of("not a pdf".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }
}
