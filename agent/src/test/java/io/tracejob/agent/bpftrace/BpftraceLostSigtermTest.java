package io.tracejob.agent.bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.histogram.HdrLayout;
import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.trace.StopSignal;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bpftrace 0.17 loses a SIGTERM that arrives between two of its epoll_waits (seen on a loaded node:
 * the maps were never printed and the run reported 0 calls after the 20 s grace). This stand-in
 * behaves like that every time: it blocks in epoll_wait like bpftrace's event loop, ignores the
 * first SIGTERM and prints its map on the second. The runner must keep asking.
 */
class BpftraceLostSigtermTest {
    @TempDir Path dir;

    static final String STAND_IN =
            """
            #!/usr/bin/env python3
            import json, select, signal, sys
            terms = 0
            def on_term(signum, frame):
                global terms
                terms += 1
                if terms >= 2:
                    print(json.dumps({"type": "map", "data": {"@h": {"3": 5}}}), flush=True)
                    sys.exit(0)
            signal.signal(signal.SIGTERM, on_term)
            print(json.dumps({"type": "attached_probes", "data": {"probes": 2}}), flush=True)
            ep = select.epoll()
            while True:
                ep.poll(0.1)
            """;

    @Test
    void aLostSigtermIsRepeatedUntilTheMapsArePrinted() throws Exception {
        Kernel.requireCommand("python3");
        Path fake = dir.resolve("bpftrace");
        Files.writeString(fake, STAND_IN);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        int self =
                (int)
                        ProcessHandle.current()
                                .pid(); // a "target" that stays alive for the whole run
        BpftraceProgram program =
                BpftraceProgram.render(
                        ProbeFamily.Uprobe,
                        "/usr/bin/true",
                        "main",
                        self,
                        HdrLayout.latency(2),
                        null);
        StopSignal stop = new StopSignal();
        CountDownLatch attached = new CountDownLatch(1);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Result> run =
                    executor.submit(
                            new BpftraceRunner(program, stop)
                                            .executable(fake)
                                            .onAttached(attached::countDown)
                                    ::run);
            assertThat(attached.await(60, TimeUnit.SECONDS))
                    .as("the stand-in reached its event loop")
                    .isTrue();
            stop.trigger("SIGTERM");
            Result r = run.get(60, TimeUnit.SECONDS);
            assertThat(r.getStopReason()).isEqualTo(StopReason.Signalled);
            assertThat(r.getCount()).as("the map printed after the second SIGTERM").isEqualTo(5);
        } finally {
            stop.trigger("test cleanup");
            executor.shutdownNow();
        }
    }
}
