package dev.jitgate.access.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Where an integration's database server is: a host and port, or an RDS instance. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = DatabaseLocation.HostPort.class, name = "host"),
  @JsonSubTypes.Type(value = DatabaseLocation.RdsInstance.class, name = "rds")
})
public sealed interface DatabaseLocation {

  /**
   * A server reached by host name (or address) and port.
   *
   * @param host DNS name or IP address
   * @param port TCP port, 1..65535
   */
  record HostPort(String host, int port) implements DatabaseLocation {
    public HostPort {
      Names.required("location.host", host);
      if (host.length() > 253 || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c >= 127)) {
        throw new InvalidFieldException("location.host", "is not a valid host name or address");
      }
      if (port < 1 || port > 65535) {
        throw new InvalidFieldException("location.port", "must be between 1 and 65535");
      }
    }
  }

  /**
   * An AWS RDS instance, resolved to its endpoint through the RDS API.
   *
   * @param region AWS region, e.g. {@code eu-west-1}
   * @param instanceId the DB instance identifier
   */
  record RdsInstance(String region, String instanceId) implements DatabaseLocation {
    public RdsInstance {
      Names.required("location.region", region);
      if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
        throw new InvalidFieldException("location.region", "is not an AWS region name");
      }
      Names.required("location.instanceId", instanceId);
      if (!instanceId.matches("[a-zA-Z][a-zA-Z0-9-]{0,62}")) {
        throw new InvalidFieldException("location.instanceId", "is not an RDS instance identifier");
      }
    }
  }
}
