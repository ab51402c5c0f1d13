package io.tracejob.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The one place of image names: .ci/build-images tags these, the operator's default agent image is
 * this one.
 */
class ImageNamesTest {
    @Test
    void defaultAgentImageIsTheOneTheBuildScriptTags() throws Exception {
        Properties p = new Properties();
        try (InputStream in = ImageNames.class.getResourceAsStream(ImageNames.RESOURCE)) {
            p.load(in);
        }
        assertThat(p.stringPropertyNames())
                .containsExactlyInAnyOrder("agent.image", "operator.image");
        assertThat(OperatorConfig.builder().agentNamespace("a").build().agentImage())
                .isEqualTo(OperatorConfig.DEFAULT_IMAGE)
                .isEqualTo(ImageNames.agent())
                .isEqualTo(p.getProperty("agent.image"));
        assertThat(ImageNames.operator())
                .matches("[a-z0-9./-]+/tracejob-operator:[0-9][0-9A-Za-z.-]*");
    }
}
