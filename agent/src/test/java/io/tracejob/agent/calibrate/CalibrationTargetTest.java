package io.tracejob.agent.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The bundled calibration target's paired timing, on its real calls (no probe needed). */
class CalibrationTargetTest {
    @Test
    void aPairIsTheFirstCallsTimeLessTheSecondsNextToIt() throws Exception {
        try (CalibrationTarget t = CalibrationTarget.start()) {
            // a system call against a few-instruction function: the pair's difference is the
            // system call's time, with its sign following the order
            double syscallFirst = t.pairs("getppid", "emulated", 30, 20_000);
            double syscallSecond = t.pairs("emulated", "getppid", 30, 20_000);
            assertThat(syscallFirst).isPositive();
            assertThat(syscallSecond).isNegative();
            // the same call against itself: the two clock reads cancel
            assertThat(Math.abs(t.pairs("emulated", "emulated", 30, 20_000)))
                    .isLessThan(syscallFirst / 2);
        }
    }

    @Test
    void aPacedBurstLeavesTheCpuBetweenItsUnits() throws Exception {
        // it runs beside the traced process on that CPU: asleep after each call or pair, so it
        // holds that process up by one unit at most (each sleep is a voluntary context switch;
        // a command's round trip adds one)
        try (CalibrationTarget t = CalibrationTarget.start()) {
            long before = voluntarySwitches(t.pid());
            t.pairs("getppid", "getpid", 12, 20_000);
            long afterPairs = voluntarySwitches(t.pid());
            assertThat(afterPairs - before).isGreaterThanOrEqualTo(12);
            t.pace("emulated", 10, 20_000);
            assertThat(voluntarySwitches(t.pid()) - afterPairs).isGreaterThanOrEqualTo(10);
        }
    }

    private static long voluntarySwitches(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("voluntary_ctxt_switches:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anUnknownFunctionIsRefusedNamingIt() throws Exception {
        try (CalibrationTarget t = CalibrationTarget.start()) {
            assertThatThrownBy(() -> t.pairs("getppid", "nope", 3, 1_000))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("unknown function nope");
            // and it still answers afterwards
            assertThat(t.pairs("getppid", "emulated", 3, 1_000)).isPositive();
        }
    }
}
