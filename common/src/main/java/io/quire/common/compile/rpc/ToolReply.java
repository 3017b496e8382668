package io.quire.common.compile.rpc;

/** compile-worker's answer to a {@link ToolRequest}: the result, or why there is none. */
public sealed interface ToolReply
    permits PdfBoxes, SourcePosition, WordCount, ChktexReport, ToolFailure {}
