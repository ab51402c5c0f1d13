package io.tracejob.agent.cli;

import io.tracejob.agent.probe.UnsupportedProbeException;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.trace.ReturnProbeRefusedException;
import io.tracejob.agent.tracefs.TracefsMissingException;
import io.tracejob.api.v1alpha1.contract.TerminationMessageFormat;
import io.tracejob.api.v1alpha1.validation.InvalidSpecException;
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
        return exitCode(t);
    }

    static int exitCode(Throwable t) {
        if (t instanceof InvalidSpecException || t instanceof BadInputException)
            return ExitCodes.BAD_INPUT;
        if (t instanceof IllegalArgumentException)
            return ExitCodes.BAD_INPUT; // manifest, duration and argument parsers
        if (t instanceof UnsupportedProbeException || t instanceof ReturnProbeRefusedException)
            return ExitCodes.UNSUPPORTED;
        if (t instanceof TracefsMissingException)
            return ExitCodes.UNSUPPORTED; // the node's mounts, not the spec
        if (t instanceof SyscallException s) {
            String n = s.errnoName();
            if ("EPERM".equals(n)
                    || "EACCES".equals(n)
                    || "ENOSYS".equals(n)
                    || "EOPNOTSUPP".equals(n)) return ExitCodes.UNSUPPORTED;
            return ExitCodes.INTERNAL;
        }
        if (t instanceof java.io.IOException)
            return ExitCodes.BAD_INPUT; // missing binary, symbol, probe, process
        return ExitCodes.INTERNAL;
    }
}
