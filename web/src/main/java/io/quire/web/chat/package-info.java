/**
 * A chat per project: messages stored one document each, paged history, a "last read" marker per
 * user and project, and live delivery over the collaboration socket (ADR 0026).
 */
package io.quire.web.chat;
