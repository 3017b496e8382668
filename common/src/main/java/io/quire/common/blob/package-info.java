/** The content-addressed blob store: bytes by SHA-256, shared by every service. */
package io.quire.common.blob;
