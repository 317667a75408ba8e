/**
 * Redis plumbing behind {@code io.enrollmentsync.redis}: key names and Lua scripts. Not a
 * published API: it may change in any release, and users must not import it.
 */
package io.enrollmentsync.internal.redis;
