package dev.flashline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.transport.SerialPorts;
import org.junit.jupiter.api.Test;

class PortsCommandTest {
    @Test
    void listsWhatTheSystemSeesInTheContractsShape() {
        CliRun run = CliRun.of("ports", "--json");
        assertEquals(0, run.exit(), run.err());
        JsonNode ports = run.json().get("ports");
        assertTrue(ports.isArray());
        assertEquals(SerialPorts.list().size(), ports.size());
        for (JsonNode p : ports) {
            assertTrue(p.has("path") && p.has("vid") && p.has("pid") && p.has("family") && p.has("description"), p.toString());
        }
    }

    @Test
    void withoutPortAndWithoutAdaptersADeviceCommandSaysSoAndPointsAtPorts() {
        // This machine has no USB-serial adapter (a CI container); with one, --port would be optional.
        org.junit.jupiter.api.Assumptions.assumeTrue(SerialPorts.list().stream().noneMatch(SerialPorts.PortInfo::isUsb));
        CliRun run = CliRun.of("chip-info");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("No --port given") && run.err().contains("flashline ports"), run.err());
    }
}
