package io.quire.web.project;

import io.quire.common.blob.BlobStore;
import io.quire.common.contract.Compiler;
import io.quire.common.project.FileClassifier;
import io.quire.common.project.TexFileNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Turns an uploaded zip into a project tree, or refuses it whole with every reason found.
 *
 * <p>Two passes: the first looks only at names (normalised, kept under the root, no symlinks, no
 * duplicates, at most {@code maxFiles} files) so a bad zip is refused before anything is inflated;
 * the second inflates entry by entry and counts the bytes actually produced, so a zip bomb is
 * stopped as soon as it passes the uncompressed limit, whatever sizes its headers claim. Binary
 * files go to the content-addressed blob store as they come (an aborted import leaves at most
 * unreferenced blobs, never a visible project); documents wait in a spool directory on disk until
 * the caller creates them one by one.
 *
 * <p>Memory: nothing is sized from the zip's headers; one entry at a time is held, at most the
 * upload limit, however many entries and bytes the zip holds (the documents of a 300 MB import do
 * not sit in the heap together).
 */
final class ZipImport {
  private static final Logger LOG = LoggerFactory.getLogger(ZipImport.class);
  private static final int MAX_REPORTED = 20;
  private static final Pattern DOCUMENT_CLASS = Pattern.compile("(?m)^[^%\\n]*\\\\documentclass");
  private static final Pattern MAGIC_PROGRAM =
      Pattern.compile("(?im)^\\s*%\\s*!\\s*tex\\s+(?:ts-)?program\\s*=\\s*(\\w+)");
  private static final Pattern WINDOWS_DRIVE = Pattern.compile("^[A-Za-z]:.*");

  private final ProjectLimits limits;
  private final BlobStore blobs;

  ZipImport(ProjectLimits limits, BlobStore blobs) {
    this.limits = limits;
    this.blobs = blobs;
  }

  /**
   * A file of the imported tree: a document (its text spooled to {@code text}) or a stored blob.
   *
   * @param size the bytes of the blob, or of the document's text in UTF-8
   */
  record ImportedFile(String path, Path text, String sha256, long size) {
    boolean document() {
      return text != null;
    }
  }

