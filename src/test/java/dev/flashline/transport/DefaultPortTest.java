package dev.flashline.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.FlashlineException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultPortTest {
    private static final SerialPorts.PortInfo UART = new SerialPorts.PortInfo("/dev/ttyS0", "ttyS0", null, null, null);
    private static final SerialPorts.PortInfo CH340 = new SerialPorts.PortInfo("/dev/ttyUSB0", "USB Serial", 0x1a86, 0x7523, null);
    private static final SerialPorts.PortInfo CP2102 = new SerialPorts.PortInfo("/dev/ttyUSB1", "CP2102", 0x10c4, 0xea60, "0001");

    @Test
    void theOnlyUsbAdapterIsPickedBuiltInUartsDoNotCount() {
        assertEquals("/dev/ttyUSB0", DefaultPort.choose(List.of(UART, CH340)));
        assertEquals(CH340, DefaultPort.pick(List.of(CH340, UART)).orElseThrow());
    }

    @Test
    void noneOrSeveralAdaptersAreClearErrorsPointingAtThePortsCommand() {
        FlashlineException none = assertThrows(FlashlineException.class, () -> DefaultPort.choose(List.of(UART)));
        assertEquals(FlashlineException.Kind.BAD_INPUT, none.kind());
        assertTrue(none.hint().contains("flashline ports"), none.hint());
        FlashlineException two = assertThrows(FlashlineException.class, () -> DefaultPort.choose(List.of(CH340, CP2102)));
        assertEquals(FlashlineException.Kind.BAD_INPUT, two.kind());
        assertTrue(two.getMessage().contains("/dev/ttyUSB0, /dev/ttyUSB1") && two.hint().contains("flashline ports"), two.getMessage());
    }

    @Test
    void adapterFamiliesFromUsbIds() {
        assertEquals("CH340", UsbSerialFamily.of(CH340.usbId()));
        assertEquals("CP210x", UsbSerialFamily.of(CP2102.usbId()));
        assertEquals("FTDI FT232R", UsbSerialFamily.of("0403:6001"));
        assertEquals("FTDI FT232H", UsbSerialFamily.of("0403:6014"));
        assertEquals("PL2303", UsbSerialFamily.of("067b:2303"));
        assertEquals("CH9102", UsbSerialFamily.of("1a86:55d4"));
        assertEquals("ESP32-S3/C3 native USB (Serial/JTAG)", UsbSerialFamily.of("303a:1001"));
        assertEquals("Espressif native USB", UsbSerialFamily.of("303a:4001"));
        assertEquals("unknown", UsbSerialFamily.of("2341:0043"));
        assertEquals("", UsbSerialFamily.of(""));
    }
}
