package io.quire.common.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * The logical names and current schema versions of every message. Renaming a Java record never
 * changes its wire name; bumping a version requires a golden sample of the old one in the tests.
 */
public enum MessageType {
  COMPILE_JOB("compile.job", 1, CompileJob.class),
  COMPILE_COMPLETED("compile.completed", 1, CompileCompletedEvent.class),
  STOP_COMPILE("compile.stop", 1, StopCompileCommand.class),
  HISTORY_INGEST("history.ingest", 1, HistoryIngestJob.class),
  HISTORY_EXPORT("history.export", 1, HistoryExportJob.class),
  GIT_SYNC("git.sync", 1, GitSyncJob.class),
  PROJECT_CHANGED("project.changed", 1, ProjectChangedEvent.class),
  MAIL_SEND("mail.send", 1, MailJob.class);

  private final String typeName;
  private final int currentVersion;
  private final Class<? extends QuireMessage> recordClass;

  MessageType(String typeName, int currentVersion, Class<? extends QuireMessage> recordClass) {
    this.typeName = typeName;
    this.currentVersion = currentVersion;
    this.recordClass = recordClass;
  }

  public String typeName() {
    return typeName;
  }

  public int currentVersion() {
    return currentVersion;
  }

  public Class<? extends QuireMessage> recordClass() {
    return recordClass;
  }

  public static Optional<MessageType> byName(String name) {
    return Arrays.stream(values()).filter(t -> t.typeName.equals(name)).findFirst();
  }

  public static MessageType of(Class<?> recordClass) {
    return Arrays.stream(values())
        .filter(t -> t.recordClass == recordClass)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a message record: " + recordClass));
  }
}
