package dev.flashline.flasher;

import dev.flashline.loader.Loader;
import dev.flashline.loader.ResetStrategy;
import java.nio.file.Path;

/**
 * How to reach and drive a device: port URL, reset before and after, the baud rate to switch to
 * once a stub runs, which stub (a file, none, or the bundled one), and how long `wait` may wait.
 */
public record ConnectOptions(String port, ResetStrategy before, AfterAction after, int baud,
                             Path stubFile, boolean noStub, long waitMillis) {

    public static ConnectOptions defaults(String port) {
        return new ConnectOptions(port, ResetStrategy.DEFAULT_RESET, AfterAction.SOFT_RESET, Loader.ROM_BAUD,
                null, false, 0);
    }

    public ConnectOptions withBefore(ResetStrategy value) {
        return new ConnectOptions(port, value, after, baud, stubFile, noStub, waitMillis);
    }

    public ConnectOptions withAfter(AfterAction value) {
        return new ConnectOptions(port, before, value, baud, stubFile, noStub, waitMillis);
    }

    public ConnectOptions withBaud(int value) {
        return new ConnectOptions(port, before, after, value, stubFile, noStub, waitMillis);
    }

    public ConnectOptions withStub(Path file, boolean none) {
        return new ConnectOptions(port, before, after, baud, file, none, waitMillis);
    }

    public ConnectOptions withWaitMillis(long value) {
        return new ConnectOptions(port, before, after, baud, stubFile, noStub, value);
    }
}
