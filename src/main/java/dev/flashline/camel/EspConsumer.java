package dev.flashline.camel;

import dev.flashline.errors.FlashlineException;
import dev.flashline.flasher.FlashSession;
import dev.flashline.loader.DeviceUnreachableException;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.transport.SerialPorts;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits one exchange per device that appears: on each configured port (a jig where the operator
 * powers up one Sonoff after another in download mode) and, when asked, on serial adapters that get
 * plugged in. Each port has its own worker; a port is busy until its device's exchange completes.
 */
public class EspConsumer extends DefaultConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(EspConsumer.class);
    /** How long one look for a device lasts before the worker checks whether it should stop. */
    private static final long LOOK_MILLIS = 2_000;

    private final EspEndpoint endpoint;
    private final Set<String> activePorts = ConcurrentHashMap.newKeySet();
    /** The MAC last handled on each port: not offered again until the port has been seen without it. */
    private final java.util.Map<String, String> lastMac = new ConcurrentHashMap<>();
    /** The last device of each port stays attached (powered, console open) until the port is looked at again. */
    private final java.util.Map<String, DeviceRun> attached = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger emitted = new java.util.concurrent.atomic.AtomicInteger();
    private ExecutorService workers;
    private ScheduledExecutorService watcher;

    public EspConsumer(EspEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        var executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        workers = executors.newFixedThreadPool(this, "esp-devices", Math.max(1, endpoint.getConcurrency()));
        for (String port : configuredPorts()) {
            startPort(port, ResetStrategy.parse(endpoint.getBefore()));
        }
        if (endpoint.isWatchSerial()) {
            watcher = executors.newSingleThreadScheduledExecutor(this, "esp-port-watch");
            watcher.scheduleWithFixedDelay(this::lookForNewAdapters, 0, Math.max(200, endpoint.getPollDelay()), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() throws Exception {
        attached.values().forEach(DeviceRun::close);
        attached.clear();
        if (watcher != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(watcher);
        }
        if (workers != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(workers);
        }
        super.doStop();
    }

    List<String> configuredPorts() {
        return Arrays.stream(endpoint.getPorts().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** New USB serial adapters: the usual Sonoff flashing jig has an auto-reset circuit, so reset them. */
    private void lookForNewAdapters() {
        for (var port : SerialPorts.list()) {
            if (!activePorts.contains(port.path())) {
                LOG.info("New serial port {} ({}{})", port.path(), port.description(), port.isUsb() ? ", USB " + port.usbId() : "");
                startPort(port.path(), ResetStrategy.DEFAULT_RESET);
            }
        }
    }

    private void startPort(String port, ResetStrategy reset) {
        if (activePorts.add(port)) {
            workers.submit(() -> watchPort(port, reset));
        }
    }

    private void watchPort(String port, ResetStrategy reset) {
        try {
            while (isRunAllowed() && !Thread.currentThread().isInterrupted() && !batchDone()) {
                detach(port);
                FlashSession session = lookForDevice(port, reset);
                if (session == null) {
                    lastMac.remove(port); // the port is empty: whatever comes next is a new device
                    pause();
                    continue;
                }
                String mac = session.chip().mac();
                if (batchDone() || mac.equals(lastMac.put(port, mac))) {
                    // The device just handled is still attached (an auto-reset adapter brings it back
                    // into download mode): wait until the operator swaps it.
                    session.release();
                    pause();
                    continue;
                }
                emitted.incrementAndGet();
                emit(port, session);
                if (endpoint.isOncePerPort()) {
                    return;
                }
            }
        } finally {
            activePorts.remove(port);
        }
    }

    private FlashSession lookForDevice(String port, ResetStrategy reset) {
        try {
            return FlashSession.open(endpoint.connectOptions(port, reset, LOOK_MILLIS), line -> LOG.debug("[{}] {}", port, line));
        } catch (FlashlineException e) {
            LOG.debug("[{}] no device yet: {}", port, e.getMessage());
            if (e instanceof DeviceUnreachableException u) {
                var d = u.diagnosis();
                endpoint.getComponent().getDeviceEvents().noDevice(port, d.cause(), d.detail(), d.hint());
            }
            return null;
        }
    }

    private void emit(String port, FlashSession session) {
        Exchange exchange = createExchange(false);
        DeviceEvents events = endpoint.getComponent().getDeviceEvents();
        DeviceRun run = new DeviceRun(port, events);
        run.session(session);
        events.deviceFound(run);
        exchange.setProperty(EspConstants.DEVICE_RUN, run);
        exchange.getMessage().setHeader(EspConstants.PORT, port);
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            attached.put(port, run);
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Provisioning on " + port + " failed", exchange, exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }

    private boolean batchDone() {
        return endpoint.getMaxDevices() > 0 && emitted.get() >= endpoint.getMaxDevices();
    }

    private void detach(String port) {
        DeviceRun previous = attached.remove(port);
        if (previous != null) {
            previous.close();
        }
    }

    private void pause() {
        try {
            Thread.sleep(Math.max(50, endpoint.getPollDelay()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
