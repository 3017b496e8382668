/**
 * The compiled-preamble cache: a project's preamble dumped once into a TeX format (mylatexformat),
 * keyed by preamble, local inputs, engine and TeX installation, and used by later compiles instead
 * of running the preamble again. See docs/adr/0008-preamble-format-cache.md.
 */
package io.quire.compile.preamble;
