package io.tracejob.agent.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.probe.Role;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Entry probes come out before return probes, at the end of a trace and at every duty-cycle
 * take-out: a return probe closed first leaves the entry program running alone, and every call it
 * enters meanwhile stays open.
 */
class CloseOrderTest {
    @Test
    void noReturnProbeIsClosedUntilEveryEntryProbeIs() throws Exception {
        CountDownLatch endClosing = new CountDownLatch(1);
        AtomicBoolean endClosedDuringAnEntryClose = new AtomicBoolean();
        AutoCloseable entry =
                () -> {
                    // a concurrent close of the return probe would start within microseconds
                    if (endClosing.await(200, TimeUnit.MILLISECONDS))
                        endClosedDuringAnEntryClose.set(true);
                };
        AutoCloseable end = endClosing::countDown;
        try (Attachments a = new Attachments(ReturnProbeGate.NONE)) {
            a.closeAll(
                    List.of(
                            new Attachments.Attached(Role.END, end),
                            new Attachments.Attached(Role.START, entry),
                            new Attachments.Attached(Role.END, end),
                            new Attachments.Attached(Role.START, entry)));
        }
        assertThat(endClosing.getCount()).as("the return probes were closed").isZero();
        assertThat(endClosedDuringAnEntryClose).isFalse();
    }
}
