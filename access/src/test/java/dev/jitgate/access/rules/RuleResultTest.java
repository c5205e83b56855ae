package dev.jitgate.access.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.access.service.RejectionCode;
import org.junit.jupiter.api.Test;

class RuleResultTest {

  @Test
  void mapAndFlatMapApplyOnlyToAcceptances() {
    RuleResult<Integer> ok = RuleResult.accept(2);
    assertThat(ok.map(i -> i * 3)).isEqualTo(RuleResult.accept(6));
    assertThat(ok.flatMap(i -> RuleResult.<String>reject(Rejection.conflict("no"))).isAccepted()).isFalse();
    RuleResult<Integer> refused = RuleResult.reject(Rejection.invalid("duration", "too long"));
    assertThat(refused.map(i -> i * 3)).isEqualTo(RuleResult.reject(Rejection.invalid("duration", "too long")));
  }

  @Test
  void orElseThrowTurnsTheRejectionIntoAnException() {
    RuleResult<Integer> refused = RuleResult.reject(Rejection.forbidden("not yours"));
    assertThatThrownBy(() -> refused.orElseThrow(r -> new IllegalStateException(r.code() + ": " + r.message())))
        .hasMessage("FORBIDDEN: not yours");
    assertThat(RuleResult.accept("x").orElseThrow(r -> new IllegalStateException())).isEqualTo("x");
    assertThat(Rejection.notFound("gone").code()).isEqualTo(RejectionCode.NOT_FOUND);
  }
}
