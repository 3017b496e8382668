package io.quire.mongo;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend with every request made durable before its reply: the server writes a reply only
 * after these methods return, so whatever a client sees acknowledged is committed and on the disk.
 * Failed requests are made durable too, since a batch that fails half-way has applied its first
 * part.
 */
final class DurableH2Backend extends H2Backend {
  private final DurableCommits commits;

  DurableH2Backend(MVStore store) {
    super(store);
    this.commits = new DurableCommits(store);
  }

  DurableCommits commits() {
    return commits;
  }

  /** Every command of today's drivers (OP_MSG). */
  @Override
  public Document handleMessage(MongoMessage message) {
    Document reply;
    try {
      reply = super.handleMessage(message);
    } catch (RuntimeException e) {
      throw durableAnyway(e);
    }
    commits.makeDurable();
    return reply;
  }

  /** Commands of older drivers (OP_QUERY on {@code $cmd}). */
  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    Document reply;
    try {
      reply = super.handleCommand(channel, database, command, query);
    } catch (RuntimeException e) {
      throw durableAnyway(e);
    }
    commits.makeDurable();
    return reply;
  }

  @Override
  public void dropDatabase(String database) {
    try {
      super.dropDatabase(database);
    } catch (RuntimeException e) {
      throw durableAnyway(e);
    }
    commits.makeDurable();
  }

  private RuntimeException durableAnyway(RuntimeException failure) {
    try {
      commits.makeDurable();
    } catch (RuntimeException syncFailure) {
      failure.addSuppressed(syncFailure);
    }
    return failure;
  }
}
