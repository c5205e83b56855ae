package dev.jitgate.auditor.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.EndReason;
import dev.jitgate.audit.event.SessionEnd;
import dev.jitgate.audit.event.SessionStart;
import dev.jitgate.audit.event.Statement;
import dev.jitgate.audit.event.StatementDone;
import dev.jitgate.auditor.classify.Classification;
import dev.jitgate.auditor.classify.StatementClassifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SessionAggregator#applyAll} folds like {@link SessionAggregator#apply} of each event in turn. */
class SessionAggregatorFoldTest {
  private final SessionAggregator aggregator = new SessionAggregator(new AggregationLimits(3, 2, 5, 100));
  private final StatementClassifier classifier = new StatementClassifier();

  private Classification classify(AuditEvent event) {
    return event.body() instanceof Statement s && s.sql() != null ? classifier.classify(s.sql()) : null;
  }

  @Test
  void foldingARunEqualsApplyingEachEvent() {
    SessionEvents s = new SessionEvents("s-fold");
    List<AuditEvent> events = new ArrayList<>();
    events.add(s.next(new SessionStart("10.0.0.1", 5432, "psql", null, null, "3.0", "oidc")));
    for (int i = 1; i <= 8; i++) {
      events.add(s.next(Statement.simple(i, "UPDATE t" + i + " SET v = 1 WHERE id = " + i)));
      events.add(i % 3 == 0
          ? s.next(StatementDone.failed(i, 10, "4250" + (i % 10), "permission denied"))
          : s.next(StatementDone.ok(i, "UPDATE 1", 1L, 10)));
    }
    events.add(events.get(4)); // a replay inside the run
    events.add(s.next(new SessionEnd(EndReason.CLIENT_CLOSED, 1, 2, 8, 1000)));
    List<Classification> classes = events.stream().map(this::classify).toList();

    SessionSummary stepwise = null;
    for (AuditEvent e : events) {
      stepwise = aggregator.apply(stepwise, e, classify(e));
    }
    SessionSummary halfway = aggregator.applyAll(null, events.subList(0, 7), classes.subList(0, 7));
    SessionSummary folded = aggregator.applyAll(halfway, events.subList(7, events.size()),
        classes.subList(7, classes.size()));

    assertThat(folded).isEqualTo(stepwise);
    assertThat(folded.objectsTruncated()).isTrue();
    assertThat(aggregator.applyAll(folded, List.of(), List.of())).isSameAs(folded);
    assertThat(aggregator.applyAll(folded, events.subList(0, 3), classes.subList(0, 3)))
        .as("replays only").isEqualTo(folded);
  }

  @Test
  void listsMustMatch() {
    SessionEvents s = new SessionEvents("s-fold-2");
    List<AuditEvent> events = List.of(s.next(Statement.simple(1, "SELECT 1")));

    assertThatThrownBy(() -> aggregator.applyAll(null, events, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classifications");
  }
}
