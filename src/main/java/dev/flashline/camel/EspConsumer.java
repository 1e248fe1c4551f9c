package dev.flashline.camel;

import dev.flashline.errors.FlashlineException;
import dev.flashline.flasher.FlashSession;
import dev.flashline.flasher.StubNotStartedException;
import dev.flashline.loader.DeviceUnreachableException;
import dev.flashline.loader.Diagnosis;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.chip.ChipInfo;
import dev.flashline.transport.SerialPorts;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits one exchange per device that appears: on each configured port (a jig where the operator
 * powers up one Sonoff after another in download mode) and, when asked, on serial adapters that get
 * plugged in. Every port is looked at in turn by short one-shot tasks, so no port holds a thread
 * while it waits; {@code concurrency} bounds the devices being provisioned at once (a found device
 * waits for its turn, first come first served). A port is busy until its device's exchange
 * completes; that device then stays attached (port open, firmware running) until the port is
 * looked at again. A device that is there but does not get connected (no sync with a banner or
 * bytes on the line, a stub that never starts, no answer after SYNC) is reported at every attempt
 * with its cause; after {@code attempts} it goes down the route as failed and the port moves on.
 */
public class EspConsumer extends DefaultConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(EspConsumer.class);
    /** How long one look for a device lasts; the port is free for others (and for stopping) between looks. */
    private static final long LOOK_MILLIS = 2_000;

    /** A watched port: how to reach its devices, and whether it is done or its adapter vanished. */
    private static final class Watch {
        final ResetStrategy reset;
        final boolean adapter;
        volatile boolean done;
        volatile boolean gone;
        /** The device this watch handed to the route last (it may still be attached). */
        volatile DeviceRun lastRun;

        Watch(ResetStrategy reset, boolean adapter) {
            this.reset = reset;
            this.adapter = adapter;
        }
    }

    /** Attempts in a row that failed for one device (its MAC once known). */
    private record Failures(String mac, int count) {
    }

    private final EspEndpoint endpoint;
    private final EspConfiguration config;
    private final Map<String, Watch> watched = new ConcurrentHashMap<>();
    /** The MAC last handled on each port: not offered again until the port has been seen without it. */
    private final Map<String, String> lastMac = new ConcurrentHashMap<>();
    /** The last device of each port stays attached (powered, console open) until the port is looked at again. */
    private final Map<String, DeviceRun> attached = new ConcurrentHashMap<>();
    /** Failed connection attempts of the device on each port, in a row. */
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final AtomicInteger claimed = new AtomicInteger();
    private Semaphore inFlight;
    private ExecutorService lookers;
    private ScheduledExecutorService scheduler;

    public EspConsumer(EspEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        var executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        inFlight = new Semaphore(Math.max(1, config.getConcurrency()), true);
        // Threads only while a port is being looked at or its device served: none for an idle or vanished port.
        lookers = executors.newCachedThreadPool(this, "esp-devices");
        scheduler = executors.newSingleThreadScheduledExecutor(this, "esp-port-schedule");
        for (String port : configuredPorts()) {
            watch(port, config.getBefore(), false);
        }
        if (config.isWatchSerial()) {
            scheduler.scheduleWithFixedDelay(this::lookForAdapters, 0, Math.max(200, pollMillis()), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() throws Exception {
        var executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        if (scheduler != null) {
            executors.shutdownNow(scheduler);
        }
        if (lookers != null) {
            executors.shutdownNow(lookers);
        }
        attached.values().forEach(DeviceRun::close);
        attached.clear();
        watched.clear();
        super.doStop();
    }

    List<String> configuredPorts() {
        return Arrays.stream(config.getPorts().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * New USB serial adapters (the usual Sonoff flashing jig has an auto-reset circuit, so reset
     * them); adapters that vanished free what they held: their attached device and their port.
     */
    private void lookForAdapters() {
        try {
            var ports = SerialPorts.list();
            Set<String> present = ports.stream().map(p -> p.path()).collect(Collectors.toSet());
            for (var port : ports) {
                if (!watched.containsKey(port.path())) {
                    LOG.info("New serial port {} ({}{})", port.path(), port.description(), port.isUsb() ? ", USB " + port.usbId() : "");
                    watch(port.path(), ResetStrategy.DEFAULT_RESET, true);
                }
            }
            watched.forEach((port, w) -> {
                if (w.adapter && !present.contains(port)) {
                failures.remove(port);
                    LOG.info("Serial port {} is gone", port);
                    w.gone = true;
                    forget(port, w);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Could not list serial ports: {}", e.getMessage());
        }
    }

    private void watch(String port, ResetStrategy reset, boolean adapter) {
        Watch w = new Watch(reset, adapter);
        if (watched.putIfAbsent(port, w) == null) {
            scheduleLook(port, w, 0);
        }
    }

    /** A vanished adapter: nothing of it stays (attached device, port state, remembered MAC). */
    private void forget(String port, Watch w) {
        if (watched.remove(port, w)) {
            lastMac.remove(port);
            detach(port);
        }
    }

    private void scheduleLook(String port, Watch w, long delayMillis) {
        if (!isRunAllowed()) {
            return;
        }
        try {
            scheduler.schedule(() -> lookers.execute(() -> look(port, w)), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /**
     * One look at a port; then, unless the port is done, the next look is scheduled. A look meant
     * for an adapter that vanished (and maybe came back since, with a new watch) does nothing.
     */
    private void look(String port, Watch w) {
        if (watched.get(port) != w || w.done) {
            return;
        }
        long next = pollMillis();
        try {
            next = lookOnce(port, w);
        } catch (RuntimeException e) {
            LOG.warn("[{}] {}", port, e.getMessage());
        } finally {
            if (w.gone) {
                forget(port, w);
                DeviceRun mine = w.lastRun; // handed over while the adapter was vanishing
                if (mine != null && attached.remove(port, mine)) {
                    mine.close();
                }
            } else if (next >= 0 && !Thread.currentThread().isInterrupted()) {
                scheduleLook(port, w, next);
            } else {
                w.done = true;
            }
        }
    }

    /** @return milliseconds until the next look, or -1 when this port is done */
    private long lookOnce(String port, Watch w) {
        if (!isRunAllowed() || batchDone()) {
            return -1;
        }
        detach(port);
        FlashSession session;
        try {
            session = FlashSession.open(endpoint.connectOptions(port, w.reset, LOOK_MILLIS), line -> LOG.debug("[{}] {}", port, line));
        } catch (StubNotStartedException e) {
            return attemptFailed(port, w, e.chip(), e);
        } catch (DeviceUnreachableException e) {
            String cause = e.diagnosis().cause();
            endpoint.getComponent().getDeviceEvents().noDevice(port, cause, e.diagnosis().detail(), e.diagnosis().hint());
            if (Diagnosis.NO_DATA.equals(cause) || Diagnosis.ECHO.equals(cause)) {
                LOG.debug("[{}] no device yet: {}", port, e.getMessage());
                forgetDevice(port); // the port is empty: whatever comes next is a new device
                return pollMillis();
            }
            return attemptFailed(port, w, null, e); // something is there but does not connect: the doctor says why
        } catch (FlashlineException e) {
            if (e.kind() == FlashlineException.Kind.UNREACHABLE) { // the port itself is not there (yet)
                LOG.debug("[{}] no device yet: {}", port, e.getMessage());
                forgetDevice(port);
                return pollMillis();
            }
            return attemptFailed(port, w, null, e); // synced, then stopped answering or dropped off
        } catch (RuntimeException e) {
            return attemptFailed(port, w, null, e);
        }
        String mac = session.chip().mac();
        failures.remove(port);
        if (mac.equals(lastMac.put(port, mac))) {
            // The device just handled is still attached (an auto-reset adapter brings it back into
            // download mode): wait until the operator swaps it.
            session.release();
            return pollMillis();
        }
        if (!claim()) {
            session.release();
            return -1;
        }
        serve(port, w, session, null, null);
        return config.isOncePerPort() ? -1 : 0;
    }

    /**
     * One failed attempt to connect the device on {@code port}, reported with its cause. After
     * {@code attempts} of them for the same device it goes down the route as failed (its first
     * esp: step fails at "connect") and the port waits for the next device.
     */
    private long attemptFailed(String port, Watch w, ChipInfo chip, RuntimeException failure) {
        String mac = chip == null ? null : chip.mac();
        if (mac != null && mac.equals(lastMac.get(port))) {
            LOG.debug("[{}] {} (already recorded): {}", port, mac, failure.getMessage());
            return pollMillis(); // recorded already: wait for the operator to swap it
        }
        Failures f = failures.compute(port, (p, old) -> old == null || (mac != null && old.mac != null && !mac.equals(old.mac))
                ? new Failures(mac, 1) : new Failures(mac != null ? mac : old.mac, old.count + 1));
        int max = Math.max(1, config.getAttempts());
        String hint = failure instanceof FlashlineException fe ? fe.hint(endpoint.getComponent().getSettingNames()) : "";
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (failure instanceof DeviceUnreachableException u) {
            message = message + " (doctor: " + u.diagnosis().cause() + ")";
        }
        endpoint.getComponent().getDeviceEvents().attemptFailed(port, f.mac, f.count, max, message, hint);
        if (f.count < max) {
            return pollMillis();
        }
        failures.remove(port);
        if (f.mac != null) {
            lastMac.put(port, f.mac);
        }
        if (!claim()) {
            return -1;
        }
        serve(port, w, null, chip, failure);
        return config.isOncePerPort() ? -1 : pollMillis();
    }

    /** An empty port: the next device found there is a new one. */
    private void forgetDevice(String port) {
        lastMac.remove(port);
        failures.remove(port);
    }

    /**
     * Waits for a free slot (concurrency), then runs the device's exchange on this thread: a
     * connected device ({@code session}), or one that could not be connected ({@code failure}).
     */
    private void serve(String port, Watch w, FlashSession session, ChipInfo chip, RuntimeException failure) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            if (session != null) {
                session.release();
            }
            Thread.currentThread().interrupt();
            return;
        }
        try {
            emit(port, w, session, chip, failure);
        } finally {
            inFlight.release();
        }
    }

    private void emit(String port, Watch w, FlashSession session, ChipInfo chip, RuntimeException failure) {
        Exchange exchange = createExchange(false);
        DeviceEvents events = endpoint.getComponent().getDeviceEvents();
        DeviceRun run = new DeviceRun(port, events);
        if (session != null) {
            run.session(session);
        } else {
            run.chip(chip);
            run.connectFailure(failure);
        }
        w.lastRun = run;
        if (run.chip() != null) {
            events.deviceFound(run);
        }
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

    /** Counts a device against maxDevices; false when the batch is full. */
    private boolean claim() {
        int max = config.getMaxDevices();
        if (max <= 0) {
            claimed.incrementAndGet();
            return true;
        }
        while (true) {
            int n = claimed.get();
            if (n >= max) {
                return false;
            }
            if (claimed.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    private boolean batchDone() {
        return config.getMaxDevices() > 0 && claimed.get() >= config.getMaxDevices();
    }

    private void detach(String port) {
        DeviceRun previous = attached.remove(port);
        if (previous != null) {
            previous.close();
        }
    }

    private long pollMillis() {
        return Math.max(50, config.getPollDelay().toMillis());
    }
}
