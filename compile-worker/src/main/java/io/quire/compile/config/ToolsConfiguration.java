package io.quire.compile.config;

import io.quire.common.blob.BlobStore;
import io.quire.common.compile.CompileStore;
import io.quire.common.compile.rpc.ToolCodec;
import io.quire.common.contract.MessageCodec;
import io.quire.common.infra.QuireDataProperties;
import io.quire.common.messaging.QueueTopology;
import io.quire.compile.sandbox.SandboxRunner;
import io.quire.compile.tools.ChktexTool;
import io.quire.compile.tools.ScratchDirectories;
import io.quire.compile.tools.SourceWorkspaces;
import io.quire.compile.tools.SynctexTool;
import io.quire.compile.tools.ToolRequestHandler;
import io.quire.compile.tools.ToolRequestListener;
import io.quire.compile.tools.ToolSandbox;
import io.quire.compile.tools.WordCountTool;
import io.quire.compile.workspace.WorkspaceSync;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the question queue to the tools, which share the compile sandbox. */
@Configuration(proxyBeanMethods = false)
class ToolsConfiguration {

  @Bean
  ToolRequestHandler toolRequestHandler(
      CompileStore store,
      SandboxRunner sandboxRunner,
      BlobStore blobs,
      MessageCodec codec,
      ToolsProperties tools,
      CompileWorkerProperties compile,
      QuireDataProperties data) {
    // below the compile workspaces: the Docker sandbox mounts nothing else; the names start with
    // a dot, which no project id does, so they never meet a project's workspace
    Path workspaces = compile.workspaces(data);
    Path sourcesRoot = workspaces.resolve(".tool-sources");
    ToolSandbox sandbox =
        new ToolSandbox(
            sandboxRunner, tools.timeout(), tools.memory().toBytes(), tools.maxOutput().toBytes());
    SourceWorkspaces sources =
        new SourceWorkspaces(
            new WorkspaceSync(sourcesRoot, blobs, codec.mapper()),
            sourcesRoot,
            tools.idleWorkspace(),
            Clock.systemUTC());
    return new ToolRequestHandler(
        new SynctexTool(
            store, sandbox, new ScratchDirectories(workspaces.resolve(".tool-synctex"))),
        new WordCountTool(sources, sandbox),
        new ChktexTool(sources, sandbox));
  }

  @Bean
  SimpleMessageListenerContainer compileToolRequests(
      ConnectionFactory connectionFactory,
      QueueTopology topology,
      MessageCodec codec,
      ToolRequestHandler handler,
      ToolsProperties tools) {
    SimpleMessageListenerContainer container =
        new SimpleMessageListenerContainer(connectionFactory);
    container.setQueueNames(topology.compileRpcQueue());
    // acknowledged once answered; a question that fails is answered with a failure, never requeued
    container.setAcknowledgeMode(AcknowledgeMode.AUTO);
    container.setDefaultRequeueRejected(false);
    container.setPrefetchCount(1);
    container.setConcurrentConsumers(tools.concurrency());
    container.setMaxConcurrentConsumers(tools.concurrency());
    container.setMissingQueuesFatal(false);
    container.setMessageListener(new ToolRequestListener(new ToolCodec(codec.mapper()), handler));
    return container;
  }
}
