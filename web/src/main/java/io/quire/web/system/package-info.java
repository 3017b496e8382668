/** Cross-cutting web concerns: configuration, security, error responses. */
package io.quire.web.system;
