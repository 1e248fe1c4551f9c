package dev.flashline.sim.tasmota;

import java.util.Map;
import java.util.TreeMap;

/** The module numbers the simulation knows, with Tasmota's names for them (ESP8266 numbering). */
final class Modules {
    static final int USER_MODULE = 0;
    static final String SONOFF_BASIC_TEMPLATE =
            "{\"NAME\":\"Sonoff Basic\",\"GPIO\":[32,1,1,1,1,0,0,0,224,320,1,0,1,0],\"FLAG\":0,\"BASE\":1}";

    private static final Map<Integer, String> NAMES = new TreeMap<>(Map.of(
            1, "Sonoff Basic",
            2, "Sonoff RF",
            4, "Sonoff TH",
            5, "Sonoff Dual",
            6, "Sonoff Pow",
            7, "Sonoff 4CH",
            8, "Sonoff S2X",
            9, "Slampher",
            18, "Generic"));

    private Modules() {
    }

    static boolean known(int module) {
        return module == USER_MODULE || NAMES.containsKey(module);
    }

    /** Module 0 takes its name from the user template. */
    static String name(int module, String templateName) {
        return module == USER_MODULE ? templateName : NAMES.getOrDefault(module, "Unknown");
    }
}
