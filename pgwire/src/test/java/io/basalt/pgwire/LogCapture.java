package io.basalt.pgwire;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Records log events (of every logger, at the levels logback-test.xml lets through) while open. */
final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    /** Events at {@code level} or above, formatted as "LEVEL logger: message". */
    List<String> atLeast(Level level) {
        synchronized (appender) { // AppenderBase.doAppend holds this lock
            return appender.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(level))
                .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                    + (e.getThrowableProxy() != null ? " / " + e.getThrowableProxy().getClassName() + ": "
                    + e.getThrowableProxy().getMessage() : ""))
                .toList();
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
