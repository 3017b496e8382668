package io.quire.common.contract;

/** Where a compile spent its time, in milliseconds. */
public record CompileTimings(long queuedMs, long syncMs, long compileMs, long totalMs) {}
