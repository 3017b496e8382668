/** {@code git.sync} jobs from web and periodic repository housekeeping. */
package io.quire.git.sync;
