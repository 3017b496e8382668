package io.quire.common.project;

/** The latest snapshot of a text document. */
public record Doc(String id, String projectId, String text, long version) {}
