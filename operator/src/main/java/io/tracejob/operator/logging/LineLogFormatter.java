package io.tracejob.operator.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** One readable line per record: time, level, short logger name, message. */
public final class LineLogFormatter extends Formatter {
    @Override
    public String format(LogRecord r) {
        String logger =
                r.getLoggerName() == null
                        ? ""
                        : r.getLoggerName().substring(r.getLoggerName().lastIndexOf('.') + 1);
        String line =
                Instant.ofEpochMilli(r.getMillis())
                        + " "
                        + r.getLevel().getName()
                        + " "
                        + logger
                        + " - "
                        + formatMessage(r)
                        + "\n";
        if (r.getThrown() == null) return line;
        StringWriter w = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(w));
        return line + w;
    }
}
