package io.quire.common.contract;

/** A file produced by a compile, served from the output cache by build id. */
public record OutputFile(String name, long size, String contentType) {}
