package io.tracejob.agent.cli;

/** Entry point of {@code tracejob-agent}; placeholder until the CLI lands. */
public final class AgentMain {
    private AgentMain() {}

    public static void main(String[] args) {
        System.out.println("tracejob-agent");
    }
}
