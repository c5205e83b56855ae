package dev.jitgate.access.service;

import dev.jitgate.access.model.AccessRequest;
import dev.jitgate.access.model.Grant;
import dev.jitgate.access.model.Role;
import java.util.List;
import java.util.Set;

/**
 * The caller's view of itself ({@code GET /v1/me}).
 *
 * @param principal the user name
 * @param roles effective roles
 * @param groups groups
 * @param activeGrants its active grants
 * @param pendingRequests its pending requests
 */
public record Me(
    String principal, Set<Role> roles, Set<String> groups, List<Grant> activeGrants,
    List<AccessRequest> pendingRequests) {}
