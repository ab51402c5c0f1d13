package io.tracejob.agent.tracefs;

/**
 * One field of a tracepoint's raw record, as its {@code format} file describes it.
 *
 * @param type the C declaration without the name: {@code unsigned short}, {@code char[16]}, {@code
 *     __data_loc char[]}
 * @param offset byte offset in the raw record (the BPF program's context for a tracepoint program)
 */
public record TracepointField(String name, String type, int offset, int size, boolean signed) {
    /**
     * A dynamic field: the record holds a u32 (offset | length << 16) pointing at the data, not the
     * value.
     */
    public boolean isDynamic() {
        return type.startsWith("__data_loc") || type.startsWith("__rel_loc");
    }

    public boolean isArray() {
        return type.contains("[");
    }

    /**
     * Loadable as one integer of 1, 2, 4 or 8 bytes (pointers included), i.e. usable as a key or a
     * value.
     */
    public boolean isNumeric() {
        return !isDynamic() && !isArray() && (size == 1 || size == 2 || size == 4 || size == 8);
    }

    public boolean isCommon() {
        return name.startsWith("common_");
    }
}
