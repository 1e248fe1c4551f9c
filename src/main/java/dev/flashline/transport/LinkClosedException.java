package dev.flashline.transport;

import java.io.IOException;

/** The device side of a link went away (cable pulled, socket closed, device powered off). */
public class LinkClosedException extends IOException {
    public LinkClosedException(String message) {
        super(message);
    }
}
