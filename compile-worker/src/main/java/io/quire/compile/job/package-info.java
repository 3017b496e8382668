/**
 * Compile jobs: taking them from the queues, running latexmk in the sandbox under a per-project
 * fenced lock, storing outputs and results, publishing completion, and stopping on request.
 */
package io.quire.compile.job;
