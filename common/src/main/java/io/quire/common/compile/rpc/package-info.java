/**
 * Questions web asks compile-worker and waits for (request/reply over RabbitMQ with direct
 * reply-to): SyncTeX forward and inverse search, word counts and chktex checks. Records only, JSON
 * through {@link io.quire.common.compile.rpc.ToolCodec}; never Java serialisation.
 */
package io.quire.common.compile.rpc;
