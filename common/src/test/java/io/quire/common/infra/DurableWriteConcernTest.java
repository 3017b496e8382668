package io.quire.common.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.WriteConcern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DurableWriteConcernTest {

  @Test
  void withoutOptionsWritesWaitForTheJournalOfAMajority() {
    WriteConcern concern =
        QuireInfrastructureConfiguration.mongoClientSettings("mongodb://db1,db2,db3/quire")
            .getWriteConcern();

    assertThat(concern.getWString()).isEqualTo("majority");
    assertThat(concern.getJournal()).isTrue();
    assertThat(concern.getWTimeout(TimeUnit.MILLISECONDS)).isEqualTo(10_000);
  }

  @Test
  void whatTheConnectionStringSetsWinsAndTheRestKeepsTheDefaults() {
    WriteConcern concern =
        DurableWriteConcern.of(new ConnectionString("mongodb://db1/quire?w=2&wtimeoutMS=500"));

    assertThat(concern.getW()).isEqualTo(2);
    assertThat(concern.getWTimeout(TimeUnit.MILLISECONDS)).isEqualTo(500);
    assertThat(concern.getJournal()).isTrue();
  }

  @Test
  void anAdministratorCanTurnTheJournalOffExplicitly() {
    WriteConcern concern =
        DurableWriteConcern.of(new ConnectionString("mongodb://db1/quire?w=1&journal=false"));

    assertThat(concern.getW()).isEqualTo(1);
    assertThat(concern.getJournal()).isFalse();
  }
}
