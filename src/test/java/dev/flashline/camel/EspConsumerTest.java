package dev.flashline.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/** esp:devices against virtual devices on TCP ports: every port served, concurrency bounds devices in flight. */
class EspConsumerTest extends CamelTestSupport {
    /** What the route saw: one entry per exchange (MAC of the device), and the most devices in flight at once. */
    private final List<String> served = new CopyOnWriteArrayList<>();
    private final Map<String, String> portOfMac = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    private void route(String uri, long holdMillis) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("devices").process(e -> hold(e, holdMillis));
            }
        });
    }

    private void hold(Exchange exchange, long millis) throws InterruptedException {
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        try {
            DeviceRun run = exchange.getProperty(EspConstants.DEVICE_RUN, DeviceRun.class);
            served.add(run.chip().mac());
            portOfMac.put(run.chip().mac(), exchange.getMessage().getHeader(EspConstants.PORT, String.class));
            Thread.sleep(millis);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void awaitServed(int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (served.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    void fivePortsWithConcurrencyTwoAreAllServed() throws Exception {
        try (VirtualPorts ports = VirtualPorts.of(5)) {
            route("esp:devices?ports=" + String.join(",", ports.urls()) + "&concurrency=2&oncePerPort=true&pollDelay=100ms", 700);
            awaitServed(5, 30_000);
            assertEquals(5, served.size(), "every one of the 5 ports got its device served: " + served);
            assertEquals(5, Set.copyOf(served).size(), "five different devices");
            for (int i = 0; i < 5; i++) {
                assertEquals(ports.urls().get(i), portOfMac.get(ports.devices.get(i).macText()), "device " + i + " on its own port");
            }
            assertEquals(2, mostInFlight.get(), "never more than concurrency devices in flight, and that many at once");
        }
    }

    @Test
    void concurrencyOneStillServesEveryPortInTurn() throws Exception {
        try (VirtualPorts ports = VirtualPorts.of(3)) {
            route("esp:devices?ports=" + String.join(",", ports.urls()) + "&concurrency=1&oncePerPort=true&pollDelay=100ms", 200);
            awaitServed(3, 30_000);
            assertEquals(3, Set.copyOf(served).size(), "all three ports served: " + served);
            assertEquals(1, mostInFlight.get());
        }
    }

    @Test
    void aDeviceStillAttachedIsNotOfferedAgainUntilThePortWasSeenEmpty() throws Exception {
        try (VirtualPorts ports = VirtualPorts.of(2)) {
            // Each look re-connects (a power-on of the virtual device): the same MAC answers every time.
            route("esp:devices?ports=" + String.join(",", ports.urls()) + "&concurrency=1&pollDelay=100ms", 0);
            awaitServed(2, 20_000);
            Thread.sleep(3_000); // many more looks at both ports
            assertEquals(2, served.size(), "each device once while it stays on its port: " + served);

            ports.stop(); // both devices unplugged: the ports are seen empty (a look lasts up to 2 s)
            Thread.sleep(5_000);
            ports.start(); // the same devices come back
            awaitServed(4, 20_000);
            Thread.sleep(1_000);
            assertEquals(4, served.size(), "after the port was empty, the same MAC is a new device: " + served);
        }
    }

    @Test
    void oncePerPortServesOneDeviceAndThenLeavesThePort() throws Exception {
        try (VirtualPorts ports = VirtualPorts.of(1)) {
            route("esp:devices?ports=" + ports.urls().get(0) + "&oncePerPort=true&pollDelay=100ms", 0);
            awaitServed(1, 20_000);
            ports.stop();
            Thread.sleep(1_500);
            ports.start();
            Thread.sleep(3_000);
            assertEquals(1, served.size(), "the port is done after one device: " + served);
        }
    }

    @Test
    void maxDevicesStopsTheBatch() throws Exception {
        try (VirtualPorts ports = VirtualPorts.of(4)) {
            route("esp:devices?ports=" + String.join(",", ports.urls()) + "&concurrency=4&maxDevices=2&pollDelay=100ms", 300);
            awaitServed(2, 20_000);
            Thread.sleep(3_000);
            assertEquals(2, served.size(), "two devices, then no more: " + served);
        }
    }
}
