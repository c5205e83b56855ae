package dev.jitgate.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class StartupParameterPolicyTest {

  @Test
  void defaultForwardsDriverSettingsCaseInsensitively() {
    StartupParameterPolicy p = StartupParameterPolicy.DEFAULT;
    assertThat(p.forwards("application_name")).isTrue();
    assertThat(p.forwards("DateStyle")).isTrue();
    assertThat(p.forwards("TimeZone")).isTrue();
    assertThat(p.forwards("extra_float_digits")).isTrue();
  }

  @Test
  void identityReplicationOptionsAndProtocolOptionsNeverCross() {
    StartupParameterPolicy p = new StartupParameterPolicy(Set.of("user", "database", "replication", "options", "_pq_.x"));
    assertThat(p.forwards("user")).isFalse();
    assertThat(p.forwards("DATABASE")).isFalse();
    assertThat(p.forwards("replication")).isFalse();
    assertThat(p.forwards("_pq_.x")).isFalse();
    assertThat(p.forwards("options")).as("explicitly allowed").isTrue();
    assertThat(StartupParameterPolicy.DEFAULT.forwards("options")).as("not by default").isFalse();
    assertThat(StartupParameterPolicy.DEFAULT.forwards("session_authorization")).isFalse();
  }
}
