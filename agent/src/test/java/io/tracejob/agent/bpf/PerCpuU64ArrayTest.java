package io.tracejob.agent.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.testsupport.Kernel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PerCpuU64ArrayTest {

    @Test
    void sumAddsEveryCpusSlotOfOneIndex() throws Exception {
        Kernel.requireEbpf();
        int cpus = PossibleCpus.count();
        try (PerCpuU64Array a = PerCpuU64Array.create("t_counters", 8)) {
            a.map.update(Bytes.u32(3), perCpuValue(cpus, c -> 100 + c), BpfMap.ANY);
            long[] perCpu = a.perCpu(3);
            assertThat(perCpu).hasSize(cpus);
            for (int c = 0; c < cpus; c++) assertThat(perCpu[c]).isEqualTo(100 + c);
            assertThat(a.sum(3)).isEqualTo(Arrays.stream(perCpu).sum());
            assertThat(a.sum(2)).isZero();
            assertThat(a.sumAll()[3]).isEqualTo(a.sum(3));
        }
    }

    /** 4,608 entries = the histogram size the agent uses; prints both read paths' cost. */
    @Test
    void sumAllByBatchAndByLookupAgree() throws Exception {
        Kernel.requireEbpf();
        int n = 4608, cpus = PossibleCpus.count();
        try (PerCpuU64Array a = PerCpuU64Array.create("t_hist", n)) {
            for (int i = 0; i < n; i += 7) {
                long index = i;
                a.map.update(Bytes.u32(i), perCpuValue(cpus, c -> index * (c + 1)), BpfMap.ANY);
            }
            long perIndexFactor = (long) cpus * (cpus + 1) / 2;
            assertThat(ArrayMapReader.byBatch(a.map, 8 * cpus))
                    .as("BPF_MAP_LOOKUP_BATCH on PERCPU_ARRAY (kernel 5.6+)")
                    .isNotNull();
            long[] batch = byBatch(a);
            long[] loop = byLookup(a);
            assertThat(batch).isEqualTo(loop);
            for (int i = 0; i < n; i++)
                assertThat(loop[i]).isEqualTo(i % 7 == 0 ? i * perIndexFactor : 0);
            assertThat(a.sumAll()).isEqualTo(loop);

            System.out.printf(
                    "sumAll %d entries x %d CPUs: batch median %.2f ms, lookup loop median %.2f ms%n",
                    n, cpus, medianMillis(() -> byBatch(a)), medianMillis(() -> byLookup(a)));
        }
    }

    private static long[] byBatch(PerCpuU64Array a) throws Exception {
        int cpus = PossibleCpus.count();
        return PerCpuU64Array.sumSlots(ArrayMapReader.byBatch(a.map, 8 * cpus), a.entries(), cpus);
    }

    private static long[] byLookup(PerCpuU64Array a) throws Exception {
        int cpus = PossibleCpus.count();
        return PerCpuU64Array.sumSlots(ArrayMapReader.byLookup(a.map, 8 * cpus), a.entries(), cpus);
    }

    interface PerCpu {
        long value(int cpu);
    }

    private static byte[] perCpuValue(int cpus, PerCpu f) {
        byte[] v = new byte[8 * cpus];
        for (int c = 0; c < cpus; c++) System.arraycopy(Bytes.u64(f.value(c)), 0, v, c * 8, 8);
        return v;
    }

    interface Read {
        long[] read() throws Exception;
    }

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
}
