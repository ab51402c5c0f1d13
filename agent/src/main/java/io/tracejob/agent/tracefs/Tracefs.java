package io.tracejob.agent.tracefs;

import io.tracejob.agent.elf.ClosestNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Looks tracepoints up in tracefs ({@code events/<category>/<name>/{id,format}}). */
public final class Tracefs {
    /**
     * Category and event names are C identifiers in practice; anything else never reaches the
     * filesystem.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,127}");

    private static final Pattern FIELD =
            Pattern.compile(
                    "^\\s*field:(.+?);\\s*offset:(\\d+);\\s*size:(\\d+);\\s*signed:(\\d+);");

    private Tracefs() {}

    /**
     * @param field the spec field the names came from (e.g. {@code spec.probe.tracepoint}), named
     *     in every error
     */
    public static TracepointInfo find(String field, String category, String name)
            throws IOException {
        return find(TracefsRoot.require(), field, category, name);
    }

    static TracepointInfo find(Path root, String field, String category, String name)
            throws IOException {
        validate(field, "category", category);
        validate(field, "name", name);
        Path events = root.resolve("events");
        Path cat = events.resolve(category);
        if (!Files.isDirectory(cat)) {
            List<String> close = ClosestNames.of(category, list(events), 5);
            throw new TracefsException(
                    field
                            + ": no tracepoint category '"
                            + category
                            + "' in "
                            + events
                            + (close.isEmpty()
                                    ? ""
                                    : " (did you mean " + String.join(", ", close) + "?)"));
        }
        Path dir = cat.resolve(name);
        if (!Files.isRegularFile(dir.resolve("format"))) {
            List<String> close = ClosestNames.of(name, list(cat), 5);
            throw new TracefsException(
                    field
                            + ": no tracepoint '"
                            + category
                            + ":"
                            + name
                            + "'"
                            + (close.isEmpty()
                                    ? " (" + list(cat).size() + " events in " + category + ")"
                                    : " (did you mean "
                                            + close.stream()
                                                    .map(c -> category + ":" + c)
                                                    .collect(Collectors.joining(", "))
                                            + "?)"));
        }
        return parse(
                category, name, Files.readString(dir.resolve("format"), StandardCharsets.UTF_8));
    }

    /** Parses a tracefs {@code format} file. */
    public static TracepointInfo parse(String category, String name, String format)
            throws TracefsException {
        int id = -1;
        List<TracepointField> fields = new ArrayList<>();
        for (String line : format.split("\n")) {
            if (line.startsWith("ID:")) {
                id = Integer.parseInt(line.substring(3).trim());
                continue;
            }
            Matcher m = FIELD.matcher(line);
            if (m.find())
                fields.add(
                        field(
                                m.group(1).trim(),
                                Integer.parseInt(m.group(2)),
                                Integer.parseInt(m.group(3)),
                                m.group(4).equals("1")));
        }
        if (id < 0)
            throw new TracefsException(
                    "tracepoint " + category + ":" + name + ": format file has no ID line");
        return new TracepointInfo(category, name, id, List.copyOf(fields));
    }

    /**
     * Splits a C declaration such as {@code char comm[16]} or {@code __data_loc char[] cmd} into
     * name and type.
     */
    private static TracepointField field(String decl, int offset, int size, boolean signed) {
        String array = "";
        String d = decl;
        int bracket = d.lastIndexOf('[');
        if (bracket > 0
                && d.endsWith("]")
                && !d.substring(0, bracket).endsWith(" ")
                && isIdentEnd(d, bracket)) {
            array = d.substring(bracket); // "name[16]": the dimension belongs to the type
            d = d.substring(0, bracket);
        }
        int i = d.length();
        while (i > 0 && (Character.isLetterOrDigit(d.charAt(i - 1)) || d.charAt(i - 1) == '_')) i--;
        String name = d.substring(i);
        String type = (d.substring(0, i).trim() + array).trim();
        return new TracepointField(name, type, offset, size, signed);
    }

    private static boolean isIdentEnd(String d, int bracket) {
        char c = d.charAt(bracket - 1);
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static void validate(String field, String what, String value) throws TracefsException {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new TracefsException(
                    field
                            + ": tracepoint "
                            + what
                            + " '"
                            + value
                            + "' is not a valid name (letters, digits, '_' and '-' only, like syscalls:sys_enter_read)");
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .collect(Collectors.toList());
        }
    }
}
