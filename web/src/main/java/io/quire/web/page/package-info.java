/**
 * The pages people use without reading docs: sign-in, registration, the project dashboard with its
 * sharing dialog, account settings and administration. They are plain HTML served as they are, with
 * a little script that calls the same HTTP API as everyone else, so the pages can do nothing the
 * API does not allow.
 */
package io.quire.web.page;
