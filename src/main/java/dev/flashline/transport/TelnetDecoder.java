package dev.flashline.transport;

import java.io.ByteArrayOutputStream;

/**
 * Splits an incoming telnet stream into data bytes and commands: un-doubles IAC IAC, reports option
 * negotiation (WILL/WONT/DO/DONT) and subnegotiations (IAC SB ... IAC SE), drops every other command.
 * Keeps its state between calls, so a command may be split across TCP segments.
 */
final class TelnetDecoder {

    interface Listener {
        void negotiation(int command, int option);

        void subnegotiation(int option, byte[] payload);
    }

    private enum State { DATA, IAC, OPTION, SB_OPTION, SB_DATA, SB_IAC }

    private final Listener listener;
    private final ByteArrayOutputStream sbPayload = new ByteArrayOutputStream();
    private State state = State.DATA;
    private int command;
    private int sbOption;

    TelnetDecoder(Listener listener) {
        this.listener = listener;
    }

    /**
     * Decodes {@code length} bytes of {@code in}, writing the data bytes to {@code out} (at least
     * {@code length} long; may be {@code in} itself, data never outruns input).
     *
     * @return the number of data bytes written
     */
    int decode(byte[] in, int offset, int length, byte[] out) {
        int n = 0;
        for (int i = offset; i < offset + length; i++) {
            int b = in[i] & 0xFF;
            switch (state) {
                case DATA -> {
                    if (b == Telnet.IAC) {
                        state = State.IAC;
                    } else {
                        out[n++] = (byte) b;
                    }
                }
                case IAC -> {
                    if (b == Telnet.IAC) {
                        out[n++] = (byte) b;
                        state = State.DATA;
                    } else if (b >= Telnet.WILL && b <= Telnet.DONT) {
                        command = b;
                        state = State.OPTION;
                    } else if (b == Telnet.SB) {
                        state = State.SB_OPTION;
                    } else {
                        state = State.DATA; // NOP, GA, DM, ...: nothing to do for a serial link
                    }
                }
                case OPTION -> {
                    state = State.DATA;
                    listener.negotiation(command, b);
                }
                case SB_OPTION -> {
                    sbOption = b;
                    sbPayload.reset();
                    state = State.SB_DATA;
                }
                case SB_DATA -> {
                    if (b == Telnet.IAC) {
                        state = State.SB_IAC;
                    } else {
                        sbPayload.write(b);
                    }
                }
                case SB_IAC -> {
                    if (b == Telnet.IAC) {
                        sbPayload.write(b);
                        state = State.SB_DATA;
                    } else {
                        // IAC SE ends it; any other command here is malformed and ends it as well
                        state = State.DATA;
                        listener.subnegotiation(sbOption, sbPayload.toByteArray());
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return n;
    }

    /** {@code data} with every 0xFF doubled, as telnet requires for data and subnegotiation bytes. */
    static byte[] escape(byte[] data, int offset, int length) {
        int extra = 0;
        for (int i = offset; i < offset + length; i++) {
            if (data[i] == (byte) Telnet.IAC) {
                extra++;
            }
        }
        byte[] out = new byte[length + extra];
        int j = 0;
        for (int i = offset; i < offset + length; i++) {
            out[j++] = data[i];
            if (data[i] == (byte) Telnet.IAC) {
                out[j++] = data[i];
            }
        }
        return out;
    }
}
