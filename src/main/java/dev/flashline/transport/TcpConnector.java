package dev.flashline.transport;

import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Opens the TCP connection under socket:// and rfc2217:// and explains why one cannot be made. */
final class TcpConnector {
    static final int CONNECT_TIMEOUT_MILLIS = 5000;

    private TcpConnector() {
    }

    static Socket connect(String url, String host, int port) throws TransportException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true); // the loader's request/response rhythm suffers from Nagle's delay
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return socket;
        } catch (UnknownHostException e) {
            closeQuietly(socket);
            throw new TransportException("Unknown host '" + host + "' in " + url, Hint.of("check the host name in {}", Setting.PORT), e);
        } catch (ConnectException e) {
            closeQuietly(socket);
            throw new TransportException("Connection refused by " + host + ":" + port + " (" + url + ")",
                    "is 'flashline simulate' or ser2net running and listening on port " + port + "?", e);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new TransportException("No answer from " + host + ":" + port + " within "
                    + CONNECT_TIMEOUT_MILLIS / 1000 + " s (" + url + ")", "check the address and any firewall in between", e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new TransportException("Cannot connect to " + url + ": " + e.getMessage(),
                    "check the address and that the server is running", e);
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
