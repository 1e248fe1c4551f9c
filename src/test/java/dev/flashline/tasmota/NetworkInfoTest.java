package dev.flashline.tasmota;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class NetworkInfoTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void statusFiveElevenAndZero() throws Exception {
        assertEquals(new NetworkInfo("192.168.1.160", "tasmota-1A2B3C-2876", null), NetworkInfo.fromStatus(JSON.readTree(
                "{\"StatusNET\":{\"Hostname\":\"tasmota-1A2B3C-2876\",\"IPAddress\":\"192.168.1.160\",\"Gateway\":\"192.168.1.1\",\"Mac\":\"A4:CF:12:1A:2B:3C\"}}")));
        assertEquals(new NetworkInfo(null, null, 74), NetworkInfo.fromStatus(JSON.readTree(
                "{\"StatusSTS\":{\"Uptime\":\"0T00:00:12\",\"Wifi\":{\"AP\":1,\"SSId\":\"lab\",\"RSSI\":74,\"Signal\":-63}}}")));
        assertEquals(new NetworkInfo("10.0.0.7", "h", 40), NetworkInfo.fromStatus(JSON.readTree(
                "{\"StatusNET\":{\"Hostname\":\"h\",\"IPAddress\":\"10.0.0.7\"},\"StatusSTS\":{\"Wifi\":{\"RSSI\":40}}}")));
        // tele STATE carries the same Wifi object at the top level.
        assertEquals(new NetworkInfo(null, null, 100), NetworkInfo.fromStatus(JSON.readTree("{\"Time\":\"x\",\"Wifi\":{\"RSSI\":100}}")));
        // Off the network: no address.
        assertEquals(new NetworkInfo(null, "h", null), NetworkInfo.fromStatus(JSON.readTree(
                "{\"StatusNET\":{\"Hostname\":\"h\",\"IPAddress\":\"0.0.0.0\"}}")));
    }
}
