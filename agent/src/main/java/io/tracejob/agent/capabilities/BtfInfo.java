package io.tracejob.agent.capabilities;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Kernel BTF: needed by kfunc/fentry (and CO-RE). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BtfInfo(boolean present, String path, Long sizeBytes) {}
