package dev.flashline.transport;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;

import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A local serial port through jSerialComm: USB-UART adapters, built-in UARTs and pseudo-terminals.
 *
 * <p>What jSerialComm 2.11.4 does on Linux, and how this class copes:
 * <ul>
 *   <li>Reads use TIMEOUT_READ_SEMI_BLOCKING (poll in native code, no busy waiting). A read timeout of
 *       0 there means "wait forever", so a zero timeout is served from {@code bytesAvailable()}.</li>
 *   <li>When the device goes away (adapter unplugged, the pty's other side closed) {@code readBytes}
 *       and {@code bytesAvailable} return -1 at once (errno EIO) while {@code isOpen()} stays true, and
 *       {@code writeBytes} returns 0, not -1: both are turned into {@link LinkClosedException}.</li>
 *   <li>On a pseudo-terminal the modem-control ioctls fail with ENOTTY: {@code setDTR} etc. return
 *       false. That is a property of the port ({@link #hasControlLines()} false), not an error.</li>
 *   <li>{@code flushIOBuffers} drops output too, so {@link #flushInput()} drains by reading instead.</li>
 * </ul>
 */
public final class SerialPortTransport implements Transport {
    // Linux errno values jSerialComm reports through getLastErrorCode().
    private static final int ENOENT = 2;
    private static final int EPERM = 1;
    private static final int ENXIO = 6;
    private static final int EAGAIN = 11;
    private static final int EACCES = 13;
    private static final int EBUSY = 16;
    private static final int ENODEV = 19;
    private static final int ENOTTY = 25;

    private static final long FLUSH_LIMIT_MILLIS = 500;

    private final SerialPort port;
    private final String name;
    private int baud;
    private boolean controlLines;
    private int configuredReadTimeout = -1;
    private volatile boolean closed;

    private SerialPortTransport(SerialPort port, String name) {
        this.port = port;
        this.name = name;
    }

    /** Opens {@code name} at 115200 baud, 8N1, no flow control. */
    public static SerialPortTransport open(String name) throws TransportException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(name);
        } catch (SerialPortInvalidPortException e) {
            TransportException missing = noSuchPort(name);
            missing.initCause(e);
            throw missing;
        }
        if (!port.openPort()) {
            throw openFailure(name, port.getLastErrorCode(), port.getLastErrorLocation());
        }
        SerialPortTransport t = new SerialPortTransport(port, name);
        try {
            t.configure();
        } catch (TransportException e) {
            port.closePort();
            throw e;
        }
        return t;
    }

    private void configure() throws TransportException {
        boolean ok = port.setComPortParameters(Transports.INITIAL_BAUD, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY)
                && port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        if (!ok) {
            throw new TransportException("Cannot configure " + name + " for 115200 8N1 (error " + port.getLastErrorCode() + ")",
                    "check that " + name + " is a serial port");
        }
        baud = Transports.INITIAL_BAUD;
        setReadTimeout(100);
        // The OS asserts DTR and RTS when a tty is opened (jSerialComm does it again while opening), so
        // asserting them once more changes nothing on a real port and tells whether the lines exist.
        controlLines = port.setDTR() && port.setRTS();
    }

    private void setReadTimeout(int millis) {
        if (millis != configuredReadTimeout) {
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, millis, 0);
            configuredReadTimeout = millis;
        }
    }

    @Override
    public String description() {
        return name;
    }

    @Override
    public synchronized void write(byte[] data, int offset, int length) throws IOException {
        ensureOpen();
        int done = 0;
        int stalls = 0;
        while (done < length) {
            int n = port.writeBytes(data, length - done, offset + done);
            if (n < 0 || (n == 0 && port.bytesAvailable() < 0)) {
                throw gone();
            }
            if (n == 0) {
                if (++stalls > 50) {
                    throw new IOException("Writing to " + name + " makes no progress (error " + port.getLastErrorCode() + ")");
                }
                sleepQuietly(20);
            } else {
                stalls = 0;
            }
            done += n;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws IOException {
        ensureOpen();
        if (length == 0) {
            return 0;
        }
        int n;
        if (timeoutMillis <= 0) {
            int available = port.bytesAvailable();
            if (available < 0) {
                throw gone();
            }
            if (available == 0) {
                return 0;
            }
            n = port.readBytes(buffer, Math.min(available, length), offset);
        } else {
            setReadTimeout((int) Math.min(timeoutMillis, Integer.MAX_VALUE));
            n = port.readBytes(buffer, length, offset);
        }
        if (n < 0 || (n == 0 && port.bytesAvailable() < 0)) {
            throw gone();
        }
        return n;
    }

    @Override
    public synchronized void setBaudRate(int newBaud) throws IOException {
        ensureOpen();
        if (!port.setBaudRate(newBaud)) {
            if (port.bytesAvailable() < 0) {
                throw gone();
            }
            throw new TransportException(name + " does not accept " + newBaud + " baud (error " + port.getLastErrorCode() + ")",
                    Hint.of("set {} to a standard rate such as 115200, 230400 or 460800", Setting.BAUD), null);
        }
        baud = newBaud;
    }

    @Override
    public int baudRate() {
        return baud;
    }

    @Override
    public boolean setsLineRate() {
        return true;
    }

    @Override
    public boolean hasControlLines() {
        return controlLines;
    }

    @Override
    public synchronized void setDtr(boolean asserted) throws IOException {
        ensureOpen();
        if (controlLines && !(asserted ? port.setDTR() : port.clearDTR())) {
            lineFailed();
        }
    }

    @Override
    public synchronized void setRts(boolean asserted) throws IOException {
        ensureOpen();
        if (controlLines && !(asserted ? port.setRTS() : port.clearRTS())) {
            lineFailed();
        }
    }

    private void lineFailed() throws LinkClosedException {
        if (port.bytesAvailable() < 0) {
            throw gone();
        }
        controlLines = false;
    }

    @Override
    public void flushInput() throws IOException {
        ensureOpen();
        byte[] sink = new byte[1024];
        int available;
        // bounded: a device that never stops talking must not hold the caller here forever
        long deadline = System.currentTimeMillis() + FLUSH_LIMIT_MILLIS;
        while ((available = port.bytesAvailable()) > 0 && System.currentTimeMillis() < deadline) {
            if (port.readBytes(sink, Math.min(available, sink.length), 0) < 0) {
                throw gone();
            }
        }
        if (available < 0) {
            throw gone();
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            port.closePort();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(name + " is closed");
        }
    }

    private LinkClosedException gone() {
        return new LinkClosedException("Serial port " + name + " went away (unplugged, powered off, or its other end closed)");
    }

    private static TransportException noSuchPort(String name) {
        return new TransportException("No serial port " + name,
                "plug the USB-serial adapter in and check the name (`flashline ports` lists the ports it sees); on Linux it is usually /dev/ttyUSB0 or /dev/ttyACM0");
    }

    static TransportException openFailure(String name, int errno, int location) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        if (windows) {
            // Windows reports ERROR_ACCESS_DENIED (5) when another program holds the port.
            return switch (errno) {
                case 2, 3 -> noSuchPort(name);
                case 5, 32 -> busy(name);
                default -> other(name, errno, location);
            };
        }
        return switch (errno) {
            case ENOENT, ENXIO, ENODEV -> Files.exists(Path.of(name))
                    // jSerialComm reports ENOENT when this very program already holds the port.
                    ? busy(name) : noSuchPort(name);
            case EACCES, EPERM -> new TransportException("Permission denied opening " + name,
                    "add yourself to the group owning the port (usually: sudo usermod -aG dialout $USER, then log in again)");
            case EAGAIN, EBUSY -> busy(name);
            case ENOTTY -> new TransportException(name + " is not a serial port", "pass a serial device such as /dev/ttyUSB0");
            default -> other(name, errno, location);
        };
    }

    private static TransportException busy(String name) {
        return new TransportException(name + " is busy: another program has it open",
                "close the other program using it (serial monitor, screen, minicom, ModemManager, another flashline)");
    }

    private static TransportException other(String name, int errno, int location) {
        return new TransportException("Cannot open " + name + " (system error " + errno + " at " + location + ")",
                "check the cable and that the port is not in use");
    }

    private static void sleepQuietly(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            java.io.InterruptedIOException interrupted = new java.io.InterruptedIOException("interrupted while writing");
            interrupted.initCause(e);
            throw interrupted;
        }
    }
}
