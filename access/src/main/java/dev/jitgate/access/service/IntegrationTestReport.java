package dev.jitgate.access.service;

import java.util.List;

/**
 * What {@code POST /v1/integrations/{name}/test} found when connecting with the connector credentials.
 *
 * @param integration the integration name
 * @param ok whether the connector can do everything jitgate needs
 * @param serverVersion the server's {@code server_version}, empty when the connection failed
 * @param checks every check made, in order
 */
public record IntegrationTestReport(
    String integration, boolean ok, String serverVersion, List<Check> checks) {
  public IntegrationTestReport {
    checks = List.copyOf(checks);
  }

  /**
   * One check.
   *
   * @param name what was checked, e.g. {@code connect}, {@code createrole}, {@code database:orders}
   * @param ok whether it passed
   * @param detail what was found, or the error
   */
  public record Check(String name, boolean ok, String detail) {}
}
