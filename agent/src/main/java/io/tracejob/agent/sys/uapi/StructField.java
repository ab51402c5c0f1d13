package io.tracejob.agent.sys.uapi;

/**
 * One field of a kernel uapi structure: where we write it and how wide it is. The C designator lets
 * the layout test ask the C compiler for the real offsetof()/sizeof() from the installed headers.
 *
 * @param designator member path as C's offsetof() takes it, e.g. {@code
 *     link_create.uprobe_multi.path}
 * @param offset byte offset from the start of the structure
 * @param width bytes: 4 or 8 for integers and pointers, the array length for a char array
 * @param sinceKernel first kernel whose headers have the field, e.g. {@code 6.6}; older headers
 *     cannot check it
 */
public record StructField(String designator, int offset, int width, String sinceKernel) {
    public StructField(String designator, int offset, int width) {
        this(designator, offset, width, null);
    }
}
