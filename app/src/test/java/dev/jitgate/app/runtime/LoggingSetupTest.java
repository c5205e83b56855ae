package dev.jitgate.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import dev.jitgate.app.config.LogFormat;
import dev.jitgate.app.config.LogLevel;
import dev.jitgate.app.config.LoggingConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingSetupTest {

  private static final Logger log = LoggerFactory.getLogger(LoggingSetupTest.class);

  @AfterEach
  void restore() {
    LoggingSetup.apply(LoggingConfig.DEFAULTS);
  }

  private static String capturingStderr(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void textByDefault() {
    assertThat(LoggingSetup.currentFormat()).isEqualTo(LogFormat.TEXT);
    assertThat(((LoggerContext) LoggerFactory.getILoggerFactory()).getProperty(LoggingSetup.TEXT_PATTERN_PROPERTY))
        .as("logback.xml defines the text pattern").contains("%msg");
  }

  @Test
  void switchesToJsonAndBack() {
    LoggingSetup.apply(new LoggingConfig(LogLevel.INFO, LogFormat.JSON));
    assertThat(LoggingSetup.currentFormat()).isEqualTo(LogFormat.JSON);
    String json = capturingStderr(() -> log.info("hello {}", "json"));
    assertThat(json.strip()).startsWith("{").endsWith("}").contains("\"level\":\"INFO\"", "hello json");

    LoggingSetup.apply(new LoggingConfig(LogLevel.INFO, LogFormat.TEXT));
    assertThat(LoggingSetup.currentFormat()).isEqualTo(LogFormat.TEXT);
    String text = capturingStderr(() -> log.info("hello {}", "text"));
    assertThat(text).contains("INFO", "hello text").doesNotStartWith("{");
  }

  @Test
  void appliesTheLevel() {
    LoggingSetup.apply(new LoggingConfig(LogLevel.WARN, LogFormat.TEXT));
    assertThat(log.isInfoEnabled()).isFalse();
    assertThat(log.isWarnEnabled()).isTrue();
    LoggingSetup.apply(new LoggingConfig(LogLevel.TRACE, LogFormat.TEXT));
    assertThat(log.isTraceEnabled()).isTrue();
  }
}
