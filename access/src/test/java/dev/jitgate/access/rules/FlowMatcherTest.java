package dev.jitgate.access.rules;

import static dev.jitgate.access.rules.RuleFixtures.ALICE;
import static dev.jitgate.access.rules.RuleFixtures.BOB;
import static dev.jitgate.access.rules.RuleFixtures.accepted;
import static dev.jitgate.access.rules.RuleFixtures.ask;
import static dev.jitgate.access.rules.RuleFixtures.flow;
import static dev.jitgate.access.rules.RuleFixtures.manual;
import static dev.jitgate.access.rules.RuleFixtures.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.model.PrincipalRef;
import dev.jitgate.access.model.ResourceSelector;
import dev.jitgate.access.service.RejectionCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowMatcherTest {
  private static final Duration TWO_HOURS = Duration.ofHours(2);

  @Test
  void groupRequesterIsCovered() {
    AccessFlow f = flow("eng-read");
    assertThat(accepted(FlowMatcher.match(List.of(f), ask(ALICE, "orders", Permission.READ, TWO_HOURS, ""))))
        .isEqualTo(f);
  }

  @Test
  void userRequesterIsCovered() {
    AccessFlow f = flow("bob-read", List.of(PrincipalRef.user("bob")),
        List.of(new ResourceSelector.ByPath("prod", "orders")), List.of(Permission.READ),
        Duration.ofHours(1), false, new ApprovalRule.Automatic());
    assertThat(accepted(FlowMatcher.match(List.of(f), ask(BOB, "orders", Permission.READ,
        Duration.ofMinutes(30), "")))).isEqualTo(f);
  }

  @Test
  void noFlowIsForbiddenWithAHint() {
    Rejection r = rejection(FlowMatcher.match(List.of(), ask(ALICE, "orders", Permission.READ, TWO_HOURS, "")));
    assertThat(r.code()).isEqualTo(RejectionCode.FORBIDDEN);
    assertThat(r.message())
        .isEqualTo("no access flow lets you request read on prod/orders; ask an admin to add one");
  }

  @Test
  void requesterNotListedIsNotCovered() {
    Rejection r = rejection(FlowMatcher.match(List.of(flow("eng-read")),
        ask(BOB, "orders", Permission.READ, TWO_HOURS, "")));
    assertThat(r.code()).isEqualTo(RejectionCode.FORBIDDEN);
  }

  @Test
  void permissionNotInFlowIsNotCovered() {
    Rejection r = rejection(FlowMatcher.match(List.of(flow("eng-read")),
        ask(ALICE, "orders", Permission.WRITE, TWO_HOURS, "")));
    assertThat(r.code()).isEqualTo(RejectionCode.FORBIDDEN);
    assertThat(r.message()).contains("write on prod/orders");
  }

  @Test
  void permissionNotOfferedByIntegrationIsInvalid() {
    Rejection r = rejection(FlowMatcher.match(List.of(flow("eng-read")),
        ask(ALICE, "orders", Permission.ADMIN, TWO_HOURS, "")));
    assertThat(r.code()).isEqualTo(RejectionCode.INVALID);
    assertThat(r.field()).isEqualTo("permission");
    assertThat(r.message()).isEqualTo("integration prod does not offer permission admin (it offers: read, write)");
  }

  @Test
  void databaseNotServedIsInvalid() {
    Rejection r = rejection(FlowMatcher.match(List.of(flow("eng-read")),
        ask(ALICE, "billing", Permission.READ, TWO_HOURS, "")));
    assertThat(r.code()).isEqualTo(RejectionCode.INVALID);
    assertThat(r.field()).isEqualTo("database");
    assertThat(r.message()).contains("has no database billing (it has: orders, users)");
  }

  @Test
  void wildcardDatabaseSelectsEveryDatabaseOfTheIntegration() {
    AccessFlow f = flow("eng-read");
    assertThat(FlowMatcher.match(List.of(f), ask(ALICE, "orders", Permission.READ, TWO_HOURS, "")).isAccepted()).isTrue();
    assertThat(FlowMatcher.match(List.of(f), ask(ALICE, "users", Permission.READ, TWO_HOURS, "")).isAccepted()).isTrue();
  }

  @Test
  void pathSelectorOnlySelectsItsDatabase() {
    AccessFlow f = flow("orders-only", List.of(PrincipalRef.group("eng")),
        List.of(new ResourceSelector.ByPath("prod", "orders"), new ResourceSelector.ByPath("other", "*")),
        List.of(Permission.READ), Duration.ofHours(4), false, new ApprovalRule.Automatic());
    assertThat(FlowMatcher.match(List.of(f), ask(ALICE, "orders", Permission.READ, TWO_HOURS, "")).isAccepted()).isTrue();
    assertThat(rejection(FlowMatcher.match(List.of(f), ask(ALICE, "users", Permission.READ, TWO_HOURS, ""))).code())
        .isEqualTo(RejectionCode.FORBIDDEN);
  }

  @Test
  void tagSelectorSelectsTaggedDatabasesOnly() {
    AccessFlow f = flow("pii", List.of(PrincipalRef.group("eng")),
        List.of(new ResourceSelector.ByTag("data", "pii")), List.of(Permission.READ),
        Duration.ofHours(4), false, new ApprovalRule.Automatic());
    assertThat(FlowMatcher.match(List.of(f),
        ask(ALICE, "users", Map.of("data", "pii"), Permission.READ, TWO_HOURS, "")).isAccepted()).isTrue();
    assertThat(FlowMatcher.match(List.of(f),
        ask(ALICE, "users", Map.of("data", "public"), Permission.READ, TWO_HOURS, "")).isAccepted()).isFalse();
    assertThat(FlowMatcher.match(List.of(f),
        ask(ALICE, "users", Map.of(), Permission.READ, TWO_HOURS, "")).isAccepted()).isFalse();
  }

  @Test
  void candidatesAreTriedInNameOrder() {
    AccessFlow b = flow("b-flow");
    AccessFlow a = flow("a-flow");
    assertThat(accepted(FlowMatcher.match(List.of(b, a), ask(ALICE, "orders", Permission.READ, TWO_HOURS, ""))))
        .isEqualTo(a);
  }

  @Test
  void durationExactlyAtTheMaximumIsAccepted() {
    assertThat(FlowMatcher.match(List.of(flow("eng-read")),
        ask(ALICE, "orders", Permission.READ, Duration.ofHours(4), "")).isAccepted()).isTrue();
  }

  @Test
  void durationOverTheMaximumIsInvalid() {
    Rejection r = rejection(FlowMatcher.match(List.of(flow("eng-read")),
        ask(ALICE, "orders", Permission.READ, Duration.ofHours(5), "")));
    assertThat(r.code()).isEqualTo(RejectionCode.INVALID);
    assertThat(r.field()).isEqualTo("duration");
    assertThat(r.message()).isEqualTo("must be at most 4h under flow eng-read");
  }

  @Test
  void durationOverEveryMaximumNamesTheLongestFlow() {
    AccessFlow shortFlow = flow("a-short", List.of(PrincipalRef.group("eng")),
        List.of(new ResourceSelector.ByPath("prod", "*")), List.of(Permission.READ),
        Duration.ofHours(1), false, new ApprovalRule.Automatic());
    Rejection r = rejection(FlowMatcher.match(List.of(shortFlow, flow("b-long")),
        ask(ALICE, "orders", Permission.READ, Duration.ofHours(8), "")));
    assertThat(r.message()).isEqualTo("must be at most 4h under flow b-long");
  }

  @Test
  void aLaterFlowWinsWhenTheFirstIsTooShort() {
    AccessFlow shortFlow = flow("a-short", List.of(PrincipalRef.group("eng")),
        List.of(new ResourceSelector.ByPath("prod", "*")), List.of(Permission.READ),
        Duration.ofHours(1), false, new ApprovalRule.Automatic());
    AccessFlow longFlow = flow("b-long");
    assertThat(accepted(FlowMatcher.match(List.of(shortFlow, longFlow),
        ask(ALICE, "orders", Permission.READ, TWO_HOURS, "")))).isEqualTo(longFlow);
  }

  @Test
  void justificationRequiredWithoutReasonIsInvalid() {
    AccessFlow f = flow("strict", List.of(PrincipalRef.group("eng")),
        List.of(new ResourceSelector.ByPath("prod", "*")), List.of(Permission.READ),
        Duration.ofHours(4), true, manual(1, PrincipalRef.user("bob")));
    Rejection blank = rejection(FlowMatcher.match(List.of(f), ask(ALICE, "orders", Permission.READ, TWO_HOURS, "  ")));
    assertThat(blank.code()).isEqualTo(RejectionCode.INVALID);
    assertThat(blank.field()).isEqualTo("reason");
    assertThat(blank.message()).isEqualTo("flow strict requires a reason");
    assertThat(FlowMatcher.match(List.of(f), ask(ALICE, "orders", Permission.READ, TWO_HOURS, "INC-42")).isAccepted())
        .isTrue();
  }

  @Test
  void aFlowWithoutJustificationWinsOverOneThatRequiresIt() {
    AccessFlow strict = flow("a-strict", List.of(PrincipalRef.group("eng")),
        List.of(new ResourceSelector.ByPath("prod", "*")), List.of(Permission.READ),
        Duration.ofHours(4), true, manual(1, PrincipalRef.user("bob")));
    AccessFlow relaxed = flow("b-relaxed");
    assertThat(accepted(FlowMatcher.match(List.of(strict, relaxed),
        ask(ALICE, "orders", Permission.READ, TWO_HOURS, "")))).isEqualTo(relaxed);
  }
}
