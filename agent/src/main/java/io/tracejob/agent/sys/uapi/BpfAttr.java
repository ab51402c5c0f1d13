package io.tracejob.agent.sys.uapi;

import io.tracejob.agent.sys.BpfCommand;
import io.tracejob.agent.sys.SyscallException;
import io.tracejob.agent.sys.Syscalls;
import java.lang.ref.Reference;

/**
 * {@code union bpf_attr} (include/uapi/linux/bpf.h) as one bpf(2) command uses it: each subclass
 * names the fields of its command's anonymous struct, with their offsets, in one place. Unused
 * bytes stay zero, as the kernel requires.
 */
public abstract class BpfAttr extends NativeStruct {
    /**
     * sizeof(union bpf_attr) is 144 in the 6.x headers; we pass a little more, zeroed, which any
     * kernel accepts.
     */
    public static final int SIZE = 160;

    private final BpfCommand command;

    BpfAttr(BpfCommand command) {
        super(SIZE);
        this.command = command;
    }

    public BpfCommand command() {
        return command;
    }

    /**
     * bpf(command, this): the non-negative result, or a {@link SyscallException} naming the
     * command.
     */
    public int call() throws SyscallException {
        try {
            return Syscalls.bpf(command, pointer(), SIZE);
        } finally {
            Reference.reachabilityFence(this); // the pointees live as long as this object
        }
    }

    /**
     * bpf(command, this) returning {@code -errno} instead of throwing, for calls where failure is
     * an answer.
     */
    public long callOrErrno() {
        try {
            return Syscalls.bpfOrErrno(command, pointer(), SIZE);
        } finally {
            Reference.reachabilityFence(this);
        }
    }
}
