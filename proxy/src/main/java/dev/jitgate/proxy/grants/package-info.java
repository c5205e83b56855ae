/**
 * The proxy's view of the control plane's grants and grant credentials, and the login decision built on
 * it. {@link dev.jitgate.proxy.grants.GrantDirectory} loads what matters at start and follows the access
 * store's change feed on one daemon thread, publishing immutable
 * {@link dev.jitgate.proxy.grants.GrantSnapshot}s that event loops read without locking; it reports grant
 * ends (revoke, supersede, natural end by timer) to listeners. {@link dev.jitgate.proxy.grants.GrantAdmission}
 * decides a login in two steps: which verifier to authenticate against, and — only after authentication —
 * whether the grant admits the session, with a rejection that says how to get access.
 */
package dev.jitgate.proxy.grants;
