package io.tracejob.agent.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.testsupport.Kernel;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalarHashTest {

    @Test
    void u64KeysAndValuesRoundTripAsLongs() throws Exception {
        Kernel.requireEbpf();
        try (ScalarHash h = ScalarHash.create("t_starts", 8, 8, 16)) {
            h.put(7, 70);
            h.put(1L << 40, -1L); // pid_tgid keys use the high half; start times are unsigned
            h.put(7, 71);
            assertThat(h.entries()).isEqualTo(Map.of(7L, 71L, 1L << 40, -1L));
            assertThat(Bytes.u64(h.map.lookup(Bytes.u64(7)), 0))
                    .as("the kernel holds the little-endian u64")
                    .isEqualTo(71);
            assertThat(h.delete(7)).isTrue();
            assertThat(h.delete(7)).isFalse();
            assertThat(h.keys()).containsExactly(1L << 40);
        }
    }

    @Test
    void u32KeysAndValuesAreUnsigned() throws Exception {
        Kernel.requireEbpf();
        try (ScalarHash h = ScalarHash.create("t_tgids", 4, 4, 16)) {
            h.put(4242, 4242);
            h.put(0xfffffffeL, 1);
            assertThat(Bytes.u32(h.map.lookup(Bytes.u32(4242)), 0)).isEqualTo(4242);
            assertThat(h.entries()).isEqualTo(Map.of(4242L, 4242L, 0xfffffffeL, 1L));
            assertThat(h.keys()).containsExactlyInAnyOrder(4242L, 0xfffffffeL);
        }
    }

    @Test
    void onlyFourOrEightByteScalarsAreAccepted() {
        assertThatThrownBy(() -> ScalarHash.create("t_bad", 2, 8, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("map 't_bad': keySize must be 4 or 8, was 2");
        assertThatThrownBy(() -> ScalarHash.create("t_bad", 8, 16, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("valueSize must be 4 or 8, was 16");
    }
}
