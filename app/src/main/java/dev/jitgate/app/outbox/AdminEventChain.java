package dev.jitgate.app.outbox;

import dev.jitgate.access.model.AdminEvent;
import dev.jitgate.audit.event.AdminAction;
import dev.jitgate.audit.event.AuditEvent;
import dev.jitgate.audit.event.AuditEventJson;
import dev.jitgate.audit.event.ChainLink;
import dev.jitgate.audit.event.Envelope;
import dev.jitgate.audit.event.UuidV7;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One hash chain of {@code admin.<action>} events: session {@code admin-<UUIDv7>} (a fresh one per drainer run),
 * seq from 1, {@code prev} the hash of the previous event. Each event gets a fresh id; the outbox event's id is
 * kept in {@code details.outbox_event_id}, so a re-sent outbox entry (after a crash between delivery and
 * acknowledgement) can be recognised although it is stored again under the new chain. The envelope's
 * {@code time} is when the action happened, its {@code principal} the actor, {@code proxy} the producer.
 */
final class AdminEventChain {

  /** The detail key holding the outbox event's own id. */
  static final String OUTBOX_ID_DETAIL = "outbox_event_id";
  /** The detail key holding an action name that had to be rewritten to fit the event schema. */
  static final String ORIGINAL_ACTION_DETAIL = "original_action";

  private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

  private final String session;
  private final String producer;
  private final UuidV7 ids;
  private final AuditEventJson json;
  private ChainLink head = ChainLink.GENESIS;

  AdminEventChain(String producer, UuidV7 ids, AuditEventJson json) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.json = Objects.requireNonNull(json, "json");
    this.session = "admin-" + ids.nextString();
  }

  String session() {
    return session;
  }

  /** The next event of the chain for {@code event}. */
  AuditEvent append(AdminEvent event) {
    Map<String, String> details = new TreeMap<>(event.details());
    details.put(OUTBOX_ID_DETAIL, event.id());
    String action = event.action();
    if (!ACTION.matcher(action).matches()) {
      details.put(ORIGINAL_ACTION_DETAIL, action);
      action = schemaAction(action);
    }
    AdminAction body = new AdminAction(action, event.actor(), event.targetKind(), event.targetId(), details);
    Envelope envelope = new Envelope(ids.nextString(), event.time(), session, head.seq() + 1, producer,
        event.actor(), null, null, null, null, head.hash());
    AuditEvent audit = new AuditEvent(envelope, body);
    head = new ChainLink(envelope.seq(), json.hash(audit));
    return audit;
  }

  /** {@code action} lower-cased with every other character made {@code _}; {@code unknown} if still invalid. */
  static String schemaAction(String action) {
    StringBuilder b = new StringBuilder();
    for (String part : action.toLowerCase(Locale.ROOT).split("\\.", -1)) {
      String clean = part.replaceAll("[^a-z0-9_]", "_");
      if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) {
        clean = "x" + clean;
      }
      b.append(b.isEmpty() ? "" : ".").append(clean);
    }
    String result = b.toString();
    return ACTION.matcher(result).matches() ? result : "unknown";
  }
}
