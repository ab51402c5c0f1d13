package io.tracejob.agent.cli;

/** A command-line option breaks a rule; the message names the option. */
final class BadInputException extends Exception {
    BadInputException(String message) {
        super(message);
    }
}
