/**
 * The git bridge as web sees it: {@code /git/**} passed through to git-worker (so git works at the
 * single public origin), and {@code git.sync} jobs queued when projects change or are deleted.
 */
package io.quire.web.git;
