package dev.flashline.sim.tasmota;

import java.util.Map;
import java.util.TreeMap;

/** The module numbers the simulation knows, with Tasmota's names for them (ESP8266 numbering). */
final class Modules {
    static final int USER_MODULE = 0;
    static final String SONOFF_BASIC_TEMPLATE =
            "{\"NAME\":\"Sonoff Basic\",\"GPIO\":[32,1,1,1,1,0,0,0,224,320,1,0,1,0],\"FLAG\":0,\"BASE\":1}";

    /** The Sonoff Pow R2: its CSE7766 power meter talks to the ESP on the serial port (4800 baud). */
    static final int SONOFF_POW_R2 = 43;

    private static final Map<Integer, String> NAMES = new TreeMap<>(Map.ofEntries(
            Map.entry(1, "Sonoff Basic"),
            Map.entry(2, "Sonoff RF"),
            Map.entry(4, "Sonoff TH"),
            Map.entry(5, "Sonoff Dual"),
            Map.entry(6, "Sonoff Pow"),
            Map.entry(7, "Sonoff 4CH"),
            Map.entry(8, "Sonoff S2X"),
            Map.entry(9, "Slampher"),
            Map.entry(18, "Generic"),
            Map.entry(23, "Sonoff 4CH Pro"),
            Map.entry(25, "Sonoff Bridge"),
            Map.entry(28, "Sonoff T1 1CH"),
            Map.entry(29, "Sonoff T1 2CH"),
            Map.entry(30, "Sonoff T1 3CH"),
            Map.entry(39, "Sonoff Dual R2"),
            Map.entry(SONOFF_POW_R2, "Sonoff Pow R2")));

    private Modules() {
    }

    static boolean known(int module) {
        return module == USER_MODULE || NAMES.containsKey(module);
    }

    /** Modules with a power meter: Tasmota's energy driver runs and takes PowerSet / VoltageSet / CurrentSet. */
    static boolean meters(int module) {
        return module == 6 || module == SONOFF_POW_R2;
    }

    /**
     * The CSE7766 driver claims the serial port at boot: Tasmota switches it to 4800 baud and sets its
     * serial log level to 0, so the console neither prints nor takes commands from then on.
     */
    static boolean takesSerial(int module) {
        return module == SONOFF_POW_R2;
    }

    /** Module 0 takes its name from the user template. */
    static String name(int module, String templateName) {
        return module == USER_MODULE ? templateName : NAMES.getOrDefault(module, "Unknown");
    }
}
