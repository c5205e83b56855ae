package dev.jitgate.access.probe;

import dev.jitgate.access.model.Integration;
import dev.jitgate.access.secret.SecretValue;
import dev.jitgate.access.service.IntegrationTestReport;

/** Connects to an integration's databases with the connector credentials and reports what it can do. */
@FunctionalInterface
public interface IntegrationProbe {

  /**
   * Probes {@code integration} as its connector user with {@code connectorPassword}. Never throws for
   * connection problems: they become failed checks. No report or exception contains the password.
   */
  IntegrationTestReport probe(Integration integration, SecretValue connectorPassword);
}
