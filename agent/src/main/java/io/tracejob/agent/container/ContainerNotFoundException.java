package io.tracejob.agent.container;

import java.io.IOException;

/** No process of the container is on this node; the message says what was searched and where. */
public class ContainerNotFoundException extends IOException {
    public ContainerNotFoundException(String message) {
        super(message);
    }
}
