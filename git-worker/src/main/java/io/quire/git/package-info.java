/**
 * git-worker: serves Quire projects as git repositories over smart HTTP and applies pushes to the
 * projects.
 */
package io.quire.git;
