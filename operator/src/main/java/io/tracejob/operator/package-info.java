/** The TraceJob operator (reconcilers land with the operator issue). */
package io.tracejob.operator;
