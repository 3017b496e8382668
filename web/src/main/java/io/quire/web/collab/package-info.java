/**
 * Real-time collaboration: the WebSocket endpoint of the {@code @codemirror/collab} authority
 * model, per-document rooms on each web instance, fan-out of accepted updates and presence between
 * instances through Redis pub/sub, the catch-up from MongoDB that makes Redis losses harmless, and
 * the end of each compile told to the editors open on its project. The protocol is described in
 * {@code docs/realtime-protocol.md}.
 */
package io.quire.web.collab;
