package io.tracejob.agent.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.sys.Errno;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.testsupport.Kernel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BpfMapTest {

    @ParameterizedTest
    @EnumSource(value = MapType.class, names = {"HASH", "LRU_HASH"})
    void hashMapsUpdateLookupDeleteAndIterate(MapType type) throws Exception {
        Kernel.requireEbpf();
        try (BpfMap m = BpfMap.create(type, "t_" + type.name().toLowerCase(), 8, 8, 16, 0)) {
            assertThat(m.lookup(Bytes.u64(7))).isNull();
            m.update(Bytes.u64(7), Bytes.u64(70), BpfMap.ANY);
            m.update(Bytes.u64(8), Bytes.u64(80), BpfMap.NOEXIST);
            assertThat(Bytes.u64(m.lookup(Bytes.u64(7)), 0)).isEqualTo(70);
            assertThatThrownBy(() -> m.update(Bytes.u64(8), Bytes.u64(1), BpfMap.NOEXIST))
                    .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
            assertThat(m.longEntries()).isEqualTo(Map.of(7L, 70L, 8L, 80L));
            assertThat(m.keys()).hasSize(2);
            assertThat(m.delete(Bytes.u64(7))).isTrue();
            assertThat(m.delete(Bytes.u64(7))).isFalse();
            assertThat(m.lookup(Bytes.u64(7))).isNull();
            assertThat(m.entries()).singleElement().satisfies(e -> assertThat(Bytes.u64(e.key(), 0)).isEqualTo(8));
            byte[] first = m.nextKey(null);
            assertThat(Bytes.u64(first, 0)).isEqualTo(8);
            assertThat(m.nextKey(first)).isNull();
        }
    }

    @Test
    void arrayHoldsEveryIndexAndReadsInBulk() throws Exception {
        Kernel.requireEbpf();
        try (BpfMap m = BpfMap.create(MapType.ARRAY, "t_array", 4, 8, 100, 0)) {
            assertThat(Bytes.u64(m.lookup(Bytes.u32(5)), 0)).isZero(); // arrays are pre-filled with zeros
            for (int i = 0; i < 100; i++) m.update(Bytes.u32(i), Bytes.u64(i * 3L), BpfMap.ANY);
            long[] all = m.readArrayLongs();
            assertThat(all).hasSize(100);
            for (int i = 0; i < 100; i++) assertThat(all[i]).isEqualTo(i * 3L);
            assertThat(m.lookup(Bytes.u32(100))).isNull(); // out of range reads as absent
            assertThatThrownBy(() -> m.delete(Bytes.u32(1))).isInstanceOf(SyscallException.class); // arrays cannot delete
        }
    }

    @ParameterizedTest
    @EnumSource(value = MapType.class, names = {"PERCPU_HASH", "PERCPU_ARRAY", "LRU_PERCPU_HASH"})
    void perCpuMapsExchangeOneSlotPerPossibleCpu(MapType type) throws Exception {
        Kernel.requireEbpf();
        int cpus = BpfMap.possibleCpus();
        try (BpfMap m = BpfMap.create(type, "t_pcpu", 4, 8, 8, 0)) {
            assertThat(m.userValueSize()).isEqualTo(8 * cpus);
            byte[] v = new byte[8 * cpus];
            for (int c = 0; c < cpus; c++) System.arraycopy(Bytes.u64(100 + c), 0, v, c * 8, 8);
            m.update(Bytes.u32(3), v, BpfMap.ANY);
            long[] perCpu = m.lookupPerCpuLong(3);
            assertThat(perCpu).hasSize(cpus);
            for (int c = 0; c < cpus; c++) assertThat(perCpu[c]).isEqualTo(100 + c);
            if (type == MapType.PERCPU_ARRAY) {
                assertThat(m.sumPerCpuArray()[3]).isEqualTo(Arrays.stream(perCpu).sum());
            } else {
                assertThat(m.delete(Bytes.u32(3))).isTrue();
                assertThat(m.lookup(Bytes.u32(3))).isNull();
                assertThat(m.lookupPerCpuLong(3)).containsOnly(0L);
            }
            assertThatThrownBy(() -> m.update(Bytes.u32(3), new byte[8], BpfMap.ANY))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("value must be " + 8 * cpus + " bytes");
        }
    }

    @Test
    void queueIsFirstInFirstOut() throws Exception {
        Kernel.requireEbpf();
        try (BpfMap q = BpfMap.create(MapType.QUEUE, "t_queue", 0, 8, 4, 0)) {
            assertThat(q.pop()).isNull();
            q.push(Bytes.u64(1));
            q.push(Bytes.u64(2));
            assertThat(Bytes.u64(q.peek(), 0)).isEqualTo(1);
            assertThat(Bytes.u64(q.pop(), 0)).isEqualTo(1);
            assertThat(Bytes.u64(q.pop(), 0)).isEqualTo(2);
            assertThat(q.pop()).isNull();
            assertThatThrownBy(() -> q.lookup(new byte[0])).isInstanceOf(IllegalStateException.class).hasMessageContaining("push/peek/pop");
        }
    }

    /** 4,608 entries = the histogram size the agent uses; prints both read paths' cost. */
    @Test
    void sumPerCpuArrayByBatchAndByLookupAgree() throws Exception {
        Kernel.requireEbpf();
        int n = 4608, cpus = BpfMap.possibleCpus();
        try (BpfMap m = BpfMap.create(MapType.PERCPU_ARRAY, "t_hist", 4, 8, n, 0)) {
            byte[] v = new byte[8 * cpus];
            for (int i = 0; i < n; i += 7) {
                for (int c = 0; c < cpus; c++) System.arraycopy(Bytes.u64((long) i * (c + 1)), 0, v, c * 8, 8);
                m.update(Bytes.u32(i), v, BpfMap.ANY);
            }
            long perIndexFactor = (long) cpus * (cpus + 1) / 2;
            long[] batch = m.sumPerCpuArrayByBatch();
            long[] loop = m.sumPerCpuArrayByLookup();
            assertThat(batch).as("BPF_MAP_LOOKUP_BATCH on PERCPU_ARRAY (kernel 5.6+)").isNotNull();
            assertThat(batch).isEqualTo(loop);
            for (int i = 0; i < n; i++) assertThat(loop[i]).isEqualTo(i % 7 == 0 ? i * perIndexFactor : 0);
            assertThat(m.sumPerCpuArray()).isEqualTo(loop);

            System.out.printf("sumPerCpuArray %d entries x %d CPUs: batch median %.2f ms, lookup loop median %.2f ms%n",
                    n, cpus, medianMillis(m::sumPerCpuArrayByBatch), medianMillis(m::sumPerCpuArrayByLookup));
        }
    }

    interface Read { long[] read() throws Exception; }

    private static double medianMillis(Read r) throws Exception {
        for (int i = 0; i < 5; i++) r.read();
        double[] t = new double[21];
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            r.read();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }

    @Test
    void createFailureNamesTheMapAndTheRule() {
        Kernel.requireEbpf();
        assertThatThrownBy(() -> BpfMap.create(MapType.PERCPU_ARRAY, "bad", 4, 8, 4, BpfMap.F_MMAPABLE))
                .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errnoName()).isEqualTo("EINVAL"))
                .hasMessageContaining("PERCPU_ARRAY map 'bad'")
                .hasMessageContaining("BPF_F_MMAPABLE");
        assertThatThrownBy(() -> BpfMap.create(MapType.HASH, "bad name!", 4, 8, 4, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("letters, digits");
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
        List<BpfMap> maps = List.of(BpfMap.create(MapType.HASH, "a", 8, 8, 4, 0), BpfMap.create(MapType.ARRAY, "b", 4, 8, 4, 0),
                BpfMap.create(MapType.PERCPU_ARRAY, "c", 4, 8, 4, 0), BpfMap.create(MapType.QUEUE, "d", 0, 8, 4, 0));
        assertThat(FdCount.now()).isGreaterThanOrEqualTo(4);
        for (BpfMap m : maps) m.close();
        maps.get(0).close(); // idempotent
        assertThatThrownBy(() -> maps.get(0).fd()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void cpuListsCountEveryRange() {
        assertThat(BpfMap.parseCpuList("0-1\n")).isEqualTo(2);
        assertThat(BpfMap.parseCpuList("0-3,5,7-8")).isEqualTo(7);
        assertThat(BpfMap.parseCpuList("0")).isEqualTo(1);
    }
}
