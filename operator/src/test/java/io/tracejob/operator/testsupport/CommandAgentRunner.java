package io.tracejob.operator.testsupport;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs an agent command on this machine with exactly the agent pod's arguments, the way the kubelet
 * would run the container: the result file ({@code /dev/termination-log} in the pod) becomes a temp
 * file whose first 4096 bytes are the termination message; past the pod's activeDeadlineSeconds the
 * process gets SIGTERM, then SIGKILL after the grace period. The end-to-end test plugs the real
 * agent in here. The agent's output (its {@code kubectl logs}) is readable while it runs, and is
 * kept on disk when the agent fails, for the post-mortem.
 */
public final class CommandAgentRunner implements AgentRunner {
    static final int TERMINATION_MESSAGE_LIMIT = 4096;

    private final List<String> commandPrefix;
    private final Duration deadlineOverride;
    private final Duration grace;
    private volatile Path stdout;
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Termination>> ends = new ConcurrentHashMap<>();

    /**
     * @param deadlineOverride when not null, used instead of the pod's activeDeadlineSeconds (short
     *     tests)
     */
    public CommandAgentRunner(
            List<String> commandPrefix, Duration deadlineOverride, Duration grace) {
        this.commandPrefix = List.copyOf(commandPrefix);
        this.deadlineOverride = deadlineOverride;
        this.grace = grace;
    }

    @Override
    public Termination run(Pod pod) throws IOException, InterruptedException {
        CompletableFuture<Termination> end =
                ends.computeIfAbsent(pod.getMetadata().getName(), n -> new CompletableFuture<>());
        try {
            Termination t = runProcess(pod);
            end.complete(t);
            return t;
        } catch (IOException | InterruptedException | RuntimeException e) {
            end.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(pod.getMetadata().getName());
        }
    }

    /**
     * The kubelet's answer to a graceful delete ({@link FakeKubelet#onSigterm}): SIGTERM to the
     * pod's agent, then its termination as {@link #run} reports it.
     */
    public Termination sigterm(Pod pod) throws Exception {
        String name = pod.getMetadata().getName();
        CompletableFuture<Termination> end =
                ends.computeIfAbsent(name, n -> new CompletableFuture<>());
        Process p = running.get(name);
        if (p != null) p.destroy(); // SIGTERM
        return end.get(grace.toMillis() + 10_000, TimeUnit.MILLISECONDS);
    }

    private Termination runProcess(Pod pod) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("agent-pod-");
        Path resultFile = dir.resolve("termination-log");
        Files.createFile(resultFile);
        List<String> args = new ArrayList<>(pod.getSpec().getContainers().get(0).getArgs());
        int i = args.indexOf("--result-file");
        if (i < 0 || i + 1 >= args.size())
            throw new IllegalArgumentException("agent pod has no --result-file argument");
        args.set(i + 1, resultFile.toString());
        List<String> command = new ArrayList<>(commandPrefix);
        command.addAll(args);
        Path out = dir.resolve("stdout");
        stdout = out;
        Process p =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
        running.put(pod.getMetadata().getName(), p);
        Duration deadline =
                deadlineOverride != null
                        ? deadlineOverride
                        : Duration.ofSeconds(pod.getSpec().getActiveDeadlineSeconds());
        boolean deadlineExceeded = false;
        try {
            if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                deadlineExceeded = true;
                p.destroy(); // SIGTERM, as the kubelet does
                if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    p.waitFor();
                }
            }
        } finally {
            if (p.isAlive()) p.destroyForcibly();
        }
        String message = message(resultFile);
        int exit = p.exitValue();
        if (exit == 0 && !deadlineExceeded) {
            deleteQuietly(dir);
        } else {
            System.err.println(
                    "agent for pod "
                            + pod.getMetadata().getName()
                            + " exited "
                            + exit
                            + (deadlineExceeded ? " past its deadline" : "")
                            + "; its output is kept in "
                            + out);
        }
        if (deadlineExceeded) return Termination.deadline(message.isEmpty() ? null : message);
        return Termination.exit(exit, message);
    }

    /**
     * Whether the agent started last has printed a line containing {@code text} so far (its logs,
     * as they grow).
     */
    public boolean hasPrinted(String text) throws IOException {
        Path out = stdout;
        if (out == null || !Files.exists(out)) return false;
        return Files.readString(out, StandardCharsets.UTF_8)
                .lines()
                .anyMatch(l -> l.contains(text));
    }

    private static String message(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int n = Math.min(bytes.length, TERMINATION_MESSAGE_LIMIT);
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // temp files left behind are harmless
        }
    }
}
