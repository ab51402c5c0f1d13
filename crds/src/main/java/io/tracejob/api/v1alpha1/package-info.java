/** The TraceJob API, group tracing.tracejob.io, version v1alpha1. */
package io.tracejob.api.v1alpha1;
