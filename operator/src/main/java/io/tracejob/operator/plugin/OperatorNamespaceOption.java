package io.tracejob.operator.plugin;

import picocli.CommandLine.Option;

/** Where the operator and its kill switch live: a mixin of every command that flips the switch. */
final class OperatorNamespaceOption {
    @Option(
            names = "--operator-namespace",
            defaultValue = "tracejob-system",
            description = "where the operator and its kill switch live (default: ${DEFAULT-VALUE})")
    String operatorNamespace;
}
