/**
 * Sharing a project: collaborators invited by e-mail (a secret link they accept while signed in),
 * read and write links, leaving, and transferring ownership. Who may then do what is decided by
 * {@link io.quire.web.project.ProjectAccess}.
 */
package io.quire.web.sharing;
