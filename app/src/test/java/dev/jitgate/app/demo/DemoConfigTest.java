package dev.jitgate.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.app.config.AuditorRoleConfig;
import dev.jitgate.app.config.ConfigLoader;
import dev.jitgate.app.config.JitgateConfig;
import dev.jitgate.app.config.LoadedConfig;
import dev.jitgate.auditor.http.AuditorSettings;
import dev.jitgate.proxy.audit.AuditSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration {@code jitgate demo} writes: valid, and with audit on end to end. */
class DemoConfigTest {

  @TempDir Path dir;

  @Test
  void theDemoAuditsEveryStatementIntoItsAuditor() throws Exception {
    DemoLayout layout = new DemoLayout(dir);
    String token = "demo-ingest-token";
    Files.writeString(layout.ingestToken(), token);
    Files.writeString(layout.config(), DemoConfig.yaml(6432, 8080, "info", 7070, AuditorSettings.sha256Hex(token)));

    LoadedConfig loaded = new ConfigLoader(Map.of(), () -> "demo").load(layout.config());
    JitgateConfig config = loaded.config();

    AuditSettings audit = config.proxy().orElseThrow().audit().orElseThrow();
    assertThat(audit.spool().directory()).isEqualTo(layout.auditSpool());
    assertThat(audit.shipper()).isNotNull();
    assertThat(audit.shipper().endpoint()).isEqualTo(URI.create("http://127.0.0.1:7070/v1/events"));
    assertThat(audit.shipper().token().value()).isEqualTo(token);

    AuditorRoleConfig auditor = config.auditor().orElseThrow();
    assertThat(auditor.port()).isEqualTo(7070);
    assertThat(auditor.storePath()).isEqualTo(layout.auditStore());
    assertThat(auditor.ingestTokenHashes()).containsExactly(AuditorSettings.sha256Hex(token));

    assertThat(config.admin().orElseThrow().audit().store()).contains(layout.auditStore());
    assertThat(Files.readString(layout.config())).doesNotContain(token);
    assertThat(layout.runFiles()).contains(layout.auditStore(), layout.ingestToken());
  }
}
