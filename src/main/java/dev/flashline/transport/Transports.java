package dev.flashline.transport;

import java.io.IOException;

/** Opens the transport a {@code --port} value names. */
public final class Transports {
    /** The rate a link starts at: the ROM loaders' banner rate after reset, and the rate tried when syncing at speed fails. */
    public static final int INITIAL_BAUD = 115200;

    private Transports() {
    }

    /**
     * Opens {@code url} at 115200 baud, 8N1, no flow control.
     *
     * @throws TransportException when the URL is malformed or the link cannot be opened (with a hint)
     */
    public static Transport open(String url) throws IOException {
        return open(PortUrl.parse(url));
    }

    public static Transport open(PortUrl url) throws IOException {
        return switch (url.kind()) {
            case SERIAL -> SerialPortTransport.open(url.path());
            case SOCKET -> TcpTransport.open(url.host(), url.port());
            case RFC2217 -> Rfc2217Transport.open(url.host(), url.port());
        };
    }
}
