package dev.jitgate.app.cli;

import java.util.List;
import java.util.Map;

/** Who the token stands for ({@code GET /v1/me}), for {@code --mine}. */
final class Me {

  private Me() {}

  static String principal(ApiClient api) {
    String principal = api.get("/v1/me", Map.of()).path("principal").asText("");
    if (principal.isEmpty()) {
      throw new ApiFailure.Problem(200, "Unexpected answer", "GET /v1/me did not name a principal", "", List.of());
    }
    return principal;
  }
}
