package dev.jitgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.access.store.postgres.PostgresAccessStore;
import dev.jitgate.access.store.postgres.PostgresStoreSettings;
import dev.jitgate.access.testing.EmbeddedPostgresDatabase;
import dev.jitgate.access.testing.PostgresDatabaseExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core request → approve → credentials flow over HTTP with the PostgreSQL store. */
@ExtendWith(PostgresDatabaseExtension.class)
class PostgresAccessFlowIT {
  private static ApiFixture api;

  @BeforeAll
  static void start(EmbeddedPostgresDatabase pg) {
    String database = pg.createDatabase();
    PostgresAccessStore store = PostgresAccessStore.open(
        PostgresStoreSettings.of(pg.jdbcUrl(database), EmbeddedPostgresDatabase.SUPERUSER, ""));
    api = ApiFixture.on(store, ApiFixture.settings());
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void requestApproveCredentials() {
    String alice = api.user("alice", "requester");
    String bob = api.user("bob", "approver");
    api.integrationAndFlows("bob", "alice");

    String requestId = api.pendingRequest(alice);
    Http.Response approved = api.http.post("/v1/access-requests/" + requestId + "/approve", bob, null);
    assertThat(approved.status()).as("%s", approved).isEqualTo(200);
    String grantId = approved.json().path("grantId").asText();

    Http.Response credentials = api.http.post("/v1/grants/" + grantId + "/credentials", alice, null);
    assertThat(credentials.status()).as("%s", credentials).isEqualTo(201);
    assertThat(credentials.json().path("password").asText()).isNotEmpty();
    assertThat(credentials.json().path("psql").asText()).contains("dbname=prod/orders user=alice");
    assertThat(api.store.credential(grantId)).isPresent();

    Http.Response grants = api.http.get("/v1/grants?state=active", alice);
    assertThat(grants.json().path("items").findValuesAsText("id")).containsExactly(grantId);
    assertThat(api.http.get("/readyz", null).status()).isEqualTo(200);
  }
}
