package io.tracejob.agent.bpf;

/**
 * Map and program names as the kernel accepts them: [A-Za-z0-9_.], at most 15 bytes
 * (BPF_OBJ_NAME_LEN - 1).
 */
final class ObjectName {
    private ObjectName() {}

    static final int MAX = 15;

    /**
     * Validates characters and truncates to 15 bytes (the name is only a label in bpftool/fdinfo).
     */
    static String check(String what, String name) {
        if (name == null) return "";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '_'
                            || c == '.';
            if (!ok) {
                throw new IllegalArgumentException(
                        what
                                + " name '"
                                + name
                                + "' has character '"
                                + c
                                + "'; the kernel allows only letters, digits, '_' and '.'");
            }
        }
        return name.length() > MAX ? name.substring(0, MAX) : name;
    }
}
