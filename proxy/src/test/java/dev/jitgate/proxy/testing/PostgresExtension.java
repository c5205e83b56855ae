package dev.jitgate.proxy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension providing one {@link TestPostgres} for the whole test JVM: started on first use, kept in the
 * root {@link ExtensionContext.Store} and stopped when the engine finishes. Inject it as a parameter of test,
 * lifecycle or constructor methods:
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class MyIT {
 *     @Test void works(TestPostgres pg) { ... }
 * }
 * }</pre>
 *
 * Tests share the server, so create uniquely named roles/databases rather than changing the predefined ones.
 */
public final class PostgresExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

  /** The shared server for {@code context}'s test JVM, starting it if needed. */
  public static TestPostgres postgres(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .computeIfAbsent(TestPostgres.class, key -> startServer(), TestPostgres.class);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    postgres(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == TestPostgres.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return postgres(extensionContext);
  }

  private static TestPostgres startServer() {
    try {
      return TestPostgres.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
