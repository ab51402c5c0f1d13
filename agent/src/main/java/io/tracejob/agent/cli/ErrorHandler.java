package io.tracejob.agent.cli;

import io.tracejob.api.v1alpha1.contract.TerminationMessageFormat;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * One line on stderr per failure, naming the field and the rule; stack traces only with {@code
 * TRACEJOB_DEBUG=1}.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
        Throwable t = e;
        if (t instanceof java.io.UncheckedIOException u && u.getCause() != null) t = u.getCause();
        cl.getErr().println(TerminationMessageFormat.error(OneLine.of(t)));
        if ("1".equals(System.getenv("TRACEJOB_DEBUG"))) t.printStackTrace(cl.getErr());
        return Failures.exitCode(t);
    }
}
