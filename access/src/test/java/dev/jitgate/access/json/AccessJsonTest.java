package dev.jitgate.access.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.jitgate.access.model.AccessFlow;
import dev.jitgate.access.model.ApprovalRule;
import dev.jitgate.access.model.Connector;
import dev.jitgate.access.model.ConnectorAuthType;
import dev.jitgate.access.model.DatabaseLocation;
import dev.jitgate.access.model.Integration;
import dev.jitgate.access.model.IntegrationType;
import dev.jitgate.access.model.InvalidFieldException;
import dev.jitgate.access.model.Permission;
import dev.jitgate.access.model.PrincipalRef;
import dev.jitgate.access.model.ResourceSelector;
import dev.jitgate.access.model.SecretRef;
import dev.jitgate.access.model.SslMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessJsonTest {
  private final ObjectMapper strict = AccessJson.strict();
  private final ObjectMapper lenient = AccessJson.lenient();

  private static Integration integration() {
    return new Integration("prod", IntegrationType.POSTGRESQL, new DatabaseLocation.HostPort("db.internal", 5432),
        List.of("orders", "billing"),
        new Connector("jitgate_connector", ConnectorAuthType.PASSWORD, new SecretRef("env:PG_CONNECTOR")),
        SslMode.VERIFY_FULL, "/etc/ssl/rds.pem", true, 30, "Ask #dba", List.of(PrincipalRef.group("dba")),
        "owner", List.of(Permission.READ, Permission.WRITE), Instant.parse("2026-11-29T12:00:00Z"),
        Instant.parse("2026-11-29T12:00:00Z"), 7);
  }

  private static AccessFlow flow() {
    return new AccessFlow("engineers-read", "read access for engineers", List.of(PrincipalRef.group("eng")),
        List.of(new ResourceSelector.ByPath("prod", "*"), new ResourceSelector.ByTag("env", "staging")),
        List.of(Permission.READ), Duration.ofHours(4), true,
        new ApprovalRule.Manual(true, List.of(PrincipalRef.user("carol")), 2), Duration.ofHours(12), 3);
  }

  @Test
  void integrationRoundTripsWithWireNames() throws Exception {
    String json = strict.writeValueAsString(integration());
    JsonNode tree = strict.readTree(json);
    assertThat(tree.get("type").asText()).isEqualTo("postgresql");
    assertThat(tree.get("sslMode").asText()).isEqualTo("verify-full");
    assertThat(tree.at("/location/kind").asText()).isEqualTo("host");
    assertThat(tree.at("/connector/auth").asText()).isEqualTo("password");
    assertThat(tree.at("/connector/secret").asText()).isEqualTo("env:PG_CONNECTOR");
    assertThat(tree.at("/owners/0").asText()).isEqualTo("group:dba");
    assertThat(tree.get("createdAt").asText()).isEqualTo("2026-11-29T12:00:00Z");
    assertThat(strict.readValue(json, Integration.class)).isEqualTo(integration());
  }

  @Test
  void flowRoundTripsWithSealedSelectorsAndCompactDurations() throws Exception {
    String json = strict.writeValueAsString(flow());
    JsonNode tree = strict.readTree(json);
    assertThat(tree.get("maxDuration").asText()).isEqualTo("4h");
    assertThat(tree.at("/resources/1/kind").asText()).isEqualTo("tag");
    assertThat(tree.at("/approval/kind").asText()).isEqualTo("manual");
    assertThat(strict.readValue(json, AccessFlow.class)).isEqualTo(flow());
  }

  @Test
  void strictRejectsUnknownFieldsLenientIgnoresThem() throws Exception {
    JsonNode tree = strict.valueToTree(flow());
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("colour", "blue");
    String json = tree.toString();
    assertThatThrownBy(() -> strict.readValue(json, AccessFlow.class))
        .isInstanceOfSatisfying(UnrecognizedPropertyException.class,
            e -> assertThat(e.getPropertyName()).isEqualTo("colour"));
    assertThat(lenient.readValue(json, AccessFlow.class)).isEqualTo(flow());
  }

  @Test
  void invalidValuesSurfaceTheFieldName() throws Exception {
    String json = strict.writeValueAsString(flow()).replace("\"4h\"", "\"2x\"");
    assertThatThrownBy(() -> strict.readValue(json, AccessFlow.class))
        .hasRootCauseInstanceOf(InvalidFieldException.class)
        .rootCause()
        .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("maxDuration"));

    String badMode = strict.writeValueAsString(integration()).replace("verify-full", "verify_full");
    assertThatThrownBy(() -> strict.readValue(badMode, Integration.class))
        .rootCause()
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("sslMode"));

    String numericDuration = strict.writeValueAsString(flow()).replace("\"4h\"", "14400");
    assertThatThrownBy(() -> strict.readValue(numericDuration, AccessFlow.class))
        .rootCause()
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("maxDuration"));
  }

  @Test
  void modelInvariantsHoldOnDeserialization() {
    String noDatabases = "{\"name\":\"prod\",\"location\":{\"kind\":\"host\",\"host\":\"h\",\"port\":5432},"
        + "\"databases\":[],\"connector\":{\"user\":\"u\",\"auth\":\"iam\"}}";
    assertThatThrownBy(() -> strict.readValue(noDatabases, Integration.class))
        .rootCause()
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("databases"));
    String badPort = noDatabases.replace("[]", "[\"orders\"]").replace("5432", "70000");
    assertThatThrownBy(() -> strict.readValue(badPort, Integration.class))
        .rootCause()
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("location.port"));
  }
}
