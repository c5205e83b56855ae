package dev.jitgate.app.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.jitgate.app.config.LogFormat;
import dev.jitgate.app.config.LoggingConfig;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging.level} and {@code logging.format} to Logback, whose static setup
 * ({@code logback.xml}) writes text lines to stderr through the appender {@value #APPENDER}. JSON uses
 * Logback's {@link JsonEncoder}, one object per line, also on stderr.
 */
public final class LoggingSetup {

  /** The appender defined in {@code logback.xml}. */
  static final String APPENDER = "STDERR";

  /** Context property in {@code logback.xml} holding the text pattern. */
  static final String TEXT_PATTERN_PROPERTY = "JITGATE_TEXT_PATTERN";

  private static final String FALLBACK_PATTERN = "%d %-5level [%thread] %logger{30} - %msg%n";

  private LoggingSetup() {}

  /** Reconfigures the running Logback context; does nothing if another SLF4J backend is bound. */
  public static void apply(LoggingConfig config) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(level(config));
    if (format(root) != config.format()) {
      replaceAppender(context, root, switch (config.format()) {
        case TEXT -> textEncoder(context);
        case JSON -> jsonEncoder();
      });
    }
  }

  /** The format the root logger writes in now. */
  static LogFormat currentFormat() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return LogFormat.TEXT;
    }
    return format(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
  }

  private static LogFormat format(Logger root) {
    return root.getAppender(APPENDER) instanceof ConsoleAppender<?> console && console.getEncoder() instanceof JsonEncoder
        ? LogFormat.JSON
        : LogFormat.TEXT;
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

  /** One object per event with the formatted message; no raw arguments, no context properties. */
  private static Encoder<ILoggingEvent> jsonEncoder() {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    return encoder;
  }

  private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    String pattern = context.getProperty(TEXT_PATTERN_PROPERTY);
    encoder.setPattern(pattern != null ? pattern : FALLBACK_PATTERN);
    return encoder;
  }

  private static void replaceAppender(LoggerContext context, Logger root, Encoder<ILoggingEvent> encoder) {
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(APPENDER);
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    Appender<ILoggingEvent> previous = root.getAppender(APPENDER);
    root.addAppender(appender);
    if (previous != null) {
      root.detachAppender(previous);
      previous.stop();
    }
  }
}