  /**
   * What the zip holds. Close it to delete the spooled documents.
   *
   * @param skipped entries left out on purpose (operating-system clutter), for the user to see
   * @param spool the directory the documents' texts wait in
   */
  record ImportedTree(
      List<String> folders,
      List<ImportedFile> files,
      String rootPath,
      Compiler compiler,
      List<String> skipped,
      Path spool)
      implements AutoCloseable {

    /** The text of a document of this tree, read from the spool. */
    String text(ImportedFile file) {
      try {
        return Files.readString(file.text(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the spooled document " + file.path(), e);
      }
    }

    @Override
    public void close() {
      deleteSpool(spool);
    }
  }

  ImportedTree read(Path zip) {
    ZipCentralDirectory.Listing listing;
    try {
      listing = ZipCentralDirectory.read(zip, limits.maxFiles() * 2 + 100);
    } catch (IOException e) {
      throw new ZipRejectedException("The upload could not be read as a zip file.");
    }
    if (listing.records().isEmpty() && listing.declaredEntries() > 0) {
      throw tooManyFiles(listing.declaredEntries());
    }
    List<String> notUtf8 =
        listing.records().stream()
            .filter(r -> !r.utf8())
            .map(r -> printable(r.name()))
            .limit(MAX_REPORTED)
            .toList();
    if (!notUtf8.isEmpty()) {
      throw new ZipRejectedException(
          HttpStatus.BAD_REQUEST,
          "The zip has entry names that are not valid UTF-8 (re-create it with a current zip"
              + " tool). Nothing was imported.",
          notUtf8.stream().map(n -> n + ": name is not UTF-8").toList());
    }
    Set<String> symlinks = new HashSet<>();
    listing.records().stream()
        .filter(ZipCentralDirectory.Record::symlink)
        .forEach(r -> symlinks.add(r.name()));
    try (ZipFile file = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
      Plan plan = plan(file, symlinks);
      Path spool = Files.createTempDirectory("quire-import-");
      try {
        return inflate(file, plan, spool);
      } catch (IOException | RuntimeException e) {
        deleteSpool(spool);
        throw e;
      }
    } catch (ZipException e) {
      throw new ZipRejectedException("The zip file is damaged: " + e.getMessage() + ".");
    } catch (IllegalArgumentException e) {
      throw new ZipRejectedException("The zip has entry names that are not valid UTF-8.");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The target path of every entry kept, and the names skipped. */
  private record Plan(Map<ZipEntry, String> paths, List<String> skipped) {}

  /** Pass one: the target path of every entry kept, or a refusal listing the bad names. */
  private Plan plan(ZipFile file, Set<String> symlinks) {
    List<String> problems = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Map<ZipEntry, String> plan = new LinkedHashMap<>();
    Map<String, Boolean> seen = new LinkedHashMap<>(); // path -> is folder
    int files = 0;
    Enumeration<? extends ZipEntry> entries = file.entries();
    while (entries.hasMoreElements()) {
      ZipEntry entry = entries.nextElement();
      String name = entry.getName();
      if (symlinks.contains(name)) {
        problems.add(name + ": symbolic links are not allowed");
        continue;
      }
      if (isClutter(name)) {
        skipped.add(name);
        continue;
      }
      Optional<String> path = normalise(name);
      if (path.isEmpty()) {
        problems.add(printable(name) + ": the name leaves the project or has odd characters");
        continue;
      }
      if (path.get().isEmpty()) {
        continue; // "./" or "/" alone
      }
      boolean folder = entry.isDirectory();
      Boolean before = seen.putIfAbsent(path.get(), folder);
      if (before != null) {
        if (!(before && folder)) {
          problems.add(name + ": duplicate of another entry named " + path.get());
        }
        continue;
      }
      if (!folder && ++files > limits.maxFiles()) {
        throw tooManyFiles(files);
      }
      plan.put(entry, path.get());
    }
    for (Map.Entry<String, Boolean> e : seen.entrySet()) {
      String parent = e.getKey();
      while (parent.contains("/")) {
        parent = parent.substring(0, parent.lastIndexOf('/'));
        if (Boolean.FALSE.equals(seen.get(parent))) {
          problems.add(e.getKey() + ": its folder " + parent + " is also a file");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ZipRejectedException(
          HttpStatus.BAD_REQUEST,
          "The zip has "
              + problems.size()
              + " bad entr"
              + (problems.size() == 1 ? "y" : "ies")
              + ": "
              + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
              + (problems.size() > 3 ? "; ..." : "")
              + ". Nothing was imported.",
          problems.subList(0, Math.min(MAX_REPORTED, problems.size())));
    }
    return new Plan(stripCommonFolder(plan), skipped);
  }

  /** Pass two: inflate with the total counted as it is produced. */
  private ImportedTree inflate(ZipFile file, Plan plan, Path spool) throws IOException {
    long maxTotal = limits.maxZipSize().toBytes();
    long maxFile = limits.maxUpload().toBytes();
    long total = 0;
    List<String> folders = new ArrayList<>();
    List<ImportedFile> files = new ArrayList<>();
    Map<String, Compiler> roots = new LinkedHashMap<>(); // candidate root -> its magic compiler
    for (Map.Entry<ZipEntry, String> e : plan.paths().entrySet()) {
      String path = e.getValue();
      if (e.getKey().isDirectory()) {
        folders.add(path);
        continue;
      }
      byte[] content;
      try (InputStream in = file.getInputStream(e.getKey())) {
        content = readCapped(in, Math.min(maxFile, maxTotal - total));
      }
      if (content == null) {
        throw total + maxFile > maxTotal
            ? new ZipRejectedException(
                HttpStatus.CONTENT_TOO_LARGE,
                "The zip unpacks to more than "
                    + ProjectLimits.describe(limits.maxZipSize())
                    + "; nothing was imported (stopped at "
                    + path
                    + ").",
                List.of(path + ": over the uncompressed size limit"))
            : new ZipRejectedException(
                HttpStatus.CONTENT_TOO_LARGE,
                path
                    + " is larger than the file size limit of "
                    + ProjectLimits.describe(limits.maxUpload())
                    + ".",
                List.of(path + ": too large"));
      }
      total += content.length;
      Optional<String> text =
          FileClassifier.asDocText(path, content, limits.maxDocSize().toBytes());
      if (text.isEmpty()) {
        files.add(new ImportedFile(path, null, blobs.put(content), content.length));
        continue;
      }
      Path spooled = spool.resolve(files.size() + ".txt");
      byte[] utf8 = text.get().getBytes(StandardCharsets.UTF_8);
      Files.write(spooled, utf8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      files.add(new ImportedFile(path, spooled, null, utf8.length));
      if (isRootCandidate(path, text.get())) {
        roots.put(path, compilerOf(text.get()));
      }
    }
    String root = rootDocument(roots.keySet()).orElse(null);
    Compiler compiler = root == null ? Compiler.PDFLATEX : roots.get(root);
    return new ImportedTree(folders, files, root, compiler, plan.skipped(), spool);
  }

  /** Reads at most {@code cap} bytes; null when the stream has more. */
  private static byte[] readCapped(InputStream in, long cap) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    long read = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      read += n;
      if (read > cap) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * A zip entry name as a project path: backslashes become slashes, empty and {@code .} segments
   * go; empty result for the root itself, nothing for names that leave the root or are odd.
   */
  static Optional<String> normalise(String name) {
    String slashes = name.replace('\\', '/');
    if (slashes.startsWith("/") || WINDOWS_DRIVE.matcher(slashes).matches()) {
      return Optional.empty();
    }
    List<String> segments = new ArrayList<>();
    for (String segment : slashes.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        return Optional.empty();
      }
      segments.add(segment);
    }
    String path = String.join("/", segments);
    if (path.isEmpty()) {
      return Optional.of("");
    }
    return io.quire.common.project.ProjectPaths.isSafe(path) ? Optional.of(path) : Optional.empty();
  }

  private static boolean isClutter(String name) {
    String lower = name.replace('\\', '/').toLowerCase(Locale.ROOT);
    return lower.startsWith("__macosx/")
        || lower.equals(".ds_store")
        || lower.endsWith("/.ds_store")
        || lower.endsWith("thumbs.db");
  }

  /** A zip of one folder ("paper/...") imports that folder's contents at the root. */
  private static Map<ZipEntry, String> stripCommonFolder(Map<ZipEntry, String> plan) {
    String first = null;
    for (String path : plan.values()) {
      String top = path.contains("/") ? path.substring(0, path.indexOf('/')) : null;
      boolean topFolderItself = !path.contains("/");
      if (topFolderItself) {
        if (first == null) {
          first = path;
        }
        if (!path.equals(first)) {
          return plan;
        }
        continue;
      }
      if (first == null) {
        first = top;
      }
      if (!top.equals(first)) {
        return plan;
      }
    }
    String prefix = first;
    boolean prefixIsFolder =
        prefix != null
            && plan.entrySet().stream()
                .filter(e -> e.getValue().equals(prefix))
                .allMatch(e -> e.getKey().isDirectory())
            && plan.values().stream().anyMatch(p -> p.startsWith(prefix + "/"));
    if (!prefixIsFolder) {
      return plan;
    }
    Map<ZipEntry, String> stripped = new LinkedHashMap<>();
    plan.forEach(
        (entry, path) -> {
          if (path.startsWith(prefix + "/")) {
            stripped.put(entry, path.substring(prefix.length() + 1));
          }
        });
    return stripped;
  }

  /**
   * Whether a document may be the main document: a {@code .tex} file with a {@code \documentclass}
   * line, under a name TeX can be given (see {@link TexFileNames}).
   */
  static boolean isRootCandidate(String path, String text) {
    return path.toLowerCase(Locale.ROOT).endsWith(".tex")
        && TexFileNames.rootProblem(path).isEmpty()
        && DOCUMENT_CLASS.matcher(text).find();
  }

  /** The main document among the candidates: nearest the root, then {@code main.tex}, shortest. */
  static Optional<String> rootDocument(java.util.Collection<String> candidates) {
    return candidates.stream()
        .min(
            Comparator.comparingLong((String p) -> p.chars().filter(c -> c == '/').count())
                .thenComparing(p -> !p.endsWith("main.tex"))
                .thenComparingInt(String::length)
                .thenComparing(Comparator.naturalOrder()));
  }

  /** The compiler a {@code % !TeX program = xelatex} line asks for, else pdfLaTeX. */
  static Compiler compilerOf(String rootText) {
    Matcher magic = MAGIC_PROGRAM.matcher(rootText);
    if (!magic.find()) {
      return Compiler.PDFLATEX;
    }
    try {
      return Compiler.fromWire(magic.group(1));
    } catch (IllegalArgumentException e) {
      return Compiler.PDFLATEX;
    }
  }

  /** Deletes the spooled documents; a failure costs disk, never the import's answer. */
  private static void deleteSpool(Path spool) {
    try (var paths = Files.walk(spool)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not delete the import spool {}: {}", spool, e.toString());
    }
  }

  private ZipRejectedException tooManyFiles(long count) {
    return new ZipRejectedException(
        HttpStatus.BAD_REQUEST,
        "The zip has more than "
            + limits.maxFiles()
            + " files (at least "
            + count
            + "); a project may hold at most "
            + limits.maxFiles()
            + ". Nothing was imported.",
        List.of());
  }

  private static String printable(String name) {
    return name.replaceAll("[\\x00-\\x1f\\x7f]", "?");
  }
}
