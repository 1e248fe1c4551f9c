package dev.flashline.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingDeviceEventsTest {
    /** Every event of the interface reaches the next listener, including ones added later. */
    @Test
    void forwardsEveryEvent() throws Exception {
        List<String> reached = new ArrayList<>();
        DeviceEvents next = (DeviceEvents) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DeviceEvents.class},
                (proxy, method, args) -> {
                    reached.add(method.getName());
                    return null;
                });
        DeviceEvents forwarding = new ForwardingDeviceEvents(next) { };
        List<String> expected = new ArrayList<>();
        for (Method m : DeviceEvents.class.getMethods()) {
            if (m.isDefault()) {
                Object[] args = Arrays.stream(m.getParameterTypes()).map(t -> t == long.class ? (Object) 0L
                        : t == int.class ? (Object) 0 : null).toArray();
                m.invoke(forwarding, args);
                expected.add(m.getName());
            }
        }
        assertEquals(expected, reached);
    }
}
