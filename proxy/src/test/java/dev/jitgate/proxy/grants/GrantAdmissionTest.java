package dev.jitgate.proxy.grants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.access.model.Decision;
import dev.jitgate.access.model.EndReason;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.GrantCredential;
import dev.jitgate.access.model.GrantState;
import dev.jitgate.access.model.Permission;
import dev.jitgate.pg.SqlState;
import dev.jitgate.pg.scram.ScramVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GrantAdmissionTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:30:00.250Z");
  private static final Instant HOUR_AGO = NOW.minus(Duration.ofHours(1));
  private static final SqlState NO_AUTH = SqlState.INVALID_AUTHORIZATION_SPECIFICATION;
  private static final SqlState BAD_DB = SqlState.INVALID_CATALOG_NAME;

  /** Builds a snapshot of hand-made grants and credentials. */
  private static final class World {
    private final GrantSnapshot.Builder builder = GrantSnapshot.builder(7);

    World with(Grant... grants) {
      for (Grant g : grants) {
        builder.putGrant(g);
      }
      return this;
    }

    World credential(Grant g, Instant issuedAt) {
      assertThat(builder.putCredential(new GrantCredential(g.id(), g.principal(), verifierText(g.id()),
          issuedAt, 3))).isTrue();
      return this;
    }

    GrantSnapshot snapshot() {
      return builder.build();
    }
  }

  private static String verifierText(String grantId) {
    return ScramVerifier.fromPassword(password(grantId),
        grantId.getBytes(StandardCharsets.UTF_8), 1).format();
  }

  private static String password(String grantId) {
    return "pw-of-" + grantId;
  }

  private static Grant active(String id, String who, String integration, String database, Instant start,
      Duration length) {
    return new Grant(id, who, integration, database, Permission.READ, "r-" + id, start, start.plus(length),
        GrantState.ACTIVE, null, "", null, "", 3);
  }

  private static Grant active(String id, String who, String database) {
    return active(id, who, "prod", database, HOUR_AGO, Duration.ofHours(2));
  }

  private static Grant ended(Grant g, GrantState state, Instant at, String by, EndReason reason, String next) {
    return g.ended(state, at, by, reason, next);
  }

  private static AdmissionDecision.Rejected rejected(AdmissionDecision d) {
    assertThat(d).isInstanceOf(AdmissionDecision.Rejected.class);
    return (AdmissionDecision.Rejected) d;
  }

  /** Runs both steps the way the proxy does, with the password of the grant whose verifier was chosen. */
  private static AdmissionDecision login(GrantSnapshot s, String who, String database) {
    AuthenticationTarget auth = GrantAdmission.verifierFor(s, who, database).orElseThrow();
    assertThat(auth.verifier().matchesPassword(password(auth.grantId()))).isTrue();
    return GrantAdmission.admit(s, who, database, auth.grantId(), NOW);
  }

  @Test
  void anActiveGrantOnTheTargetAdmitsWithItsOwnCredential() {
    Grant orders = active("g-orders", "alice", "orders");
    GrantSnapshot s = new World().with(orders).credential(orders, HOUR_AGO).snapshot();

    AdmissionDecision d = login(s, "alice", "prod/orders");

    assertThat(d).isInstanceOfSatisfying(AdmissionDecision.Admitted.class, a -> {
      assertThat(a.grant()).isEqualTo(orders);
      assertThat(a.credential().grantId()).isEqualTo("g-orders");
      assertThat(a.target()).isEqualTo(new LoginTarget("prod", "orders"));
    });
    assertThat(login(s, "alice", "orders")).as("plain name, unambiguous")
        .isInstanceOf(AdmissionDecision.Admitted.class);
  }

  @Test
  void withoutAnyCredentialTheProxyRunsAMockExchange() {
    Grant noCredential = active("g1", "alice", "orders");
    GrantSnapshot s = new World().with(noCredential).snapshot();
    assertThat(GrantAdmission.verifierFor(GrantSnapshot.empty(), "alice", "prod/orders")).isEmpty();
    assertThat(GrantAdmission.verifierFor(s, "mallory", "prod/orders")).as("unknown user").isEmpty();
    assertThat(GrantAdmission.verifierFor(s, "alice", "prod/orders")).as("grant without credential").isEmpty();
    assertThat(GrantAdmission.verifierFor(s, "ali\nce", "prod/orders")).as("invalid name").isEmpty();
    assertThat(GrantAdmission.verifierFor(s, "", "prod/orders")).isEmpty();
    assertThat(GrantAdmission.verifierFor(s, null, "prod/orders")).isEmpty();
  }

  @Test
  void theVerifierIsTheTargetsCredentialElseTheMostRecentlyIssuedOne() {
    Grant orders = active("g-orders", "alice", "orders");
    Grant billing = active("g-billing", "alice", "billing");
    Grant oldOrders = ended(active("g-old", "alice", "prod", "orders", HOUR_AGO.minusSeconds(600),
        Duration.ofMinutes(5)), GrantState.ENDED, HOUR_AGO, Decision.SYSTEM, EndReason.EXPIRED, "");
    GrantSnapshot s = new World().with(orders, billing, oldOrders)
        .credential(orders, HOUR_AGO.plusSeconds(1))
        .credential(billing, HOUR_AGO.plusSeconds(2))
        .credential(oldOrders, HOUR_AGO.plusSeconds(3))
        .snapshot();

    assertThat(GrantAdmission.verifierFor(s, "alice", "prod/orders")).map(AuthenticationTarget::grantId)
        .as("the active grant's, though an ended one's is newer").hasValue("g-orders");
    assertThat(GrantAdmission.verifierFor(s, "alice", "billing")).map(AuthenticationTarget::grantId).hasValue("g-billing");
    for (String elsewhere : new String[] {"prod/nothing", "staging/orders", "a/b/c", "", "nothing"}) {
      assertThat(GrantAdmission.verifierFor(s, "alice", elsewhere)).as(elsewhere).map(AuthenticationTarget::grantId)
          .hasValue("g-old");
    }
  }

  @Test
  void thePasswordOfAnotherTargetsGrantPointsToTheRightCredential() {
    Grant billing = active("g-billing", "alice", "billing");
    Grant orders = active("g-orders", "alice", "orders");
    GrantSnapshot s = new World().with(billing, orders).credential(billing, HOUR_AGO).snapshot();

    AdmissionDecision.Rejected r = rejected(login(s, "alice", "prod/orders"));

    assertThat(r.sqlState()).isEqualTo(NO_AUTH);
    assertThat(r.text()).isEqualTo("the password you used belongs to access grant g-billing for prod/billing,"
        + " not prod/orders; use the credential of access grant g-orders for prod/orders"
        + " (jitgate credentials g-orders)");
  }

  @Test
  void noGrantOnTheTargetSaysHowToRequestOne() {
    Grant billing = active("g-billing", "alice", "billing");
    GrantSnapshot s = new World().with(billing).credential(billing, HOUR_AGO).snapshot();

    AdmissionDecision.Rejected r = rejected(login(s, "alice", "prod/orders"));

    assertThat(r.sqlState()).isEqualTo(NO_AUTH);
    assertThat(r.text()).isEqualTo("no active access grant for user \"alice\" on prod/orders; request one with:"
        + " jitgate request prod/orders --permission read --for 1h --reason \"…\"");
    assertThat(r.message()).as("what is wrong").isEqualTo("no active access grant for user \"alice\" on prod/orders");
    assertThat(r.hint()).as("the fix, for the HINT field").isEqualTo(
        "request one with: jitgate request prod/orders --permission read --for 1h --reason \"…\"");
    assertThat(rejected(login(s, "alice", "other/orders")).sqlState())
        .as("an unknown integration is not revealed as such").isEqualTo(NO_AUTH);
  }

  @Test
  void anEndedGrantSaysWhenAndHowToRequestAgain() {
    Grant g = ended(active("g1", "alice", "prod", "orders", HOUR_AGO.minusSeconds(7200), Duration.ofMinutes(90)),
        GrantState.ENDED, HOUR_AGO.minusSeconds(1800), Decision.SYSTEM, EndReason.EXPIRED, "");
    GrantSnapshot s = new World().with(g).credential(g, HOUR_AGO.minusSeconds(7000)).snapshot();

    AdmissionDecision.Rejected r = rejected(login(s, "alice", "prod/orders"));

    assertThat(r.sqlState()).isEqualTo(NO_AUTH);
    assertThat(r.text()).isEqualTo("access grant g1 for prod/orders ended at 2026-11-29T11:00:00Z;"
        + " request again with: jitgate request prod/orders --permission read --for 1h30m --reason \"…\"");
    assertThat(rejected(login(s, "alice", "orders")).text()).as("a plain name finds the ended grant")
        .startsWith("access grant g1 for prod/orders ended at");
  }

  @Test
  void anActiveGrantPastItsEndIsRefusedBeforeTheSweepEndsIt() {
    Grant g = active("g1", "alice", "prod", "orders", HOUR_AGO, Duration.ofMinutes(60));
    GrantSnapshot s = new World().with(g).credential(g, HOUR_AGO).snapshot();
    assertThat(GrantAdmission.admit(s, "alice", "prod/orders", "g1", NOW.minusSeconds(1)))
        .isInstanceOf(AdmissionDecision.Admitted.class);

    AdmissionDecision.Rejected r = rejected(login(s, "alice", "prod/orders"));

    assertThat(r.text()).isEqualTo("access grant g1 for prod/orders ended at 2026-11-29T12:30:00Z;"
        + " request again with: jitgate request prod/orders --permission read --for 1h --reason \"…\"");
  }

  @Test
  void aRevokedGrantSaysWhoRevokedIt() {
    Grant g = ended(active("g1", "alice", "orders"), GrantState.REVOKED, NOW.minusSeconds(60), "olga",
        EndReason.REVOKED, "");
    GrantSnapshot s = new World().with(g).credential(g, HOUR_AGO).snapshot();

    assertThat(rejected(login(s, "alice", "prod/orders")).text()).isEqualTo("access grant g1 for prod/orders"
        + " was revoked at 2026-11-29T12:29:00Z by \"olga\"; request again with:"
        + " jitgate request prod/orders --permission read --for 2h --reason \"…\"");
  }

  @Test
  void aSupersededGrantPointsToItsSuccessor() {
    Grant successor = active("g2", "alice", "prod", "orders", NOW.minusSeconds(60), Duration.ofHours(1));
    Grant old = ended(active("g1", "alice", "orders"), GrantState.ENDED, NOW.minusSeconds(60),
        Decision.SYSTEM, EndReason.SUPERSEDED, "g2");
    GrantSnapshot s = new World().with(old, successor).credential(old, HOUR_AGO).snapshot();

    AdmissionDecision.Rejected r = rejected(login(s, "alice", "prod/orders"));

    assertThat(r.sqlState()).isEqualTo(NO_AUTH);
    assertThat(r.text()).isEqualTo("access grant g1 for prod/orders was superseded by access grant g2 at"
        + " 2026-11-29T12:29:00Z; use the credential of access grant g2 for prod/orders (jitgate credentials g2)");
  }

  @Test
  void aGrantThatHasNotStartedSaysWhen() {
    Grant g = active("g1", "alice", "prod", "orders", NOW.plusSeconds(600), Duration.ofHours(1));
    GrantSnapshot s = new World().with(g).credential(g, HOUR_AGO).snapshot();

    AdmissionDecision.Rejected r = rejected(login(s, "alice", "prod/orders"));

    assertThat(r.sqlState()).isEqualTo(NO_AUTH);
    assertThat(r.text()).isEqualTo("access grant g1 for prod/orders starts at 2026-11-29T12:40:00Z;"
        + " connect again then");
    assertThat(GrantAdmission.admit(s, "alice", "prod/orders", "g1", NOW.plusSeconds(600)))
        .isInstanceOf(AdmissionDecision.Admitted.class);
  }

  @Test
  void anAmbiguousPlainNameListsTheChoicesAfterAuthentication() {
    Grant prod = active("g-prod", "alice", "prod", "orders", HOUR_AGO, Duration.ofHours(2));
    Grant staging = active("g-staging", "alice", "staging", "orders", HOUR_AGO, Duration.ofHours(2));
    GrantSnapshot s = new World().with(prod, staging).credential(prod, HOUR_AGO).credential(staging, NOW)
        .snapshot();

    assertThat(GrantAdmission.verifierFor(s, "alice", "orders")).map(AuthenticationTarget::grantId)
        .as("authenticates against the latest credential").hasValue("g-staging");
    AdmissionDecision.Rejected r = rejected(login(s, "alice", "orders"));

    assertThat(r.sqlState()).isEqualTo(BAD_DB);
    assertThat(r.text()).isEqualTo("database name \"orders\" is ambiguous for user \"alice\": it could be"
        + " prod/orders or staging/orders; connect with dbname=<integration>/<database>, e.g. dbname=prod/orders");
    assertThat(login(s, "alice", "staging/orders")).isInstanceOf(AdmissionDecision.Admitted.class);
  }

  @Test
  void aPlainNameWithoutAGrantSaysHowToRequestOne() {
    Grant prod = active("g-prod", "alice", "orders");
    GrantSnapshot s = new World().with(prod).credential(prod, HOUR_AGO).snapshot();

    AdmissionDecision.Rejected r = rejected(login(s, "alice", "inventory"));

    assertThat(r.sqlState()).isEqualTo(NO_AUTH);
    assertThat(r.text()).isEqualTo("no active access grant for user \"alice\" on a database named"
        + " \"inventory\"; request one with: jitgate request <integration>/inventory --permission read --for 1h"
        + " --reason \"…\"; your active grants: prod/orders");
  }

  @Test
  void aMalformedDatabaseParameterIsAnInvalidCatalogName() {
    Grant prod = active("g-prod", "alice", "orders");
    GrantSnapshot s = new World().with(prod).credential(prod, HOUR_AGO).snapshot();

    assertThat(rejected(login(s, "alice", "prod/"))).satisfies(r -> {
      assertThat(r.sqlState()).isEqualTo(BAD_DB);
      assertThat(r.text()).isEqualTo("invalid database \"prod/\": database: is required;"
          + " connect with dbname=<integration>/<database>, e.g. dbname=prod/orders");
    });
    assertThat(rejected(login(s, "alice", "Prod/orders")).text()).contains("integration: must match");
    assertThat(rejected(login(s, "alice", "prod/orders/x")).text()).contains("database: must not contain '/'");
    assertThat(rejected(login(s, "alice", "")).text()).startsWith("invalid database \"\": no database was given");
    AdmissionDecision.Rejected control = rejected(login(s, "alice", "prod/or\nders\u202E"));
    assertThat(control.sqlState()).isEqualTo(BAD_DB);
    assertThat(control.text()).startsWith("invalid database \"prod/or\\u000Aders\\u202E\": database: must not"
        + " contain control characters").doesNotContain("\n");
  }

  @Test
  void namesWithQuotesAndUnicodeAreQuotedSafely() {
    String quoted = "o'brien \"the dba\" \\ ünï";
    String japanese = "日本語ユーザー";
    Grant a = active("g-a", quoted, "orders");
    Grant b = active("g-b", japanese, "orders");
    GrantSnapshot s = new World().with(a, b).credential(a, HOUR_AGO).credential(b, HOUR_AGO).snapshot();

    assertThat(login(s, quoted, "prod/orders")).isInstanceOf(AdmissionDecision.Admitted.class);
    assertThat(rejected(login(s, quoted, "prod/billing")).text())
        .startsWith("no active access grant for user \"o'brien \\\"the dba\\\" \\\\ ünï\" on prod/billing;");
    assertThat(rejected(login(s, japanese, "inventory")).text())
        .startsWith("no active access grant for user \"日本語ユーザー\" on a database named \"inventory\"");
    assertThat(GrantAdmission.verifierFor(s, quoted, "prod/orders")).map(AuthenticationTarget::grantId).hasValue("g-a");
    assertThat(GrantAdmission.verifierFor(s, "o'brien", "prod/orders")).as("no prefix matching").isEmpty();
  }

  @Test
  void databaseNamesWithSpacesAndQuotesAreQuotedInProseAndInCommands() {
    Grant odd = active("g-odd", "alice", "prod", "it's \"my\" db", HOUR_AGO, Duration.ofHours(2));
    GrantSnapshot s = new World().with(odd).credential(odd, HOUR_AGO).snapshot();

    assertThat(login(s, "alice", "prod/it's \"my\" db")).isInstanceOf(AdmissionDecision.Admitted.class);
    AdmissionDecision.Rejected r = rejected(login(s, "alice", "prod/my orders"));
    assertThat(r.message()).isEqualTo("no active access grant for user \"alice\" on \"prod/my orders\"");
    assertThat(r.hint()).isEqualTo("request one with: jitgate request 'prod/my orders' --permission read --for 1h"
        + " --reason \"…\"");
    assertThat(GrantMessages.grantLabel(odd)).isEqualTo("access grant g-odd for \"prod/it's \\\"my\\\" db\"");
  }

  @Test
  void aCredentialThatVanishedBetweenTheStepsIsRefused() {
    Grant g = active("g1", "alice", "orders");
    Grant bobs = active("g-bob", "bob", "orders");
    GrantSnapshot before = new World().with(g, bobs).credential(g, HOUR_AGO).credential(bobs, HOUR_AGO).snapshot();
    GrantSnapshot after = new World().with(g, bobs).credential(bobs, HOUR_AGO).snapshot();

    AdmissionDecision.Rejected r = rejected(GrantAdmission.admit(after, "alice", "prod/orders", "g1", NOW));
    assertThat(r.sqlState()).isEqualTo(NO_AUTH);
    assertThat(r.text()).isEqualTo("the credential you used is no longer valid; use the credential of access"
        + " grant g1 for prod/orders (jitgate credentials g1)");
    assertThat(GrantAdmission.admit(before, "alice", "prod/orders", "g-bob", NOW))
        .as("another user's grant never admits").isInstanceOf(AdmissionDecision.Rejected.class);
    assertThat(GrantAdmission.admit(before, "alice", "prod/orders", null, NOW))
        .isInstanceOf(AdmissionDecision.Rejected.class);
    assertThat(GrantAdmission.admit(before, "alice\u0000", "prod/orders", "g1", NOW))
        .isInstanceOf(AdmissionDecision.Rejected.class);
  }

  @Test
  void theSnapshotsCredentialLookupsPreferTheActiveGrant() {
    Grant orders = active("g-orders", "alice", "orders");
    GrantSnapshot s = new World().with(orders).credential(orders, HOUR_AGO).snapshot();
    assertThat(s.credentialFor("alice", "prod", "orders")).map(GrantCredential::grantId).hasValue("g-orders");
    assertThat(s.credentialFor("alice", "prod", "billing")).isEmpty();
    assertThat(s.credentialFor("bob", "prod", "orders")).isEmpty();
    assertThat(s.activeGrants("alice")).containsExactly(orders);
    assertThat(s.toString()).doesNotContain("SCRAM").contains("grants=1");
    assertThat(s.verifier("g-orders")).isEqualTo(Optional.of(ScramVerifier.parse(verifierText("g-orders"))));
  }
}
