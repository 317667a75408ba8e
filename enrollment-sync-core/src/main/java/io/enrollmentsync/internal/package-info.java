/**
 * Implementation details shared by the core's packages. Not a published API: it may change in any
 * release, and users must not import it.
 */
package io.enrollmentsync.internal;
