package dev.flashline.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parsed {@code --port} value: a serial port name, {@code socket://HOST:PORT} (raw TCP) or
 * {@code rfc2217://HOST:PORT} (telnet COM-port control).
 *
 * @param kind which transport serves it
 * @param path the serial port name as given (serial only, else null)
 * @param host the host (network kinds only, else null)
 * @param port the TCP port (network kinds only, else 0)
 * @param text the value as the user wrote it, for messages
 */
public record PortUrl(Kind kind, String path, String host, int port, String text) {

    public enum Kind { SERIAL, SOCKET, RFC2217 }

    public static final String USAGE = "use a serial port (/dev/ttyUSB0, /dev/pts/7, COM3), "
            + "socket://HOST:PORT (raw TCP, e.g. 'flashline simulate') or rfc2217://HOST:PORT (e.g. ser2net)";

    // "host:1234" without a scheme is a common slip; catching it gives a better message than "no such port".
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-]+:\\d{1,5}");

    public static PortUrl parse(String text) throws TransportException {
        if (text == null || text.isBlank()) {
            throw new TransportException("No port given", USAGE);
        }
        String value = text.strip();
        int schemeEnd = value.indexOf("://");
        if (schemeEnd < 0) {
            if (HOST_PORT.matcher(value).matches() && !value.regionMatches(true, 0, "COM", 0, 3)) {
                throw new TransportException("'" + value + "' looks like a network address without a scheme",
                        "write socket://" + value + " (raw TCP) or rfc2217://" + value + " (RFC 2217, e.g. ser2net)");
            }
            return new PortUrl(Kind.SERIAL, value, null, 0, value);
        }
        String scheme = value.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        Kind kind = switch (scheme) {
            case "socket" -> Kind.SOCKET;
            case "rfc2217" -> Kind.RFC2217;
            default -> throw new TransportException("Unknown port scheme '" + scheme + "://' in '" + value + "'", USAGE);
        };
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new TransportException("Malformed port URL '" + value + "'", USAGE, e);
        }
        String host = uri.getHost();
        int port = uri.getPort();
        boolean extra = (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null;
        if (host == null || port < 1 || port > 65535 || extra) {
            throw new TransportException("Malformed port URL '" + value + "': expected " + scheme + "://HOST:PORT", USAGE);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new PortUrl(kind, null, host, port, value);
    }

    @Override
    public String toString() {
        return text;
    }
}
