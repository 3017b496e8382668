package io.quire.web.account;

/**
 * An account's sessions ended: it was disabled or deleted ({@code keptSessionId} null), or its
 * password was changed (every session but {@code keptSessionId}, the one that changed it). Open
 * collaboration sockets of those sessions are closed on every web instance.
 *
 * @param keptSessionId the HTTP session id, before the change, that goes on; null for none
 * @param sessionEpoch the account's session epoch from now on (what the kept session holds)
 */
public record SessionsEnded(
    String userId, String keptSessionId, long sessionEpoch, String reason) {}
