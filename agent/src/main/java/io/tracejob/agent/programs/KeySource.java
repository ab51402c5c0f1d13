package io.tracejob.agent.programs;

/**
 * What pairs a start with its end. A thread key ({@code pid_tgid}) suits function entry/return and
 * USDT start/done; a tracepoint field (a request pointer, a sector) suits work that ends on another
 * thread or in interrupt context, such as block I/O completion.
 */
public sealed interface KeySource {

    /** the current task's pid_tgid */
    record Thread() implements KeySource {}

    /** a numeric field of the tracepoint record, read from the program's context */
    record Field(String name, int offset, int size) implements KeySource {
        public Field {
            if (size != 1 && size != 2 && size != 4 && size != 8) {
                throw new IllegalArgumentException(
                        "key field " + name + " must be 1, 2, 4 or 8 bytes, is " + size);
            }
            if (offset < 0 || offset > 4096)
                throw new IllegalArgumentException("key field offset out of range: " + offset);
        }
    }

    static KeySource thread() {
        return new Thread();
    }
}
