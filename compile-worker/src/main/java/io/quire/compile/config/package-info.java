/**
 * compile-worker's wiring: the Spring configurations that build the compile and tool types from the
 * settings ({@code quire.compile.*}, {@code quire.compile.tools.*}) and connect them to the queues.
 * No feature package depends on this one (checked by {@code BoundariesTest}).
 */
package io.quire.compile.config;
