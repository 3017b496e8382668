package io.quire.compile.tools;

import io.quire.common.compile.rpc.ChktexRequest;
import io.quire.common.compile.rpc.SynctexForwardRequest;
import io.quire.common.compile.rpc.SynctexInverseRequest;
import io.quire.common.compile.rpc.ToolCodec;
import io.quire.common.compile.rpc.ToolFailure;
import io.quire.common.compile.rpc.ToolReply;
import io.quire.common.compile.rpc.ToolRequest;
import io.quire.common.compile.rpc.WordCountRequest;
import io.quire.common.messaging.NonRetryableJobException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one question: always with a reply, never with an exception, so the asker learns at once
 * why there is no result instead of waiting for its timeout.
 */
public final class ToolRequestHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ToolRequestHandler.class);

  private final SynctexTool synctex;
  private final WordCountTool wordCount;
  private final ChktexTool chktex;

  public ToolRequestHandler(SynctexTool synctex, WordCountTool wordCount, ChktexTool chktex) {
    this.synctex = synctex;
    this.wordCount = wordCount;
    this.chktex = chktex;
  }

  ToolReply answer(ToolRequest request) {
    long start = System.nanoTime();
    String type = ToolCodec.typeName(request);
    try {
      ToolReply reply = dispatch(request);
      LOG.info(
          "Answered {} for project {} in {} ms",
          type,
          request.projectId(),
          (System.nanoTime() - start) / 1_000_000);
      return reply;
    } catch (ToolException e) {
      if (e.reason() == ToolFailure.Reason.FAILED) {
        LOG.error("Could not answer {} for project {}", type, request.projectId(), e);
      } else {
        LOG.info("No answer to {} for project {}: {}", type, request.projectId(), e.getMessage());
      }
      return e.toFailure();
    } catch (NonRetryableJobException e) {
      LOG.warn("Refused {} for project {}: {}", type, request.projectId(), e.getMessage());
      return new ToolFailure(ToolFailure.Reason.INVALID, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("Could not answer {} for project {}", type, request.projectId(), e);
      return new ToolFailure(
          ToolFailure.Reason.FAILED,
          "The compile worker failed to answer (request " + request.requestId() + ").");
    }
  }

  private ToolReply dispatch(ToolRequest request) {
    if (request instanceof SynctexForwardRequest forward) {
      return synctex.forward(forward);
    }
    if (request instanceof SynctexInverseRequest inverse) {
      return synctex.inverse(inverse);
    }
    if (request instanceof WordCountRequest count) {
      return wordCount.count(count);
    }
    if (request instanceof ChktexRequest check) {
      return chktex.check(check);
    }
    throw new IllegalArgumentException("no tool for " + request.getClass());
  }
}
