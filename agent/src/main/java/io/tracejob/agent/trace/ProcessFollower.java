package io.tracejob.agent.trace;

import io.tracejob.agent.bpf.BpfProgram;
import io.tracejob.agent.bpf.ProgramType;
import io.tracejob.agent.bpf.RawTracepoint;
import io.tracejob.agent.bpf.asm.Insn;
import io.tracejob.agent.btf.VmlinuxBtf;
import io.tracejob.agent.programs.FollowPrograms;
import io.tracejob.agent.programs.TraceMaps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Keeps the traced process set in the kernel: BPF on the {@code sched_process_fork} raw tracepoint
 * adds a traced process's child before the child first runs, and {@code sched_process_exit} removes
 * a process whose last thread exits. Raw tracepoints attach by name, so this needs no tracefs; the
 * child's tgid is read at {@code task_struct.tgid}'s offset taken from the kernel's BTF.
 */
final class ProcessFollower implements AutoCloseable {
    private final TraceMaps maps;
    private final List<BpfProgram> programs = new ArrayList<>();
    private final List<RawTracepoint> links = new ArrayList<>();

    /** true when the kernel removes exited processes itself (sched_process_exit has group_dead) */
    private boolean exitsInKernel;

    private ProcessFollower(TraceMaps maps) {
        this.maps = maps;
    }

    static ProcessFollower start(TraceMaps maps) throws IOException {
        ProcessFollower f = new ProcessFollower(maps);
        try {
            VmlinuxBtf.Types btf = VmlinuxBtf.read();
            OptionalInt tgid = VmlinuxBtf.memberOffset(btf, "task_struct", "tgid");
            if (tgid.isEmpty())
                throw new IOException(
                        VmlinuxBtf.VMLINUX
                                + " has no task_struct.tgid: cannot follow forks in the kernel");
            OptionalInt forkArgs = VmlinuxBtf.rawTracepointArgs(btf, "sched_process_fork");
            if (forkArgs.isPresent() && forkArgs.getAsInt() != 2) {
                throw new IOException(
                        "raw tracepoint sched_process_fork passes "
                                + forkArgs.getAsInt()
                                + " arguments, not (parent, child): unknown kernel");
            }
            f.attach("sched_process_fork", FollowPrograms.fork(maps, tgid.getAsInt()), "tj_fork");
            OptionalInt exitArgs = VmlinuxBtf.rawTracepointArgs(btf, "sched_process_exit");
            if (exitArgs.isPresent() && exitArgs.getAsInt() >= 2) {
                f.attach("sched_process_exit", FollowPrograms.exit(maps, true), "tj_exit");
                f.exitsInKernel = true;
            }
            return f;
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private void attach(String tracepoint, List<Insn> insns, String name) throws IOException {
        BpfProgram p = BpfProgram.load(ProgramType.RAW_TRACEPOINT, name, insns, "GPL");
        programs.add(p);
        links.add(RawTracepoint.attach(tracepoint, p));
    }

    boolean exitsInKernel() {
        return exitsInKernel;
    }

    /** Children of traced processes forked since the last call (the kernel already traces them). */
    List<Integer> drainForks() throws IOException {
        List<Integer> children = new ArrayList<>();
        for (long child : maps.forks.keys()) {
            maps.forks.delete(child);
            children.add((int) child);
        }
        return children;
    }

    @Override
    public void close() {
        links.forEach(RawTracepoint::close);
        links.clear();
        programs.forEach(BpfProgram::close);
        programs.clear();
    }
}
