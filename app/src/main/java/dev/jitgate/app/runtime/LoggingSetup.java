package dev.jitgate.app.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import dev.jitgate.app.config.LogFormat;
import dev.jitgate.app.config.LoggingConfig;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging.level} and {@code logging.format} to Logback, whose static setup
 * ({@code logback.xml}) writes text lines to stderr. JSON uses Logback's {@link JsonEncoder}, one object
 * per line, also on stderr.
 */
public final class LoggingSetup {

  /** The appender defined in {@code logback.xml}. */
  static final String APPENDER = "STDERR";

  private LoggingSetup() {}

  /** Reconfigures the running Logback context; does nothing if another SLF4J backend is bound. */
  public static void apply(LoggingConfig config) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(level(config));
    switch (config.format()) {
      case TEXT -> { }
      case JSON -> useJson(context, root);
    }
  }

  private static Level level(LoggingConfig config) {
    return switch (config.level()) {
      case TRACE -> Level.TRACE;
      case DEBUG -> Level.DEBUG;
      case INFO -> Level.INFO;
      case WARN -> Level.WARN;
      case ERROR -> Level.ERROR;
    };
  }

  private static void useJson(LoggerContext context, Logger root) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(APPENDER);
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    var previous = root.getAppender(APPENDER);
    root.addAppender(appender);
    if (previous != null) {
      root.detachAppender(previous);
      previous.stop();
    }
  }

  /** The format in force, for tests. */
  static LogFormat currentFormat() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
        && context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(APPENDER) instanceof ConsoleAppender<?> a
        && a.getEncoder() instanceof JsonEncoder) {
      return LogFormat.JSON;
    }
    return LogFormat.TEXT;
  }
}
