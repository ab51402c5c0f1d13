package io.tracejob.agent.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.testsupport.Kernel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BpfMapTest {

    @ParameterizedTest
    @EnumSource(
            value = MapType.class,
            names = {"HASH", "LRU_HASH"})
    void hashMapsUpdateLookupDeleteAndIterate(MapType type) throws Exception {
        Kernel.requireEbpf();
        try (BpfMap m = BpfMap.create(type, "t_" + type.name().toLowerCase(), 8, 8, 16, 0)) {
            assertThat(m.lookup(Bytes.u64(7))).isNull();
            m.update(Bytes.u64(7), Bytes.u64(70), BpfMap.ANY);
            m.update(Bytes.u64(8), Bytes.u64(80), BpfMap.NOEXIST);
            assertThat(Bytes.u64(m.lookup(Bytes.u64(7)), 0)).isEqualTo(70);
            assertThatThrownBy(() -> m.update(Bytes.u64(8), Bytes.u64(1), BpfMap.NOEXIST))
                    .isInstanceOfSatisfying(
                            SyscallException.class,
                            e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
            assertThat(m.keys()).extracting(k -> Bytes.u64(k, 0)).containsExactlyInAnyOrder(7L, 8L);
            assertThat(m.delete(Bytes.u64(7))).isTrue();
            assertThat(m.delete(Bytes.u64(7))).isFalse();
            assertThat(m.lookup(Bytes.u64(7))).isNull();
            assertThat(m.keys())
                    .singleElement()
                    .satisfies(k -> assertThat(Bytes.u64(k, 0)).isEqualTo(8));
            byte[] first = m.nextKey(null);
            assertThat(Bytes.u64(first, 0)).isEqualTo(8);
            assertThat(m.nextKey(first)).isNull();
        }
    }

    @Test
    void arrayHoldsEveryIndexAndReadsInBulk() throws Exception {
        Kernel.requireEbpf();
        try (BpfMap m = BpfMap.create(MapType.ARRAY, "t_array", 4, 8, 100, 0)) {
            assertThat(Bytes.u64(m.lookup(Bytes.u32(5)), 0))
                    .isZero(); // arrays are pre-filled with zeros
            for (int i = 0; i < 100; i++) m.update(Bytes.u32(i), Bytes.u64(i * 3L), BpfMap.ANY);
            long[] all = ArrayMapReader.readAll(m, 8).getLongArray(0, 100);
            assertThat(all).hasSize(100);
            for (int i = 0; i < 100; i++) assertThat(all[i]).isEqualTo(i * 3L);
            assertThat(m.lookup(Bytes.u32(100))).isNull(); // out of range reads as absent
            assertThatThrownBy(() -> m.delete(Bytes.u32(1)))
                    .isInstanceOf(SyscallException.class); // arrays cannot delete
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = MapType.class,
            names = {"PERCPU_HASH", "PERCPU_ARRAY", "LRU_PERCPU_HASH"})
    void perCpuMapsExchangeOneSlotPerPossibleCpu(MapType type) throws Exception {
        Kernel.requireEbpf();
        int cpus = PossibleCpus.count();
        try (BpfMap m = BpfMap.create(type, "t_pcpu", 4, 8, 8, 0)) {
            assertThat(m.userValueSize()).isEqualTo(8 * cpus);
            byte[] v = new byte[8 * cpus];
            for (int c = 0; c < cpus; c++) System.arraycopy(Bytes.u64(100 + c), 0, v, c * 8, 8);
            m.update(Bytes.u32(3), v, BpfMap.ANY);
            long[] perCpu = slots(m.lookup(Bytes.u32(3)), cpus);
            for (int c = 0; c < cpus; c++) assertThat(perCpu[c]).isEqualTo(100 + c);
            if (type == MapType.PERCPU_ARRAY) {
                assertThatThrownBy(() -> m.delete(Bytes.u32(3)))
                        .isInstanceOf(SyscallException.class); // arrays cannot delete
            } else {
                assertThat(m.delete(Bytes.u32(3))).isTrue();
                assertThat(m.lookup(Bytes.u32(3))).isNull();
            }
            assertThatThrownBy(() -> m.update(Bytes.u32(3), new byte[8], BpfMap.ANY))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("value must be " + 8 * cpus + " bytes");
        }
    }

    /** One u64 per possible CPU, as the kernel lays out a per-CPU value in user space. */
    static long[] slots(byte[] value, int cpus) {
        assertThat(value).hasSize(8 * cpus);
        long[] out = new long[cpus];
        for (int c = 0; c < cpus; c++) out[c] = Bytes.u64(value, c * 8);
        return out;
    }

    /** map_flags BPF_F_MMAPABLE, which per-CPU maps reject. */
    private static final int F_MMAPABLE = 1 << 10;

    @Test
    void createFailureNamesTheMapAndTheRule() {
        Kernel.requireEbpf();
        assertThatThrownBy(() -> BpfMap.create(MapType.PERCPU_ARRAY, "bad", 4, 8, 4, F_MMAPABLE))
                .isInstanceOfSatisfying(
                        SyscallException.class, e -> assertThat(e.errnoName()).isEqualTo("EINVAL"))
                .hasMessageContaining("PERCPU_ARRAY map 'bad'")
                .hasMessageContaining("BPF_F_MMAPABLE");
        assertThatThrownBy(() -> BpfMap.create(MapType.HASH, "bad name!", 4, 8, 4, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("letters, digits");
    }

    @Test
    void closeReleasesEveryFd() throws Exception {
        Kernel.requireEbpf();
        openAndClose(); // load classes and native libraries first
        long before = FdCount.now();
        openAndClose();
        assertThat(FdCount.now()).isEqualTo(before);
    }

    private static void openAndClose() throws Exception {
        List<BpfMap> maps =
                List.of(
                        BpfMap.create(MapType.HASH, "a", 8, 8, 4, 0),
                        BpfMap.create(MapType.ARRAY, "b", 4, 8, 4, 0),
                        BpfMap.create(MapType.PERCPU_ARRAY, "c", 4, 8, 4, 0),
                        BpfMap.create(MapType.QUEUE, "d", 0, 8, 4, 0));
        assertThat(FdCount.now()).isGreaterThanOrEqualTo(4);
        for (BpfMap m : maps) m.close();
        maps.get(0).close(); // idempotent
        assertThatThrownBy(() -> maps.get(0).fd())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
