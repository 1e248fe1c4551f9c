package dev.flashline.transport;

/** Telnet (RFC 854/855) and COM-PORT-OPTION (RFC 2217) numbers used by {@link Rfc2217Transport}. */
final class Telnet {
    private Telnet() {
    }

    static final int IAC = 255;
    static final int DONT = 254;
    static final int DO = 253;
    static final int WONT = 252;
    static final int WILL = 251;
    static final int SB = 250;
    static final int SE = 240;

    static final int OPT_BINARY = 0;
    static final int OPT_SUPPRESS_GO_AHEAD = 3;
    static final int OPT_COM_PORT = 44;

    // COM-PORT-OPTION commands, client to server; the server answers with the same code + 100.
    static final int SET_BAUDRATE = 1;
    static final int SET_DATASIZE = 2;
    static final int SET_PARITY = 3;
    static final int SET_STOPSIZE = 4;
    static final int SET_CONTROL = 5;
    static final int PURGE_DATA = 12;
    static final int SERVER_OFFSET = 100;

    static final int PARITY_NONE = 1;
    static final int STOPSIZE_1 = 1;
    static final int CONTROL_NO_FLOW_CONTROL = 1;
    static final int CONTROL_DTR_ON = 8;
    static final int CONTROL_DTR_OFF = 9;
    static final int CONTROL_RTS_ON = 11;
    static final int CONTROL_RTS_OFF = 12;
    /** PURGE-DATA value: the access server's receive buffer (bytes from the device not yet sent to us). */
    static final int PURGE_RECEIVE_BUFFER = 1;
}
