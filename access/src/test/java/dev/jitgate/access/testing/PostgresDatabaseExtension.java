package dev.jitgate.access.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects one {@link EmbeddedPostgresDatabase} shared by every test class of the JVM (started on first
 * use, stopped when the JVM's test run ends). Use with {@code @ExtendWith} and a parameter of type
 * {@link EmbeddedPostgresDatabase} in {@code @BeforeAll} or a test method.
 */
public final class PostgresDatabaseExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PostgresDatabaseExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedPostgresDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .computeIfAbsent("server", key -> new Holder(), Holder.class).database;
  }

  private static final class Holder implements AutoCloseable {
    private final EmbeddedPostgresDatabase database;

    Holder() {
      try {
        database = EmbeddedPostgresDatabase.start();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
    }

    @Override
    public void close() throws IOException {
      database.close();
    }
  }
}
