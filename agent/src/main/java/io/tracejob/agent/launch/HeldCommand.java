package io.tracejob.agent.launch;

import io.tracejob.agent.sys.Syscalls;
import io.tracejob.agent.trace.ProcessId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts a command stopped before its exec, so probes can be attached before its first instruction
 * runs: a shell stops itself with SIGSTOP and, once continued, execs the command in the same
 * process. Perf events opened on that pid survive the exec, and the kernel installs uprobes as the
 * new image is mapped.
 */
public final class HeldCommand {
    private static final int SIGCONT = 18;
    private static final int SIGTERM = 15;

    private final Process process;
    private final ProcessId id;

    private HeldCommand(Process process, ProcessId id) {
        this.process = process;
        this.id = id;
    }

    /** Starts {@code command} held; returns once the process is stopped and can be attached to. */
    public static HeldCommand start(List<String> command) throws IOException {
        if (command.isEmpty()) throw new IllegalArgumentException("no command given after --");
        List<String> argv =
                new ArrayList<>(
                        List.of("/bin/sh", "-c", "kill -STOP $$; exec \"$@\"", "tracejob-held"));
        argv.addAll(command); // passed as arguments, never interpreted by the shell
        Process p = new ProcessBuilder(argv).inheritIO().start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"T".equals(ProcessId.state((int) p.pid()))) {
            if (!p.isAlive())
                throw new IOException(
                        "command exited before it could be traced (exit code "
                                + p.exitValue()
                                + "): "
                                + command.get(0));
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException(
                        "command did not reach its held state within 10 s: " + command.get(0));
            }
            LockSupport.parkNanos(200_000);
        }
        return new HeldCommand(p, ProcessId.current((int) p.pid()));
    }

    public ProcessId id() {
        return id;
    }

    /** Lets the held process exec the command. */
    public void release() {
        Syscalls.kill(id.pid(), SIGCONT);
    }

    /**
     * Asks the command to end (SIGTERM), waits up to {@code seconds}, then kills it; returns its
     * exit code.
     */
    public int stop(long seconds) throws InterruptedException {
        if (process.isAlive()) {
            Syscalls.kill(id.pid(), SIGTERM);
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }
}
