/**
 * The TraceJob operator: {@code OperatorMain} reads the configuration and starts {@code
 * TraceJobOperator}, which registers the reconcilers, the health and metrics endpoints and leader
 * election. ARCHITECTURE.md maps the packages below to the steps of a trace.
 */
package io.tracejob.operator;
