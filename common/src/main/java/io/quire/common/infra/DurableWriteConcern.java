package io.quire.common.infra;

import com.mongodb.ConnectionString;
import com.mongodb.WriteConcern;
import java.util.concurrent.TimeUnit;

/**
 * The write concern every service asks MongoDB for: a write is acknowledged once it is in the
 * on-disk journal ({@code j: true}) of a majority of the replica set's data-bearing members ({@code
 * w: "majority"}; a standalone server is its own majority). What Quire tells a user is saved then
 * survives a crash of the server and the loss of a minority of the set. A write that cannot reach a
 * majority within {@code wtimeout} fails with an error instead of hanging.
 *
 * <p>Each part can be set in {@code QUIRE_MONGO_URI} instead ({@code w=}, {@code journal=}, {@code
 * wtimeoutMS=}); what the connection string sets wins, what it leaves out keeps these defaults.
 */
final class DurableWriteConcern {
  static final long DEFAULT_WTIMEOUT_MILLIS = 10_000;

  private DurableWriteConcern() {}

  static WriteConcern of(ConnectionString connection) {
    WriteConcern given = connection.getWriteConcern();
    WriteConcern concern = given == null ? WriteConcern.ACKNOWLEDGED : given;
    if (concern.getWObject() == null) {
      concern = concern.withW(WriteConcern.MAJORITY.getWString());
    }
    if (concern.getJournal() == null) {
      concern = concern.withJournal(true);
    }
    if (concern.getWTimeout(TimeUnit.MILLISECONDS) == null) {
      concern = concern.withWTimeout(DEFAULT_WTIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }
    return concern;
  }
}
