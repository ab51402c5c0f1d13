package io.tracejob.api.v1alpha1.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API server and CEL use RE2; SpecValidator uses java.util.regex. Each pattern must compile in
 * both and give the same answer on a corpus of friendly and hostile strings.
 */
class RulesTest {

    private static final List<String> CORPUS =
            List.of(
                    "",
                    "a",
                    "A_1",
                    "9",
                    "_",
                    "match_order",
                    "main.(*Book).Match",
                    "$(id)",
                    "a;b",
                    "a b",
                    "a\nb",
                    "a\u0000",
                    "/app/bin",
                    "/app/../x",
                    "/app/./x",
                    "//x",
                    "/app/",
                    "/",
                    "/.x",
                    "/..x",
                    "/...",
                    "block:block_rq_issue",
                    "block:",
                    ":x",
                    "xhci-hcd:xhci_dbg",
                    "10s",
                    "1m30s",
                    "1.5h",
                    "1.s",
                    "-1s",
                    "http://p:9090",
                    "http://u@p",
                    "https://p/api/v1",
                    "0 * * * *",
                    "@daily",
                    "@reboot",
                    "* * * *",
                    "Europe/Berlin",
                    "Etc/GMT+5",
                    "a..b",
                    "pod-0",
                    "Pod",
                    "a.b.c",
                    "-a",
                    "a-",
                    "é",
                    "up{a=\"b\"}",
                    "x\ty",
                    "\u007f",
                    "a".repeat(300));

    @Test
    void everyPatternCompilesInRe2AndJavaAndTheyAgree() throws IllegalAccessException {
        List<String> patterns = new ArrayList<>();
        for (Field f : Rules.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    && f.getType() == String.class
                    && ((String) f.get(null)).startsWith("^")) {
                patterns.add(f.getName());
                String p = (String) f.get(null);
                assertThat(p).as(f.getName() + " is anchored").endsWith("$");
                com.google.re2j.Pattern re2 = com.google.re2j.Pattern.compile(p);
                java.util.regex.Pattern jdk = java.util.regex.Pattern.compile(p);
                for (String s : CORPUS) {
                    assertThat(jdk.matcher(s).matches())
                            .as(f.getName() + " on " + s)
                            .isEqualTo(re2.matcher(s).find());
                }
            }
        }
        assertThat(patterns).hasSizeGreaterThanOrEqualTo(12);
    }
}
