package io.tracejob.operator.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {
    @Test
    void eachRecordIsOneParsableJsonLine() throws Exception {
        LogRecord r = new LogRecord(Level.WARNING, "pod \"a\"\nfailed\t{0}");
        r.setLoggerName("io.tracejob.x");
        r.setParameters(new Object[] {"\\path"});
        r.setThrown(new IllegalStateException("boom"));
        String line = new JsonLogFormatter().format(r);
        assertThat(line).endsWith("}\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode n = new ObjectMapper().readTree(line);
        assertThat(n.get("level").asText()).isEqualTo("WARNING");
        assertThat(n.get("logger").asText()).isEqualTo("io.tracejob.x");
        assertThat(n.get("message").asText()).isEqualTo("pod \"a\"\nfailed\t\\path");
        assertThat(n.get("error").asText()).contains("IllegalStateException: boom");
        assertThat(n.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }
}
