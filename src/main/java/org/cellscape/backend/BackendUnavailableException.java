package org.cellscape.backend;

import org.cellscape.CellscapeException;

/** This machine cannot run the backend; the message says why, in one line. */
public class BackendUnavailableException extends CellscapeException {
    public BackendUnavailableException(String message) {
        super(BACKEND, message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(BACKEND, message, cause);
    }
}
