package dev.jitgate.admin;

import dev.jitgate.access.model.Grant;
import dev.jitgate.access.service.IssuedCredential;
import java.util.Optional;

/**
 * Builds the connection details of a credential response: libpq parameters for the proxy and a psql
 * command line with the conninfo quoted for libpq and for a POSIX shell.
 */
final class ConnectionInfo {
  private ConnectionInfo() {}

  static Views.IssuedCredentialView view(IssuedCredential issued, Optional<ProxyEndpoint> proxy) {
    Grant grant = issued.grant();
    if (proxy.isEmpty()) {
      return new Views.IssuedCredentialView(grant, issued.password(), issued.issuedAt(), null, null);
    }
    ProxyEndpoint p = proxy.get();
    Views.Connection connection = new Views.Connection(
        p.host(), p.port(), grant.integration() + "/" + grant.database(), grant.principal(), p.sslMode());
    return new Views.IssuedCredentialView(grant, issued.password(), issued.issuedAt(), connection, psql(connection));
  }

  /** {@code psql "host=… port=… dbname=… user=… sslmode=…"}; the password is never part of it. */
  static String psql(Views.Connection c) {
    String conninfo = "host=" + conninfoValue(c.host())
        + " port=" + c.port()
        + " dbname=" + conninfoValue(c.database())
        + " user=" + conninfoValue(c.user())
        + " sslmode=" + conninfoValue(c.sslmode());
    return "psql \"" + shellDoubleQuoted(conninfo) + "\"";
  }

  /** A libpq conninfo value: single-quoted with backslash escapes when it has spaces, quotes or backslashes. */
  static String conninfoValue(String value) {
    boolean plain = !value.isEmpty() && value.chars().noneMatch(ch -> ch == ' ' || ch == '\'' || ch == '\\'
        || Character.isWhitespace(ch));
    if (plain) {
      return value;
    }
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** Escapes the characters that stay special inside POSIX shell double quotes. */
  static String shellDoubleQuoted(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == '"' || ch == '\\' || ch == '$' || ch == '`') {
        sb.append('\\');
      }
      sb.append(ch);
    }
    return sb.toString();
  }
}
