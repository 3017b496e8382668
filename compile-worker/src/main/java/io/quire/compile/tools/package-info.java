/**
 * Questions compile-worker answers while web waits (request/reply on {@code <prefix>.compile.rpc}):
 * SyncTeX code→PDF and PDF→code over a build's stored SyncTeX file, texcount word counts and chktex
 * checks over a scratch copy of the project's sources. Every tool runs in the compile sandbox.
 */
package io.quire.compile.tools;
