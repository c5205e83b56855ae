package dev.jitgate.access.service;

/**
 * What one housekeeping sweep did.
 *
 * @param expiredRequests pending requests moved to expired
 * @param endedGrants active grants moved to ended because their end passed
 */
public record SweepResult(int expiredRequests, int endedGrants) {}
