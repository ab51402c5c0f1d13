package io.tracejob.agent.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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
