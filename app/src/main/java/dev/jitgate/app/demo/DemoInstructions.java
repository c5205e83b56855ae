package dev.jitgate.app.demo;

import dev.jitgate.app.cli.Psql;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code jitgate demo} prints once everything runs: what to type, with the tokens and the grant. */
public final class DemoInstructions {

  private DemoInstructions() {}

  /** {@code psql "host=… port=… dbname=demo/shop user=alice sslmode=verify-full sslrootcert=… password=…"}. */
  public static String psqlLine(DemoSummary demo) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("host", DemoUpstream.HOST);
    params.put("port", Integer.toString(demo.proxyPort()));
    params.put("dbname", demo.database());
    params.put("user", DemoSeed.ENGINEER);
    params.put("sslmode", "verify-full");
    params.put("sslrootcert", demo.caCertificate().toString());
    params.put("password", demo.access().password());
    return Psql.command(params);
  }

  /** {@code ./jitgate revoke <grant> --api <url> --token <bob's token>}. */
  public static String revokeLine(DemoSummary demo) {
    return "./jitgate revoke " + demo.access().grant().id() + " --api " + demo.apiUrl() + " --token "
        + demo.access().approverToken();
  }

  /** {@code ./jitgate audit sessions --api <url> --token <admin's token>}. */
  public static String auditSessionsLine(DemoSummary demo) {
    return "./jitgate audit sessions --api " + demo.apiUrl() + " --token " + demo.access().adminToken();
  }

  /** {@code ./jitgate audit show <session> --api <url> --token <admin's token>}. */
  public static String auditShowLine(DemoSummary demo) {
    return "./jitgate audit show <session> --api " + demo.apiUrl() + " --token " + demo.access().adminToken();
  }

  /** The whole text. */
  public static String text(DemoSummary demo) {
    String ends = DateTimeFormatter.ISO_LOCAL_TIME.format(
        demo.access().grant().endsAt().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    String env = DemoEnvFile.shellQuote(demo.envFile().toString());
    return """

        jitgate demo is running. Ctrl+C stops it and deletes the demo database.

          upstream PostgreSQL  %1$s:%2$d  (throwaway; database shop, tables customers, products, orders)
          jitgate proxy        %1$s:%3$d  (TLS; logins checked against access grants)
          admin API            %4$s
          auditor              %13$s  (every statement through the proxy is audited)

        alice holds an approved one-hour read grant on demo/shop (grant %5$s, ends %6$s UTC).
        Connect through jitgate as alice:

          %7$s

        and try: SELECT count(*) FROM customers;  (reads work; alice's grant is read-only, so writes fail)

        Every statement is recorded with its parameters and result. Look at the audit (admin's token):

          %14$s
          %15$s

        End the session: bob (the approver) revokes the grant; psql is disconnected within 2 s:

          %8$s

        API tokens (for --token, or JITGATE_TOKEN with JITGATE_API=%4$s):
          admin  %9$s
          alice  %10$s
          bob    %11$s

        Or source the environment (psql, the jitgate CLI as alice, and the upstream for comparisons):

          . %12$s
          psql                                 # through jitgate, as alice
          ./jitgate grants --mine
          ./jitgate connect demo/shop --sslrootcert "$PGSSLROOTCERT"   # new password for the grant, then psql
          ./jitgate revoke "$JITGATE_GRANT"
          psql "$JITGATE_UPSTREAM_URL"         # straight to the upstream as its superuser
        """.formatted(DemoUpstream.HOST, demo.upstreamPort(), demo.proxyPort(), demo.apiUrl(),
        demo.access().grant().id(), ends, psqlLine(demo), revokeLine(demo), demo.access().adminToken(),
        demo.access().engineerToken(), demo.access().approverToken(), env, demo.auditorUrl(),
        auditSessionsLine(demo), auditShowLine(demo));
  }
}
