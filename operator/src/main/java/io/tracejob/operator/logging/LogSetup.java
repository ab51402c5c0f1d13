package io.tracejob.operator.logging;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Routes every log (SLF4J → JUL) to stderr, as JSON lines or readable lines. */
public final class LogSetup {
    private LogSetup() {}

    public static void configure(boolean json) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) root.removeHandler(h);
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(json ? new JsonLogFormatter() : new LineLogFormatter());
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.INFO);
    }
}
