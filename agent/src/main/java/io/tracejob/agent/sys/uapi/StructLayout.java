package io.tracejob.agent.sys.uapi;

import java.util.List;

/**
 * The fields of one kernel structure that one of our typed views writes or reads.
 *
 * @param cType the C type, e.g. {@code union bpf_attr}
 * @param size bytes we pass or allocate (at least the fields' extent; the kernel checks a larger
 *     tail is zero)
 */
public record StructLayout(String cType, int size, List<StructField> fields) {
    public StructLayout {
        fields = List.copyOf(fields);
        for (StructField f : fields) {
            if (f.offset() + f.width() > size) {
                throw new IllegalArgumentException(
                        cType
                                + "."
                                + f.designator()
                                + " ends beyond the "
                                + size
                                + " bytes we pass");
            }
        }
    }

    public StructLayout(String cType, int size, StructField... fields) {
        this(cType, size, List.of(fields));
    }
}
