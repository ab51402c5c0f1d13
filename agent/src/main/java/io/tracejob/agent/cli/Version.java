package io.tracejob.agent.cli;

import picocli.CommandLine.IVersionProvider;

final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = AgentMain.class.getPackage().getImplementationVersion();
        return new String[] {"tracejob-agent " + (v == null ? "dev" : v)};
    }
}
