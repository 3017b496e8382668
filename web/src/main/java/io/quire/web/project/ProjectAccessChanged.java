package io.quire.web.project;

/**
 * Who may do what with a project changed (a member removed or given other access, link sharing
 * turned off, ownership moved): open collaboration sockets re-check their access at once.
 */
public record ProjectAccessChanged(String projectId) {}
