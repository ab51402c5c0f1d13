package io.tracejob.agent.bpf;

import com.sun.jna.Memory;

/** Zeroed native buffers for {@code union bpf_attr}: the kernel rejects non-zero bytes in fields it does not use. */
final class Attr {
    private Attr() {}

    /** sizeof(union bpf_attr) in the 6.x UAPI headers is 144; we pass a little more, zeroed, which any kernel accepts. */
    static final int SIZE = 160;

    static Memory zeroed() {
        Memory m = new Memory(SIZE);
        m.clear();
        return m;
    }

    static Memory bytes(byte[] b) {
        Memory m = new Memory(Math.max(1, b.length));
        m.write(0, b, 0, b.length);
        return m;
    }
}
