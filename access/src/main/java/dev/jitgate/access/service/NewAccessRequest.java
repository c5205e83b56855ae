package dev.jitgate.access.service;

import dev.jitgate.access.model.Permission;
import java.time.Duration;

/**
 * What a requester asks for.
 *
 * @param integration the integration name
 * @param database the database name
 * @param permission the permission
 * @param duration how long
 * @param reason the justification, may be empty
 */
public record NewAccessRequest(
    String integration, String database, Permission permission, Duration duration, String reason) {}
