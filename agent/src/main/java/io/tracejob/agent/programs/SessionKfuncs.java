package io.tracejob.agent.programs;

import io.tracejob.agent.btf.VmlinuxBtf;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The kernel functions a uprobe session program calls (kernel 6.13+), by their ids in the kernel's
 * BTF: {@code bool bpf_session_is_return(void)} tells the return's run from the entry's, {@code
 * __u64 *bpf_session_cookie(void)} is eight bytes the kernel keeps for one call, from its entry to
 * its return — where the call's start time goes, instead of a map keyed by thread and depth.
 *
 * @param isReturn BTF id of bpf_session_is_return
 * @param cookie BTF id of bpf_session_cookie
 */
public record SessionKfuncs(int isReturn, int cookie) {
    private static volatile Optional<SessionKfuncs> found;

    /**
     * The kernel's ids, read once from /sys/kernel/btf/vmlinux; empty on a kernel without them (or
     * without BTF).
     */
    public static Optional<SessionKfuncs> find() {
        Optional<SessionKfuncs> f = found;
        if (f == null) {
            f = read();
            found = f;
        }
        return f;
    }

    private static Optional<SessionKfuncs> read() {
        try {
            VmlinuxBtf.Types t = VmlinuxBtf.read();
            OptionalInt isReturn = VmlinuxBtf.funcId(t, "bpf_session_is_return");
            OptionalInt cookie = VmlinuxBtf.funcId(t, "bpf_session_cookie");
            if (isReturn.isEmpty() || cookie.isEmpty()) return Optional.empty();
            return Optional.of(new SessionKfuncs(isReturn.getAsInt(), cookie.getAsInt()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
