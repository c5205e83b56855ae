package dev.jitgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jitgate demo} refuses bad flags before starting anything: a busy port names its flag (exit 2), a
 * state directory that is not the demo's is left alone (exit 2).
 */
class DemoFlagsTest {

  @TempDir Path dir;

  @Test
  void busyProxyPortNamesTheFlag() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = busy.getLocalPort();
      CliRun run = CliRun.run(Map.of(), "", "demo", "--state-dir", dir.resolve("state").toString(),
          "--proxy-port", Integer.toString(port), "--api-port", "0");
      assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
      assertThat(run.err()).contains("--proxy-port " + port + ": port " + port + " on 127.0.0.1 is already in use")
          .contains("choose another port with --proxy-port");
      assertThat(run.out()).isEmpty();
    }
    assertThat(dir.resolve("state/postgres")).doesNotExist();
  }

  @Test
  void busyApiPortNamesTheFlag() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = busy.getLocalPort();
      CliRun run = CliRun.run(Map.of(), "", "demo", "--state-dir", dir.resolve("state").toString(),
          "--proxy-port", "0", "--api-port", Integer.toString(port));
      assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
      assertThat(run.err()).contains("--api-port " + port + ": port " + port).contains("already in use");
    }
  }

  @Test
  void samePortTwiceIsRefused() {
    CliRun run = CliRun.run(Map.of(), "", "demo", "--state-dir", dir.resolve("state").toString(),
        "--proxy-port", "45999", "--api-port", "45999");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
    assertThat(run.err()).contains("--proxy-port and --api-port must differ");
  }

  @Test
  void portOutOfRangeIsRefused() {
    CliRun run = CliRun.run(Map.of(), "", "demo", "--state-dir", dir.resolve("state").toString(),
        "--proxy-port", "70000");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
    assertThat(run.err()).contains("--proxy-port must be between 1 and 65535");
  }

  @Test
  void foreignStateDirectoryIsLeftAlone() throws Exception {
    Path mine = Files.createDirectories(dir.resolve("home"));
    Path precious = Files.writeString(mine.resolve("notes.txt"), "keep me");
    CliRun run = CliRun.run(Map.of(), "", "demo", "--state-dir", mine.toString(), "--proxy-port", "0",
        "--api-port", "0");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
    assertThat(run.err()).contains("--state-dir " + mine + " is not empty and was not made by jitgate demo");
    assertThat(precious).hasContent("keep me");
    assertThat(mine.resolve(".jitgate-demo")).doesNotExist();
  }
}
