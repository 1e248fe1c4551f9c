package dev.flashline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EventBusTest {
    @Test
    void everySubscriberSeesEveryEventInOneOrderAcrossThreads() throws Exception {
        EventBus bus = new EventBus();
        List<LineEvent> a = new ArrayList<>();
        List<LineEvent> b = new ArrayList<>();
        bus.subscribe(a::add); // plain lists: delivery is serialised by the bus
        bus.subscribe(b::add);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String port = "p" + t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    bus.publish(new LineEvent.Progress(port, "flash", "write", i, 500, -1, -1));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(2000, a.size());
        assertEquals(a, b, "same events, same order for every subscriber");
        for (int t = 0; t < 4; t++) {
            String port = "p" + t;
            List<Long> done = a.stream().filter(e -> e.port().equals(port)).map(e -> ((LineEvent.Progress) e).done()).toList();
            for (int i = 0; i < done.size(); i++) {
                assertEquals(i, done.get(i), "one port's events keep their order");
            }
        }
    }

    @Test
    void aFailingSubscriberDoesNotStopTheOthersAndUnsubscribeWorks() throws Exception {
        EventBus bus = new EventBus();
        List<LineEvent> seen = new CopyOnWriteArrayList<>();
        bus.subscribe(e -> {
            throw new IllegalStateException("broken view");
        });
        AutoCloseable handle = bus.subscribe(seen::add);
        bus.publish(new LineEvent.StepStarted("p", "aa:bb:cc:dd:ee:ff", "flash"));
        assertEquals(1, seen.size());
        handle.close();
        bus.publish(new LineEvent.StepDone("p", "flash", 10));
        assertEquals(1, seen.size());
        assertEquals(1, bus.subscriberCount());
    }

    @Test
    void typeNamesAreKebabCase() {
        assertEquals("step-started", new LineEvent.StepStarted("p", null, "x").type());
        assertEquals("device-done", new LineEvent.DeviceDone("p", null).type());
        assertTrue(new LineEvent.Progress("p", "s", "write", 5, 10, 1, 5).fraction() == 0.5);
    }
}
