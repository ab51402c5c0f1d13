package io.tracejob.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Ranks candidate pods by CPU usage from metrics.k8s.io; has no settings (write {@code cpu: {}}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CpuRanking {}
