package io.quire.common.project;

/** A user given access to a project by its owner. */
public record Collaborator(String userId, Access access) {}
