package io.tracejob.agent.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracejob.agent.probe.ProbePlan;
import io.tracejob.agent.probe.ProbePlanner;
import io.tracejob.agent.safety.NodeKey;
import io.tracejob.agent.safety.ReturnProbeSafety;
import io.tracejob.agent.safety.SeccompMode;
import io.tracejob.agent.testsupport.Gcc;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.Memory;
import io.tracejob.agent.testsupport.TargetProcess;
import io.tracejob.api.v1alpha1.OnExceed;
import io.tracejob.api.v1alpha1.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seccomp-filtered process met after the trace started (found by a rescan, as {@code kubectl
 * exec} into a container is) on a node whose answer is "unsafe": it gets no probe and stays
 * unharmed, the trace goes on with the others, and the Result says which process was left alone and
 * why.
 */
class SeccompLateProcessTest {
    @TempDir Path dir;
    final ExecutorService tracer = Executors.newSingleThreadExecutor();

    @AfterEach
    void tearDown() throws Exception {
        System.clearProperty("tracejob.cacheDir");
        tracer.shutdownNow();
        assertThat(tracer.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFilteredProcessFoundLaterIsLeftAloneAndTheTraceGoesOn() throws Exception {
        Kernel.requireEbpf();
        Path bin = Gcc.compile("seccomp_target.c", dir, "seccomp_target");
        NodeKey node = NodeKey.current();
        Files.writeString(
                dir.resolve("uretprobe-seccomp.json"),
                """
                {"answer": "UNSAFE", "finding": "a filtered probe process was killed by SIGSYS", "kernelRelease": "%s",
                 "bootId": "%s", "checkedAt": "2026-12-01T20:00:00Z"}"""
                        .formatted(node.kernelRelease(), node.bootId()));
        System.setProperty("tracejob.cacheDir", dir.toString());
        try (TargetProcess open = TargetProcess.start(bin, "unconfined");
                TargetProcess filtered = TargetProcess.start(bin)) {
            open.expect("ready");
            filtered.expect("ready");
            assertThat(SeccompMode.of(open.pid())).isEqualTo(SeccompMode.DISABLED);
            assertThat(SeccompMode.of(filtered.pid())).isEqualTo(SeccompMode.FILTER);
            ProbePlan plan = ProbePlanner.plan(Probes.uprobe(bin, "work"), Path.of("/"));
            StopSignal stop = new StopSignal();
            AtomicInteger rescans = new AtomicInteger();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TraceRequest req =
                    new TraceRequest(
                            plan,
                            List.of(ProcessId.current(open.pid())),
                            Duration.ofMinutes(5),
                            Duration.ofMinutes(5),
                            2,
                            100.0,
                            OnExceed.Stop,
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            stop,
                            null,
                            () -> {
                                rescans.incrementAndGet();
                                return List.of(open.pid(), filtered.pid());
                            },
                            TrapCosts.defaults(),
                            null,
                            ReturnProbeSafety.ofNode()::requireSafe);
            Future<Result> result = tracer.submit(() -> new Tracer(req).run());
            // the second rescan starts only after the first one's adoption attempt finished
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> result.isDone() || rescans.get() >= 2);
            assertThat(result.isDone()).as("the tracer ended early: %s", out).isFalse();
            assertThat(Memory.breakpointIn(open.pid(), bin, "work")).isTrue();
            assertThat(Memory.breakpointIn(filtered.pid(), bin, "work")).isFalse();
            open.send("run 1000");
            assertThat(open.expect("done")).isEqualTo("done 1000");
            filtered.send("run 10");
            assertThat(filtered.expect("done")).isEqualTo("done 10");
            stop.trigger("test");
            Result r = result.get(60, TimeUnit.SECONDS);
            assertThat(r.getCount()).isEqualTo(1000);
            assertThat(r.getProcessesTraced()).isEqualTo(1);
            assertThat(r.getWarnings())
                    .filteredOn(w -> w.startsWith("return probes not attached"))
                    .singleElement()
                    .asString()
                    .contains("process " + filtered.pid() + " runs under a seccomp filter")
                    .contains("killed by SIGSYS");
        }
    }
}
