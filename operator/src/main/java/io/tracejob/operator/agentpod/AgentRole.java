package io.tracejob.operator.agentpod;

import java.util.Locale;

/**
 * What an agent pod is for: the real trace, or a short pre-trace ranking candidates for pick
 * Slowest by probe.
 */
public enum AgentRole {
    TRACE("t"),
    PRETRACE("p");

    private final String nameTag;

    AgentRole(String nameTag) {
        this.nameTag = nameTag;
    }

    String nameTag() {
        return nameTag;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AgentRole fromLabel(String label) {
        return label == null
                ? null
                : switch (label) {
                    case "trace" -> TRACE;
                    case "pretrace" -> PRETRACE;
                    default -> null;
                };
    }
}
