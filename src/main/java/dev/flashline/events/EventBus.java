package dev.flashline.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The line's one channel for {@link LineEvent}s. Events from all ports reach every subscriber in one
 * order (delivery is serialised); a subscriber must be quick and must not publish. A subscriber that
 * throws is logged and skipped: a broken view never fails a device.
 */
public final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final List<Consumer<LineEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final Object order = new Object();

    /** Adds a subscriber; closing the handle removes it. */
    public AutoCloseable subscribe(Consumer<LineEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public void publish(LineEvent event) {
        synchronized (order) {
            for (Consumer<LineEvent> s : subscribers) {
                try {
                    s.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("A viewer of the line failed on {}: {}", event.type(), e.toString());
                }
            }
        }
    }

    public int subscriberCount() {
        return subscribers.size();
    }
}
