package io.tracejob.agent.tracefs;

import java.util.List;
import java.util.Optional;

/** A tracepoint: its perf event id ({@code attr.config}) and record layout. */
public record TracepointInfo(String category, String name, int id, List<TracepointField> fields) {
    public Optional<TracepointField> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }
}
