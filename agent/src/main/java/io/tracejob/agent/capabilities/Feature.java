package io.tracejob.agent.capabilities;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A kernel feature the agent uses, with the reason when it is missing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Feature(boolean available, String reason) {}
