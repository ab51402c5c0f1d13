package io.tracejob.operator.e2e;

import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Nm;
import io.tracejob.agent.testsupport.TargetProcess;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The real process the end-to-end test traces: {@code targets/steady_work.c} compiled with the
 * machine's gcc (the agent's test helpers), driven line by line over stdin/stdout, writing its own
 * per-call truth to a file.
 */
final class SteadyTarget implements AutoCloseable {
    static final String SOURCE = "steady_work.c";
    static final String FUNCTION = "work";

    private final TargetProcess process;

    private SteadyTarget(TargetProcess process) {
        this.process = process;
    }

    /**
     * Compiles the target without PIE, so {@code nm}'s address of {@link #FUNCTION} is its address
     * in the process.
     */
    static Path compile(Path dir) throws IOException {
        return Gcc.compile(SOURCE, dir, "steady-work", "-no-pie");
    }

    static long symbolAddress(Path binary, String symbol) throws IOException, InterruptedException {
        return Nm.address(binary, symbol);
    }

    static SteadyTarget start(Path binary, Path truthFile) throws IOException {
        return new SteadyTarget(TargetProcess.start(binary, truthFile.toString()));
    }

    int pid() {
        return process.pid();
    }

    /**
     * Makes {@code calls} calls to work() at {@code perSecond}; answered by "done" when they are
     * over.
     */
    void run(int calls, int perSecond) throws IOException {
        process.send("run " + calls + " " + perSecond);
    }

    /** Waits up to {@code seconds} for the next line starting with {@code prefix}. */
    String expect(String prefix, int seconds) throws InterruptedException {
        return process.expect(prefix, seconds);
    }

    /**
     * The first code bytes at {@code address} as the process sees them now: a uprobe rewrites them
     * (int3, or a call to the uprobe trampoline), so a change means the agent has attached.
     */
    byte[] codeAt(long address, int n) throws IOException {
        try (RandomAccessFile mem = new RandomAccessFile("/proc/" + pid() + "/mem", "r")) {
            mem.seek(address);
            byte[] b = new byte[n];
            mem.readFully(b);
            return b;
        }
    }

    boolean codeDiffers(long address, byte[] original) throws IOException {
        return !Arrays.equals(codeAt(address, original.length), original);
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
