package io.tracejob.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.api.v1alpha1.ProbeFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one choice of engine per family. */
class EnginesTest {
    @ParameterizedTest
    @EnumSource(
            value = ProbeFamily.class,
            names = {"Uprobe", "Usdt", "Tracepoint"})
    void userSpaceFamiliesAndTracepointsRunNatively(ProbeFamily f) {
        assertThat(Engines.forFamily(f)).isInstanceOf(NativeEngine.class);
    }

    @ParameterizedTest
    @EnumSource(
            value = ProbeFamily.class,
            names = {"Kprobe", "Kfunc"})
    void kernelFunctionFamiliesRunThroughBpftrace(ProbeFamily f) {
        assertThat(Engines.forFamily(f)).isInstanceOf(BpftraceEngine.class);
    }

    /** A family added to the API without an engine would fail here before it reached a node. */
    @Test
    void everyFamilyHasOneEngine() {
        for (ProbeFamily f : ProbeFamily.values()) {
            assertThat(Engines.forFamily(f)).as("%s", f).isNotNull().isSameAs(Engines.forFamily(f));
        }
    }
}
