package io.tracejob.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.operator.completion.FailureReasons;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventReasonTest {

    /**
     * An agent outcome's reason becomes the job's reason: each one the outcome reader may give
     * needs an entry.
     */
    @Test
    void everyAgentFailureReasonHasAnEventReason() throws IllegalAccessException {
        List<Field> constants =
                Arrays.stream(FailureReasons.class.getFields())
                        .filter(
                                f ->
                                        Modifier.isStatic(f.getModifiers())
                                                && f.getType() == String.class)
                        .toList();
        assertThat(constants).hasSizeGreaterThanOrEqualTo(12);
        for (Field f : constants) {
            String text = (String) f.get(null);
            assertThat(EventReason.of(text).text()).as(f.getName()).isEqualTo(text);
        }
    }

    @Test
    void reasonsAreCamelCaseWordsAndUnique() {
        assertThat(EventReason.values())
                .extracting(EventReason::text)
                .allMatch(t -> t.matches("[A-Z][A-Za-z]+"))
                .doesNotHaveDuplicates();
    }

    @Test
    void anUnknownReasonIsRefusedByName() {
        assertThatThrownBy(() -> EventReason.of("AgentTookANap"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'AgentTookANap'");
    }
}
