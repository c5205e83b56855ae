package dev.jitgate.audit.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every JSON example in docs/audit-events.md parses as a valid v1 event, and every type has one. */
class DocExamplesTest {
  private static final Path DOC = Path.of("..", "docs", "audit-events.md");
  private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyExampleParsesAndEveryTypeHasOne() throws IOException {
    assertThat(DOC).as("docs/audit-events.md next to the module").exists();
    String doc = Files.readString(DOC);
    Matcher blocks = JSON_BLOCK.matcher(doc);
    AuditEventJson json = new AuditEventJson();
    List<String> types = new ArrayList<>();
    int count = 0;
    while (blocks.find()) {
      count++;
      ParseResult result = json.read(count, blocks.group(1));
      assertThat(result).as("example %d of %s", count, DOC).isInstanceOf(ParseResult.Ok.class);
      AuditEvent event = ((ParseResult.Ok) result).event();
      assertThat(event.extensions()).as("example %d has no unknown fields", count).isEmpty();
      types.add(event.body() instanceof AdminAction ? "admin.*" : event.type());
    }

    assertThat(types).containsExactlyInAnyOrder(
        "session.start", "session.reject", "statement", "statement.done", "copy", "session.end", "admin.*", "alert");
  }

  @Test
  void theStatementExampleShowsTextBinaryAndNullParameters() throws IOException {
    Matcher blocks = JSON_BLOCK.matcher(Files.readString(DOC));
    AuditEventJson json = new AuditEventJson();
    Statement statement = null;
    while (blocks.find()) {
      if (((ParseResult.Ok) json.read(blocks.group(1))).event().body() instanceof Statement s) {
        statement = s;
      }
    }

    assertThat(statement).isNotNull();
    assertThat(statement.parameters()).extracting(Parameter::format)
        .contains(ParameterFormat.TEXT, ParameterFormat.BINARY);
    assertThat(statement.parameters()).anyMatch(p -> p.value() == null);
    assertThat(statement.parameters().get(1).bytes()).containsExactly(0xDE, 0xAD, 0xBE, 0xEF);
  }
}
