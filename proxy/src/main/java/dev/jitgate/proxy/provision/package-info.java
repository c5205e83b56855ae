/**
 * Upstream role provisioning through the integration's connector user: the baseline roles jitgate keeps in
 * each server ({@link dev.jitgate.proxy.provision.Baseline}), one short-lived login role per grant
 * ({@link dev.jitgate.proxy.provision.RoleProvisioner}), its teardown
 * ({@link dev.jitgate.proxy.provision.RoleRevoker}) and the {@link dev.jitgate.proxy.provision.Reconciler}
 * that converges the server to the active grants. Every name that reaches SQL is validated and quoted by
 * {@link dev.jitgate.proxy.provision.Sql}; passwords reach the server only as SCRAM verifiers.
 */
package dev.jitgate.proxy.provision;
