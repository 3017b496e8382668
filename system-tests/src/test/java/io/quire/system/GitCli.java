package io.quire.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git} command line, isolated from the machine's configuration: its own HOME, no
 * system config, never prompting for credentials.
 */
final class GitCli {
  private final Path home;

  GitCli(Path home) {
    this.home = home;
  }

  /** What a git command printed (stdout and stderr together) and how it exited. */
  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  Result run(Path dir, String... args) {
    ProcessBuilder builder = builder(dir, args).redirectErrorStream(true);
    try {
      Process process = builder.start();
      byte[] output = process.getInputStream().readAllBytes();
      return new Result(exitOf(process, args), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs a command that must succeed with {@code input} on its standard input; returns its standard
   * output as bytes (for packs and other binary output).
   */
  byte[] bytes(Path dir, byte[] input, String... args) {
    ProcessBuilder builder = builder(dir, args).redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      Process process = builder.start();
      try (var stdin = process.getOutputStream()) {
        stdin.write(input);
      }
      byte[] output = process.getInputStream().readAllBytes();
      if (exitOf(process, args) != 0) {
        throw new AssertionError("git " + String.join(" ", args) + " failed");
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int exitOf(Process process, String... args) {
    try {
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("git " + String.join(" ", args) + " hung");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private ProcessBuilder builder(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.add("-c");
    command.add("credential.helper=");
    command.add("-c");
    command.add("user.name=Git User");
    command.add("-c");
    command.add("user.email=git-user@example.org");
    command.add("-c");
    command.add("init.defaultBranch=main");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("HOME", home.toString());
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    builder.environment().put("GIT_ASKPASS", "/bin/false");
    builder.environment().put("LC_ALL", "C");
    return builder;
  }

  /** Runs a command that must succeed; returns its output. */
  String ok(Path dir, String... args) {
    Result result = run(dir, args);
    if (!result.ok()) {
      throw new AssertionError("git " + String.join(" ", args) + " failed:\n" + result.output());
    }
    return result.output();
  }

  static void write(Path file, String text) {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
