package io.quire.web.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBuckets;
import io.quire.common.blob.BlobStore;
import io.quire.common.blob.GridFsBlobStore;
import io.quire.testsupport.TestMongo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.bson.BsonObjectId;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The blob store contract on GridFS, plus the layout the files written before it are in. */
class GridFsBlobStoreIT extends BlobStoreContract {
  private MongoClient client;
  private MongoDatabase database;
  private GridFsBlobStore store;

  @BeforeEach
  void connect() {
    String uri = TestMongo.freshDatabaseUri();
    client = MongoClients.create(uri);
    database = client.getDatabase(uri.substring(uri.lastIndexOf('/') + 1));
    store = new GridFsBlobStore(database);
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Override
  BlobStore store() {
    return store;
  }

  @Test
  void anExportZipWrittenStraightToGridFsBeforeIsReadAndDeletedByItsName() throws IOException {
    ObjectId fileId = new ObjectId();
    byte[] zip = random(70_000);
    GridFSBuckets.create(database, "exports")
        .uploadFromStream(new BsonObjectId(fileId), "e1.zip", new ByteArrayInputStream(zip));

    try (InputStream in = store.open("exports", fileId.toHexString()).orElseThrow()) {
      assertThat(in.readAllBytes()).isEqualTo(zip);
    }
    store.delete("exports", fileId.toHexString());
    assertThat(database.getCollection("exports.files").countDocuments()).isZero();
    assertThat(database.getCollection("exports.chunks").countDocuments()).isZero();
  }
}
